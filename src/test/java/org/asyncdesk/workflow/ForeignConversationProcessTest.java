package org.asyncdesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.Direction;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.support.Conversations;
import org.asyncdesk.support.ProcessTest;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 10, High 1: anna (team agents) completed her own task with {@code conversationId}
 * set to a conversation of agents-de, and her next task showed that customer's transcript
 * while her note went into it. The attack on every path the engine offers an agent, and
 * what the conversation beans do even if a variable were changed anyway.
 */
@ProcessTest
class ForeignConversationProcessTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Autowired
    Conversations steps;

    @Autowired
    ConversationService conversations;

    @Autowired
    Transcript transcript;

    @Autowired
    TaskService tasks;

    @Autowired
    FormService forms;

    @Autowired
    RuntimeService runtime;

    @Autowired
    IdentityService identity;

    private String ours;

    private String foreign;

    @BeforeEach
    void twoTeamsTwoConversations() {
        ClockUtil.setCurrentTime(Date.from(LocalDateTime.parse("2026-11-24T10:00").atZone(BERLIN).toInstant()));
        ours = steps.open("Olivia Own", "Where is my parcel? Order 4711.");
        foreign = steps.open("Greta Fremd", "Wo ist meine Bestellung? Ich warte schon seit einer Woche.", "de");
        assertThat(groups(steps.task(foreign))).containsExactly("agents-de");
        assertThat(groups(steps.task(ours))).containsExactly("agents");
        tasks.claim(steps.task(ours).getId(), "anna");
    }

    @AfterEach
    void tearDown() {
        identity.clearAuthentication();
        Conversations.resetClock();
    }

    @Test
    void completingWithAForeignConversationIdIsRefusedOnEveryPathAndNothingReachesThatConversation() {
        String mine = steps.task(ours).getId();
        Map<String, Object> attack = Map.of("outcome", "handover", "handoverUser", "anna", "handoverNote",
                "Anna was here", "conversationId", foreign);
        asAnna();

        assertThatThrownBy(() -> tasks.complete(mine, attack)).isInstanceOf(AuthorizationException.class)
            .hasMessageContaining("may never set conversationId");
        assertThatThrownBy(() -> forms.submitTaskForm(mine, attack)).isInstanceOf(AuthorizationException.class)
            .hasMessageContaining("conversationId");
        assertThatThrownBy(() -> tasks.completeWithVariablesInReturn(mine, attack, false))
            .isInstanceOf(AuthorizationException.class);
        for (String own : List.of("customerId", "slaState", "slaFirstResponse", "respondDue", "priority", "escalated",
                "candidateGroup", "handoverAssignee", "replyMessageId")) {
            Map<String, Object> form = new HashMap<>(Map.of("outcome", "resolve"));
            form.put(own, "x");
            assertThatThrownBy(() -> tasks.complete(mine, form)).as(own)
                .isInstanceOf(AuthorizationException.class)
                .hasMessageContaining(own);
        }
        assertThatThrownBy(() -> tasks.complete(mine, Map.of("outcome", "resolve", "discount", 50)))
            .as("a variable no outcome knows")
            .isInstanceOf(AuthorizationException.class)
            .hasMessageContaining("discount");
        assertThatThrownBy(() -> tasks.complete(mine, Map.of("outcome", "steal", "conversationId", foreign)))
            .as("an unknown outcome")
            .isInstanceOf(ProcessEngineException.class)
            .hasMessageContaining("'steal' is not one this process handles");
        // around the completion: variables set directly, a BPMN error or escalation
        // carrying them
        String instance = steps.task(ours).getProcessInstanceId();
        assertThatThrownBy(() -> tasks.setVariable(mine, "conversationId", foreign))
            .isInstanceOf(AuthorizationException.class);
        assertThatThrownBy(() -> tasks.setVariableLocal(mine, "conversationId", foreign))
            .isInstanceOf(AuthorizationException.class);
        assertThatThrownBy(() -> runtime.setVariable(instance, "conversationId", foreign))
            .isInstanceOf(AuthorizationException.class);
        assertThatThrownBy(() -> tasks.handleBpmnError(mine, "anything", "x", Map.of("conversationId", foreign)))
            .isInstanceOf(AuthorizationException.class)
            .hasMessageContaining("conversationId");
        assertThatThrownBy(() -> tasks.handleEscalation(mine, "anything", Map.of("conversationId", foreign)))
            .isInstanceOf(AuthorizationException.class);
        identity.clearAuthentication();

        assertThat(steps.task(ours).getId()).as("anna's task is still open").isEqualTo(mine);
        assertThat(runtime.getVariable(instance, "conversationId")).isEqualTo(ours);
        assertThat(notes(foreign)).isEmpty();
        assertThat(notes(ours)).isEmpty();
        assertThat(transcriptOf(steps.task(ours))).doesNotContain("Wo ist meine Bestellung");
    }

    @Test
    void escalationManagersDoNotChangeVariablesDirectlyAdministratorsDo() {
        String mine = steps.task(ours).getId();
        identity.setAuthentication("maria", List.of("escalation-managers"));
        // managers may update tasks (priority, assignee) in Camunda; variables are not
        // part of that
        assertThatThrownBy(() -> tasks.setVariable(mine, "slaState", "on-track"))
            .isInstanceOf(AuthorizationException.class)
            .hasMessageContaining("only administrators")
            .hasMessageContaining("slaState");
        assertThatThrownBy(() -> tasks.removeVariable(mine, "escalated")).isInstanceOf(AuthorizationException.class);
        identity.setAuthentication("admin", List.of(Groups.CAMUNDA_ADMIN));
        tasks.setVariable(mine, "lastOrderNumber", "4711");
        identity.clearAuthentication();
        assertThat(tasks.getVariable(mine, "lastOrderNumber")).isEqualTo("4711");
    }

    /**
     * The second line: had a variable been changed (by an operator in Cockpit, say), the
     * beans still follow the key.
     */
    @Test
    void theConversationBeansFollowTheBusinessKeyNotTheVariable() {
        String instance = steps.task(ours).getProcessInstanceId();
        String foreignCustomer = conversations.find(foreign).orElseThrow().customerId();
        runtime.setVariable(instance, "conversationId", foreign);
        runtime.setVariable(instance, "customerId", foreignCustomer);

        asAnna();
        tasks.complete(steps.task(ours).getId(), Map.of("outcome", "handover", "handoverUser", "anna", "handoverNote",
                "Parcel stuck in the depot, I follow up"));
        identity.clearAuthentication();
        steps.executeJobs();

        Task next = steps.task(ours);
        assertThat(next.getAssignee()).isEqualTo("anna");
        assertThat(transcriptOf(next)).contains("Where is my parcel?")
            .contains("Parcel stuck in the depot")
            .doesNotContain("Wo ist meine Bestellung");
        assertThat(tasks.getVariableLocal(next.getId(), "customerName")).isEqualTo("Olivia Own");
        assertThat(notes(ours)).anySatisfy(n -> assertThat(n).contains("Parcel stuck in the depot"));
        assertThat(notes(foreign)).isEmpty();

        asAnna();
        tasks.complete(next.getId(), Map.of("outcome", "reply", "replyText", "Your parcel leaves the depot today."));
        identity.clearAuthentication();
        steps.executeJobs();
        assertThat(sent(ours)).contains("Your parcel leaves the depot today.");
        assertThat(sent(foreign)).doesNotContain("Your parcel leaves the depot today.");
    }

    /**
     * What Tasklist submits for each outcome (every shown field, empty ones included)
     * still completes the task.
     */
    @Test
    void everyOutcomeSubmittedAsTasklistDoesStillWorks() {
        asAnna();
        forms.submitTaskForm(steps.task(ours).getId(),
                tasklistForm("outcome", "handover", "handoverGroup", null, "handoverUser", "anna", "handoverNote",
                        "Checking with the depot", "sameCustomerAs", "", "internalNote", ""));
        identity.clearAuthentication();
        steps.executeJobs();

        asAnna();
        forms.submitTaskForm(steps.task(ours).getId(),
                tasklistForm("cannedResponse", null, "replyText", "It is on its way.", "replyChannel", "webchat",
                        "outcome", "reply", "sameCustomerAs", "", "internalNote", "told the customer"));
        identity.clearAuthentication();
        steps.executeJobs();
        assertThat(sent(ours)).contains("It is on its way.");

        steps.customerWrites(ours, "Can you call me instead?");
        tasks.claim(steps.task(ours).getId(), "anna");
        asAnna();
        forms.submitTaskForm(steps.task(ours).getId(),
                tasklistForm("outcome", "callback", "sameCustomerAs", "", "internalNote", "wants a call"));
        identity.clearAuthentication();
        steps.executeJobs();

        Task call = steps.task(ours);
        assertThat(call.getTaskDefinitionKey()).isEqualTo("CallBack");
        tasks.claim(call.getId(), "anna");
        asAnna();
        assertThatThrownBy(() -> forms.submitTaskForm(call.getId(),
                tasklistForm("callNotes", "Called", "callOutcome", "follow-up", "outcome", "resolve")))
            .isInstanceOf(AuthorizationException.class)
            .hasMessageContaining("not allowed for this outcome: outcome");
        forms.submitTaskForm(call.getId(), tasklistForm("callNotes", "Called, will write", "callOutcome", "follow-up"));
        identity.clearAuthentication();
        steps.executeJobs();

        Task again = steps.task(ours);
        assertThat(again.getTaskDefinitionKey()).isEqualTo("RespondToCustomer");
        tasks.claim(again.getId(), "anna");
        asAnna();
        forms.submitTaskForm(again.getId(),
                tasklistForm("outcome", "resolve", "sameCustomerAs", "", "internalNote", ""));
        identity.clearAuthentication();
        steps.executeJobs();
        assertThat(steps.tasks(ours)).isEmpty();
        assertThat(conversations.find(ours).orElseThrow().status().name()).isEqualTo("RESOLVED");
    }

    private void asAnna() {
        identity.setAuthentication("anna", List.of("agents"));
    }

    private static Map<String, Object> tasklistForm(Object... keysAndValues) {
        Map<String, Object> form = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            form.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return form;
    }

    private List<String> groups(Task t) {
        return tasks.getIdentityLinksForTask(t.getId())
            .stream()
            .map(IdentityLink::getGroupId)
            .filter(g -> g != null)
            .sorted()
            .toList();
    }

    private String transcriptOf(Task t) {
        return String.valueOf(tasks.getVariableLocal(t.getId(), "transcript"));
    }

    private List<String> notes(String conversationId) {
        return transcript.of(conversationId)
            .stream()
            .filter(m -> m.direction() == Direction.NOTE)
            .map(TranscriptMessage::body)
            .toList();
    }

    private List<String> sent(String conversationId) {
        return transcript.of(conversationId)
            .stream()
            .filter(m -> m.direction() == Direction.OUT)
            .map(TranscriptMessage::body)
            .toList();
    }

}
