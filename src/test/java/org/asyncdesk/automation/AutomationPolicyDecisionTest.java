package org.asyncdesk.automation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** bpmn/automation-policy.dmn as shipped, row by row (the file process owners edit). */
class AutomationPolicyDecisionTest {

    static DmnEngine dmn;

    static DmnDecision policy;

    @BeforeAll
    static void parse() throws Exception {
        dmn = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
        try (InputStream in = Files.newInputStream(Path.of("bpmn/automation-policy.dmn"))) {
            policy = dmn.parseDecision("automation-policy", in);
        }
    }

    @ParameterizedTest(name = "{0}: {1} {2}/{3}/{4}/{5}/{6} {7} reopened={8} -> {9}")
    @CsvSource({
            // row, candidate, intent, sentiment, emotion, tier, channel, score, reopened,
            // answer
            "Rule_NoCandidate, false, order-status, neutral,  none,        standard, webchat,  0.9, false, false",
            "Rule_Complaint,   true,  complaint,    neutral,  none,        standard, webchat,  0.9, false, false",
            "Rule_Negative,    true,  order-status, negative, none,        standard, email,    0.9, false, false",
            "Rule_Upset,       true,  order-status, neutral,  anger,       standard, whatsapp, 0.9, false, false",
            "Rule_Upset,       true,  return,       neutral,  frustration, standard, sms,      0.9, false, false",
            "Rule_Vip,         true,  general,      positive, joy,         vip,      webchat,  0.95, false, false",
            "Rule_Reopened,    true,  general,      neutral,  none,        standard, webchat,  0.9, true,  false",
            "Rule_Confident,   true,  order-status, neutral,  none,        standard, webchat,  0.6, false, true",
            "Rule_Confident,   true,  general,      positive, worry,       standard, email,    0.8, false, true",
            "Rule_Default,     true,  general,      neutral,  none,        standard, webchat,  0.59, false, false", })
    void eachRowOfTheAutomationPolicy(String row, boolean candidate, String intent, String sentiment, String emotion,
            String tier, String channel, double score, boolean reopened, boolean answer) {
        var result = dmn.evaluateDecisionTable(policy,
                Variables.createVariables()
                    .putValue("faqCandidate", candidate)
                    .putValue("intent", intent)
                    .putValue("sentiment", sentiment)
                    .putValue("emotion", emotion)
                    .putValue("customerTier", tier)
                    .putValue("channel", channel)
                    .putValue("faqScore", score)
                    .putValue("reopened", reopened));
        Boolean entry = result.getSingleEntry();
        assertThat(entry).as(row).isEqualTo(answer);
    }

}
