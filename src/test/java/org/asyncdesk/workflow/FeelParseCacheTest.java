package org.asyncdesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;

/**
 * The cached FEEL engine decides exactly as Camunda's stock FEEL engine, on the shipped
 * tables and on errors.
 */
class FeelParseCacheTest {

    static final List<String> CHANNELS = Arrays.asList("whatsapp", "webchat", "email", "fax", null);
    static final List<String> PRIORITIES = Arrays.asList("urgent", "high", "normal", "low", null);
    static final List<String> TIERS = Arrays.asList("vip", "standard", "gold", null);
    static final List<String> INTENTS = Arrays.asList("complaint", "return", "order-status", "general", null);
    static final List<String> LANGUAGES = Arrays.asList("de", "en", null);

    static DmnEngine stock() {
        return DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
    }

    static DmnEngine cached() {
        DefaultDmnEngineConfiguration c = (DefaultDmnEngineConfiguration) DmnEngineConfiguration
            .createDefaultDmnEngineConfiguration();
        c.setFeelEngineFactory(new FeelParseCache.Factory(List.of()));
        return c.buildEngine();
    }

    static DmnDecision parse(DmnEngine engine, String file, String key) throws Exception {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            return engine.parseDecision(key, in);
        }
    }

    @Test
    void theShippedTablesDecideAsWithTheStockEngine() throws Exception {
        DmnEngine stock = stock();
        DmnEngine cached = cached();
        DmnDecision stockPolicy = parse(stock, "bpmn/sla-policy.dmn", "sla-policy");
        DmnDecision cachedPolicy = parse(cached, "bpmn/sla-policy.dmn", "sla-policy");
        DmnDecision stockRouting = parse(stock, "bpmn/routing.dmn", "routing");
        DmnDecision cachedRouting = parse(cached, "bpmn/routing.dmn", "routing");
        List<String> seen = new ArrayList<>();
        Map<String, Object> expected = new HashMap<>();
        // twice: the second round runs on parsed expressions kept from the first
        for (int round = 0; round < 2; round++) {
            for (String channel : CHANNELS) {
                for (String priority : PRIORITIES) {
                    for (String tier : TIERS) {
                        for (String intent : INTENTS) {
                            VariableMap v = Variables.createVariables()
                                .putValue("channel", channel)
                                .putValue("priority", priority)
                                .putValue("customerTier", tier)
                                .putValue("intent", intent);
                            String key = channel + "/" + priority + "/" + tier + "/" + intent;
                            Object policy = expected.computeIfAbsent(key,
                                    k -> stock.evaluateDecisionTable(stockPolicy, v).getResultList());
                            assertThat(cached.evaluateDecisionTable(cachedPolicy, v).getResultList()).isEqualTo(policy);
                            seen.add(String.valueOf(policy));
                            for (String language : LANGUAGES) {
                                v.putValue("language", language);
                                Object group = expected.computeIfAbsent(key + "/" + language,
                                        k -> stock.evaluateDecisionTable(stockRouting, v).getResultList());
                                assertThat(cached.evaluateDecisionTable(cachedRouting, v).getResultList())
                                    .isEqualTo(group);
                            }
                        }
                    }
                }
            }
        }
        // not text: a number, a date, a missing variable go through feel-scala, with its
        // results and errors
        for (Object odd : Arrays.asList(42, new Date(0), true, "missing")) {
            VariableMap v = Variables.createVariables()
                .putValue("priority", "normal")
                .putValue("customerTier", "vip")
                .putValue("language", odd)
                .putValue("intent", "general");
            if (!"missing".equals(odd)) {
                v.putValue("channel", odd);
            }
            sameOutcome(() -> stock.evaluateDecisionTable(stockPolicy, v).getResultList(),
                    () -> cached.evaluateDecisionTable(cachedPolicy, v).getResultList());
            sameOutcome(() -> stock.evaluateDecisionTable(stockRouting, v).getResultList(),
                    () -> cached.evaluateDecisionTable(cachedRouting, v).getResultList());
        }
        // sentiment: given, null, or missing (instances started before it existed)
        for (Object sentiment : Arrays.asList("negative", "neutral", null, "missing", 42)) {
            VariableMap v = Variables.createVariables()
                .putValue("channel", "email")
                .putValue("priority", "normal")
                .putValue("customerTier", "standard")
                .putValue("language", "en")
                .putValue("intent", "general");
            if (!"missing".equals(sentiment)) {
                v.putValue("sentiment", sentiment);
            }
            sameOutcome(() -> stock.evaluateDecisionTable(stockPolicy, v).getResultList(),
                    () -> cached.evaluateDecisionTable(cachedPolicy, v).getResultList());
            sameOutcome(() -> stock.evaluateDecisionTable(stockRouting, v).getResultList(),
                    () -> cached.evaluateDecisionTable(cachedRouting, v).getResultList());
            if (!Integer.valueOf(42).equals(sentiment)) {
                assertThat((String) cached.evaluateDecisionTable(cachedPolicy, v)
                    .getSingleResult()
                    .getEntry("firstResponse")).as("%s", sentiment)
                    .isEqualTo("negative".equals(sentiment) ? "PT2H" : "PT8H");
            }
        }
        // the grid reached every row of the policy, so the comparison covers them all
        assertThat(seen.stream().distinct().count()).isGreaterThanOrEqualTo(6);
    }

    static void sameOutcome(Supplier<Object> stock, Supplier<Object> cached) {
        Object expected;
        try {
            expected = stock.get();
        }
        catch (RuntimeException e) {
            assertThatThrownBy(cached::get).isInstanceOf(e.getClass()).hasMessage(e.getMessage());
            return;
        }
        assertThat(cached.get()).isEqualTo(expected);
    }

    @Test
    void theSimpleCellsAreRecognisedAndNothingElse() {
        assertThat(FeelParseCache.Simple.of("\"tier2\"").literal()).isEqualTo("tier2");
        assertThat(FeelParseCache.Simple.of("\"whatsapp\",\"sms\", \"webchat\"").anyOf())
            .containsExactlyInAnyOrder("whatsapp", "sms", "webchat");
        assertThat(FeelParseCache.Simple.of("customerTier").name()).isEqualTo("customerTier");
        for (String other : List.of("\"a\\\"b\"", "not(\"vip\")", "\"a\" or \"b\"", "< 10", "true", "null",
                "customer tier", "date", "upper case(x)", "x.y", "[1..10]", "-")) {
            FeelParseCache.Simple s = FeelParseCache.Simple.of(other);
            assertThat(s.literal() == null && s.anyOf() == null && s.name() == null).as(other).isTrue();
        }
    }

    @Test
    void aNumberWhereTextIsExpectedAndABrokenCellFailAsWithTheStockEngine() throws Exception {
        String table = """
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="x">
                  <decision id="t" name="t">
                    <decisionTable id="dt" hitPolicy="FIRST">
                      <input id="i"><inputExpression id="ie" typeRef="integer"><text>amount</text></inputExpression></input>
                      <output id="o" name="r" typeRef="string" />
                      <rule id="r1"><inputEntry id="e1"><text>&gt; 10</text></inputEntry><outputEntry id="o1"><text>"big"</text></outputEntry></rule>
                      <rule id="r2"><inputEntry id="e2"><text>%s</text></inputEntry><outputEntry id="o2"><text>"small"</text></outputEntry></rule>
                    </decisionTable>
                  </decision>
                </definitions>""";
        for (String cell : List.of("[1..10]", "[1..", "&lt;= amount * 2")) {
            byte[] xml = table.formatted(cell).getBytes(StandardCharsets.UTF_8);
            DmnDecision s = stock().parseDecision("t", new ByteArrayInputStream(xml));
            DmnDecision c = cached().parseDecision("t", new ByteArrayInputStream(xml));
            DmnEngine stock = stock();
            DmnEngine cached = cached();
            for (Object amount : Arrays.asList(5, 50, null)) {
                VariableMap v = Variables.createVariables().putValue("amount", amount);
                Object expected;
                try {
                    expected = stock.evaluateDecisionTable(s, v).getResultList();
                }
                catch (RuntimeException e) {
                    assertThatThrownBy(() -> cached.evaluateDecisionTable(c, v)).isInstanceOf(e.getClass())
                        .hasMessage(e.getMessage());
                    continue;
                }
                assertThat(cached.evaluateDecisionTable(c, v).getResultList()).isEqualTo(expected);
            }
        }
    }

    @Test
    void thePluginPutsItIntoTheProcessEngine() throws Exception {
        StandaloneInMemProcessEngineConfiguration c = new StandaloneInMemProcessEngineConfiguration();
        c.setJdbcUrl("jdbc:h2:mem:feel-parse-cache;DB_CLOSE_DELAY=-1");
        c.setProcessEngineName("feel-parse-cache");
        c.setEnforceHistoryTimeToLive(false);
        c.setProcessEnginePlugins(List.of(new FeelParseCache()));
        ProcessEngine engine = c.buildProcessEngine();
        try {
            assertThat(c.getDmnEngineConfiguration().getFeelEngine()).isInstanceOf(FeelParseCache.Engine.class);
            engine.getRepositoryService()
                .createDeployment()
                .addInputStream("routing.dmn", Files.newInputStream(Path.of("bpmn/routing.dmn")))
                .deploy();
            Object group = engine.getDecisionService()
                .evaluateDecisionTableByKey("routing",
                        Variables.createVariables()
                            .putValue("language", "de")
                            .putValue("intent", "general")
                            .putValue("customerTier", "standard"))
                .getSingleEntry();
            assertThat(group).isEqualTo("agents-de");
        }
        finally {
            engine.close();
        }
    }

}
