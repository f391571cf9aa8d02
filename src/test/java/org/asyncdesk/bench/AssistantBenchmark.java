package org.asyncdesk.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.asyncdesk.DeploymentProperties;
import org.asyncdesk.automation.Assistant;
import org.asyncdesk.automation.Classifier;
import org.asyncdesk.knowledge.KnowledgeBase;
import org.asyncdesk.knowledge.KnowledgeProperties;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, part 2: the knowledge base's matching and bpmn/automation-policy.dmn
 * together, as the conversation process runs them (classify, propose, decide), on a
 * labelled set per language ({@code src/test/resources/bench/assistant-*.tsv}, written
 * for this benchmark: answerable questions with their article, and messages that must
 * reach a person: complaints, angry customers, payment and account problems, off-topic,
 * asking for a human). Prints precision among automatic answers, coverage of the
 * answerable questions and the share of must-reach-a-person messages answered
 * automatically. {@code bench/run AssistantBenchmark}.
 */
class AssistantBenchmark {

    @Test
    void precisionCoverageAndWrongAnswersPerLanguage() throws Exception {
        KnowledgeBase knowledge = new KnowledgeBase(new DeploymentProperties(".", false, Duration.ofSeconds(2)),
                KnowledgeProperties.defaults());
        DmnEngine dmn = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
        DmnDecision policy;
        try (InputStream in = Files.newInputStream(Path.of("bpmn/automation-policy.dmn"))) {
            policy = dmn.parseDecision("automation-policy", in);
        }
        System.out.println("language  answerable  person  answered  right  precision  coverage  person-answered");
        for (String language : List.of("en", "de", "bg")) {
            int answerable = 0, persons = 0, answered = 0, right = 0, personAnswered = 0;
            StringBuilder wrong = new StringBuilder();
            for (String[] row : rows(language)) {
                String text = row[1];
                var c = Classifier.classify(text, "standard", language);
                var match = knowledge.match(text, language);
                String article = match.autoAnswer() != null && !Assistant.asksForPerson(text) ? match.autoAnswer()
                        : null;
                Boolean auto = dmn
                    .evaluateDecisionTable(policy,
                            Variables.createVariables()
                                .putValue("faqCandidate", article != null)
                                .putValue("intent", c.intent())
                                .putValue("sentiment", c.feeling().sentiment())
                                .putValue("emotion", c.feeling().emotion())
                                .putValue("customerTier", "standard")
                                .putValue("channel", "webchat")
                                .putValue("faqScore", match.bestScore())
                                .putValue("reopened", false))
                    .getSingleEntry();
                boolean person = row[0].equals("person");
                if (person) {
                    persons++;
                }
                else {
                    answerable++;
                }
                if (Boolean.TRUE.equals(auto)) {
                    answered++;
                    if (row[0].equals(article)) {
                        right++;
                    }
                    else {
                        wrong.append("    answered ").append(article).append(": ").append(text).append('\n');
                    }
                    if (person) {
                        personAnswered++;
                    }
                }
                else if (!person) {
                    wrong.append("    not answered (").append(row[0]).append("): ").append(text).append('\n');
                }
            }
            System.out.printf("%-8s  %10d  %6d  %8d  %5d  %9.2f  %8.2f  %14.0f %%%n", language, answerable, persons,
                    answered, right, answered == 0 ? 1.0 : (double) right / answered, (double) right / answerable,
                    100.0 * personAnswered / persons);
            System.out.print(wrong);
        }
    }

    private static List<String[]> rows(String language) throws IOException {
        return Files
            .readAllLines(Path.of("src/test/resources/bench/assistant-" + language + ".tsv"), StandardCharsets.UTF_8)
            .stream()
            .filter(l -> !l.isBlank() && !l.startsWith("#"))
            .map(l -> l.split("\t", 2))
            .toList();
    }

}
