package org.asyncdesk.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * bpmn/sla-policy.dmn and bpmn/routing.dmn as shipped, row by row (the files process
 * owners edit).
 */
class SlaPolicyDecisionTest {

    static DmnEngine dmn;
    static DmnDecision policy;
    static DmnDecision routing;

    @BeforeAll
    static void parse() throws Exception {
        dmn = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
        try (InputStream in = Files.newInputStream(Path.of("bpmn/sla-policy.dmn"))) {
            policy = dmn.parseDecision("sla-policy", in);
        }
        try (InputStream in = Files.newInputStream(Path.of("bpmn/routing.dmn"))) {
            routing = dmn.parseDecision("routing", in);
        }
    }

    @ParameterizedTest(name = "{0}: {1}/{2}/{3}/{4} -> {5} {6} {7} {8}")
    @CsvSource({
            // row, channel, priority, tier, intent, first, next, resolution, calendar
            "Rule_Urgent,        email,     urgent,   standard,   general,        PT1H,   PT1H,  P1D,  24/7",
            "Rule_Urgent,        whatsapp,  urgent,   vip,        complaint,      PT1H,   PT1H,  P1D,  24/7",
            "Rule_VipMessaging,  whatsapp,  high,     vip,        order-status,   PT30M,  PT1H,  P2D,  support",
            "Rule_VipMessaging,  webchat,   high,     vip,        general,        PT30M,  PT1H,  P2D,  support",
            "Rule_Vip,           email,     high,     vip,        general,        PT2H,   PT2H,  P2D,  support",
            "Rule_Complaint,     email,     high,     standard,   complaint,      PT2H,   PT4H,  P3D,  support",
            "Rule_High,          sms,       high,     standard,   return,         PT2H,   PT4H,  P3D,  support",
            "Rule_Messaging,     whatsapp,  normal,   standard,   order-status,   PT4H,   PT4H,  P3D,  support",
            "Rule_Messaging,     messenger, normal,   standard,   general,        PT4H,   PT4H,  P3D,  support",
            "Rule_Email,         email,     normal,   standard,   return,         PT8H,   PT8H,  P5D,  support",
            "Rule_Default,       fax,       low,      gold,       general,        PT8H,   PT8H,  P5D,  support", })
    void eachRowOfTheSlaPolicy(String row, String channel, String priority, String tier, String intent, String first,
            String next, String resolution, String calendar) {
        var result = dmn.evaluateDecisionTable(policy,
                Variables.createVariables()
                    .putValue("channel", channel)
                    .putValue("priority", priority)
                    .putValue("customerTier", tier)
                    .putValue("intent", intent));
        assertThat(result.getSingleResult().getEntryMap()).isEqualTo(
                Map.of("firstResponse", first, "nextResponse", next, "resolution", resolution, "calendar", calendar));
    }

    @Test
    void vipOnWhatsappIsFasterThanStandardEmail() {
        var vip = dmn.evaluateDecisionTable(policy,
                Variables.createVariables()
                    .putValue("channel", "whatsapp")
                    .putValue("priority", "high")
                    .putValue("customerTier", "vip")
                    .putValue("intent", "general"));
        var standard = dmn.evaluateDecisionTable(policy,
                Variables.createVariables()
                    .putValue("channel", "email")
                    .putValue("priority", "normal")
                    .putValue("customerTier", "standard")
                    .putValue("intent", "general"));
        assertThat(Duration.parse(vip.getSingleResult().getEntry("firstResponse")))
            .isLessThan(Duration.parse(standard.getSingleResult().getEntry("firstResponse")));
    }

    /**
     * A negative customer gets the high-priority targets, unless a faster row (urgent,
     * VIP, complaint) comes first.
     */
    @ParameterizedTest(name = "{0}/{1}/{2}/{3} negative -> {4} {5} {6} {7}")
    @CsvSource({
            // channel, priority, tier, intent, first, next, resolution, calendar
            "email,     normal,  standard, general,   PT2H,  PT4H, P3D, support",
            "whatsapp,  normal,  standard, return,    PT2H,  PT4H, P3D, support",
            "email,     urgent,  standard, general,   PT1H,  PT1H, P1D, 24/7",
            "whatsapp,  high,    vip,      general,   PT30M, PT1H, P2D, support", })
    void aNegativeCustomerIsAnsweredLikeHighPriority(String channel, String priority, String tier, String intent,
            String first, String next, String resolution, String calendar) {
        var result = dmn.evaluateDecisionTable(policy,
                Variables.createVariables()
                    .putValue("channel", channel)
                    .putValue("priority", priority)
                    .putValue("customerTier", tier)
                    .putValue("intent", intent)
                    .putValue("sentiment", "negative"));
        assertThat(result.getSingleResult().getEntryMap()).isEqualTo(
                Map.of("firstResponse", first, "nextResponse", next, "resolution", resolution, "calendar", calendar));
    }

    /**
     * Instances started before sentiment existed have no such variable: both tables still
     * decide (the input is null, the negative row does not match), with the stock FEEL
     * engine here and the cached one in FeelParseCacheTest.
     */
    @Test
    void withoutASentimentVariableTheTablesStillDecide() {
        for (Object sentiment : java.util.Arrays.asList("missing", null, "neutral", "positive")) {
            var v = Variables.createVariables()
                .putValue("channel", "email")
                .putValue("priority", "normal")
                .putValue("customerTier", "standard")
                .putValue("intent", "general")
                .putValue("language", "de");
            if (!"missing".equals(sentiment)) {
                v.putValue("sentiment", sentiment);
            }
            assertThat(dmn.evaluateDecisionTable(policy, v).getSingleResult().getEntryMap()).as("%s", sentiment)
                .isEqualTo(Map.of("firstResponse", "PT8H", "nextResponse", "PT8H", "resolution", "P5D", "calendar",
                        "support"));
            assertThat((String) dmn.evaluateDecisionTable(routing, v).getSingleEntry()).isEqualTo("agents-de");
        }
        var negative = Variables.createVariables()
            .putValue("language", "en")
            .putValue("intent", "general")
            .putValue("customerTier", "standard")
            .putValue("sentiment", "negative");
        // the shipped routing does not use sentiment
        assertThat((String) dmn.evaluateDecisionTable(routing, negative).getSingleEntry()).isEqualTo("agents");
    }

    @ParameterizedTest(name = "{0}: {1}/{2}/{3} -> {4}")
    @CsvSource({ "Rule_Vip,       en, general,   vip,      tier2", "Rule_Vip,       de, return,    vip,      tier2",
            "Rule_Complaint, en, complaint, standard, tier2", "Rule_German,    de, return,    standard, agents-de",
            "Rule_Default,   en, general,   standard, agents", "Rule_Default,   bg, return,    standard, agents", })
    void eachRowOfTheRouting(String row, String language, String intent, String tier, String group) {
        var result = dmn.evaluateDecisionTable(routing,
                Variables.createVariables()
                    .putValue("language", language)
                    .putValue("intent", intent)
                    .putValue("customerTier", tier));
        assertThat((String) result.getSingleEntry()).isEqualTo(group);
    }

}
