package org.asyncdesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.asyncdesk.workflow.CompletionAllowlist.Kind;
import org.asyncdesk.workflow.CompletionAllowlist.Refusal;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * What a completion may set per outcome, and that the shipped lists match what the
 * shipped forms submit.
 */
class CompletionAllowlistTest {

    private final CompletionAllowlist shipped = new CompletionAllowlist(new TaskCompletionProperties(null));

    @Test
    void aCompletionWithAnotherConversationsIdIsRefusedNamingTheVariable() {
        Refusal r = shipped
            .completion("RespondToCustomer", "Respond to customer", Map.of("outcome", "handover", "handoverUser",
                    "anna", "handoverNote", "see you", "conversationId", "c-of-agents-de"))
            .orElseThrow();
        assertThat(r.kind()).isEqualTo(Kind.VARIABLES);
        assertThat(r.variables()).containsExactly("conversationId");
        assertThat(r.message()).contains("may never set conversationId").contains("outcome 'handover'");
    }

    @Test
    void everyVariableAsyncdeskOwnsIsRefusedForEveryOutcome() {
        for (String outcome : List.of("reply", "handover", "callback", "resolve")) {
            for (String own : List.of("conversationId", "customerId", "slaState", "slaFirstResponse", "slaWarningAt",
                    "respondDue", "resolutionDue", "priority", "escalated", "candidateGroup", "handoverAssignee",
                    "replyMessageId", "agent", "transcript", "customerTier")) {
                Map<String, Object> form = new HashMap<>(Map.of("outcome", outcome, own, "x"));
                assertThat(shipped.completion("RespondToCustomer", "Respond", form)).as("%s with %s", outcome, own)
                    .hasValueSatisfying(r -> assertThat(r.variables()).containsExactly(own));
            }
        }
    }

    @Test
    void aVariableOfAnotherOutcomeOrAnUnknownOneIsRefusedWithTheConfigurationKey() {
        Refusal r = shipped
            .completion("RespondToCustomer", "Respond",
                    Map.of("outcome", "resolve", "handoverGroup", "tier2", "foo", 1))
            .orElseThrow();
        assertThat(r.variables()).containsExactly("foo", "handoverGroup");
        assertThat(r.message()).contains("asyncdesk.tasks.RespondToCustomer.outcomes.resolve")
            .contains("may set only internalNote, outcome, sameCustomerAs");
    }

    @Test
    void aMissingOrUnknownOutcomeIsAskedForAgain() {
        assertThat(shipped.completion("RespondToCustomer", "Respond", Map.of())).hasValueSatisfying(r -> {
            assertThat(r.kind()).isEqualTo(Kind.OUTCOME);
            assertThat(r.message()).isEqualTo("Choose an outcome: one of callback, handover, reply, resolve");
        });
        Map<String, Object> empty = new HashMap<>();
        empty.put("outcome", null);
        empty.put("internalNote", "x");
        assertThat(shipped.completion("RespondToCustomer", "Respond", empty)).map(Refusal::kind).hasValue(Kind.OUTCOME);
        assertThat(shipped.completion("RespondToCustomer", "Respond", Map.of("outcome", "refund")))
            .hasValueSatisfying(r -> assertThat(r.message()).contains("'refund' is not one this process handles")
                .contains("one of callback, handover, reply, resolve"));
        assertThat(shipped.completion("CallBack", "Call back", Map.of("callNotes", "x")))
            .hasValueSatisfying(r -> assertThat(r.message()).contains("one of follow-up, resolved (callOutcome)"));
    }

    @Test
    void typedValuesAsTheRestApiPassesThemAreUnderstood() {
        assertThat(shipped.completion("RespondToCustomer", "Respond",
                Variables.createVariables()
                    .putValueTyped("outcome", Variables.stringValue("reply"))
                    .putValueTyped("replyText", Variables.stringValue("Hello"))))
            .isEmpty();
    }

    @Test
    void aTaskNobodyConfiguredCompletesWithoutVariablesOnly() {
        assertThat(shipped.completion("ApproveRefund", "Approve the refund", Map.of())).isEmpty();
        assertThat(shipped.completion("ApproveRefund", "Approve the refund", Map.of("approved", true)))
            .hasValueSatisfying(r -> {
                assertThat(r.kind()).isEqualTo(Kind.VARIABLES);
                assertThat(r.message()).contains("approved").contains("asyncdesk.tasks.ApproveRefund.outcomes");
            });
    }

    /**
     * Tasklist submits every field of the Camunda Form that is shown (form-js leaves out
     * hidden ones): per outcome, the keyed fields whose hide condition does not hide them
     * for it. Exactly those must be accepted.
     */
    @Test
    void whatTheShippedFormsSubmitForEachOutcomeIsAccepted() throws IOException {
        Map<String, Set<String>> respond = shownFields(Path.of("forms/respond.form"), "outcome",
                List.of("reply", "handover", "callback", "resolve"));
        assertThat(respond.get("reply")).contains("replyText", "replyChannel", "cannedResponse", "internalNote");
        assertThat(respond.get("handover")).contains("handoverGroup", "handoverUser", "handoverNote")
            .doesNotContain("replyText");
        respond.forEach((outcome, fields) -> {
            Map<String, Object> form = new HashMap<>();
            fields.forEach(f -> form.put(f, ""));
            form.put("outcome", outcome);
            assertThat(shipped.completion("RespondToCustomer", "Respond", form)).as(outcome).isEmpty();
        });
        Map<String, Set<String>> callback = shownFields(Path.of("forms/callback.form"), "callOutcome",
                List.of("resolved", "follow-up"));
        callback.forEach((outcome, fields) -> {
            Map<String, Object> form = new HashMap<>();
            fields.forEach(f -> form.put(f, "notes"));
            form.put("callOutcome", outcome);
            assertThat(shipped.completion("CallBack", "Call back", form)).as(outcome).isEmpty();
        });
    }

    @Test
    void aProcessOwnerAddsAnOutcomeAndAnOperatorCannotHandOutProtectedVariables() {
        var configured = new CompletionAllowlist(new TaskCompletionProperties(Map.of("RespondToCustomer",
                new TaskCompletionProperties.Task(null, Map.of("refund", List.of("refundAmount", "internalNote"))))));
        assertThat(
                configured.completion("RespondToCustomer", "Respond", Map.of("outcome", "refund", "refundAmount", 20)))
            .isEmpty();
        assertThat(configured.completion("RespondToCustomer", "Respond",
                Map.of("outcome", "reply", "replyText", "still there")))
            .isEmpty();
        assertThatThrownBy(() -> new TaskCompletionProperties(Map.of("RespondToCustomer",
                new TaskCompletionProperties.Task(null, Map.of("refund", List.of("slaState"))))))
            .hasMessageContaining("asyncdesk.tasks.RespondToCustomer.outcomes.refund")
            .hasMessageContaining("slaState");
        assertThatThrownBy(() -> new TaskCompletionProperties(
                Map.of("Approve", new TaskCompletionProperties.Task("conversationId", Map.of()))))
            .hasMessageContaining("asyncdesk.tasks.Approve.outcome-variable");
    }

    @Test
    void configurationBindsFromPropertiesAndFromEnvironmentVariables() {
        var fromProperties = new Binder(
                new MapConfigurationPropertySource(Map.of("asyncdesk.tasks.ApproveRefund.outcome-variable", "decision",
                        "asyncdesk.tasks.ApproveRefund.outcomes.approved", "approvalNote, amount",
                        "asyncdesk.tasks.RespondToCustomer.outcomes.refund", "internalNote")))
            .bind("asyncdesk", TaskCompletionProperties.class)
            .get();
        var allowlist = new CompletionAllowlist(fromProperties);
        assertThat(allowlist.completion("ApproveRefund", "Approve", Map.of("decision", "approved", "amount", 3)))
            .isEmpty();
        assertThat(allowlist.completion("RespondToCustomer", "Respond", Map.of("outcome", "refund"))).isEmpty();

        var env = new StandardEnvironment();
        env.getPropertySources()
            .replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            Map.<String, Object>of("ASYNCDESK_TASKS_APPROVEREFUND_OUTCOMES_APPROVED", "approvalNote")));
        var fromEnv = Binder.get(env).bind("asyncdesk", TaskCompletionProperties.class).get();
        assertThat(new CompletionAllowlist(fromEnv).completion("ApproveRefund", "Approve",
                Map.of("outcome", "approved", "approvalNote", "ok")))
            .as("keys from the environment are lower case")
            .isEmpty();
    }

    @Test
    void everyVariableTheModelingGuideSaysJavaSetsIsProtected() throws IOException {
        String guide = Files.readString(Path.of("docs/modeling.md"));
        String table = guide.substring(guide.indexOf("### Process variables set by Java"),
                guide.indexOf("Transcripts and customer data are never process variables"));
        Matcher names = Pattern.compile("^\\| (.+?) \\|", Pattern.MULTILINE).matcher(table);
        Set<String> documented = new LinkedHashSet<>();
        while (names.find()) {
            Matcher each = Pattern.compile("`([A-Za-z]+)`").matcher(names.group(1));
            while (each.find()) {
                documented.add(each.group(1));
            }
        }
        assertThat(documented).contains("conversationId", "slaState", "escalated");
        assertThat(documented).allSatisfy(name -> assertThat(CompletionAllowlist.isProtected(name)).as(name).isTrue());
    }

    /**
     * For each outcome, the keys of the form's input fields that its hide conditions do
     * not hide.
     */
    private static Map<String, Set<String>> shownFields(Path form, String outcomeKey, List<String> outcomes)
            throws IOException {
        JsonNode components = new ObjectMapper().readTree(form.toFile()).path("components");
        Map<String, Set<String>> shown = new HashMap<>();
        for (String outcome : outcomes) {
            Set<String> keys = new LinkedHashSet<>();
            for (JsonNode c : components) {
                if (!c.hasNonNull("key") || c.path("key").asText().equals(outcomeKey)) {
                    continue;
                }
                String hide = c.path("conditional").path("hide").asText("");
                if (!hidden(hide, outcomeKey, outcome)) {
                    keys.add(c.path("key").asText());
                }
            }
            shown.put(outcome, keys);
        }
        return shown;
    }

    /**
     * The two forms of hide condition the shipped forms use: {@code =outcome != "x"} and
     * with {@code != null and}.
     */
    private static boolean hidden(String hide, String key, String outcome) {
        if (hide.isBlank()) {
            return false;
        }
        Matcher m = Pattern.compile("^=(?:" + key + " != null and )?" + key + " != \"([^\"]+)\"$")
            .matcher(hide.strip());
        if (!m.matches()) {
            throw new AssertionError("a hide condition this test does not understand: " + hide);
        }
        return !m.group(1).equals(outcome);
    }

}
