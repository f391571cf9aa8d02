package org.asyncdesk.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.asyncdesk.support.Conversations;
import org.asyncdesk.support.ProcessTest;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every path of bpmn/conversation.bpmn, with the real beans, a controlled clock and
 * manually run jobs.
 */
@ProcessTest
class ConversationProcessTest {

    @Autowired
    Conversations steps;

    @Autowired
    ConversationService conversations;

    @Autowired
    Transcript transcript;

    @Autowired
    RuntimeService runtime;

    @Autowired
    HistoryService history;

    @Autowired
    ProcessEngine engine;

    @BeforeEach
    void setUp() {
        init(engine);
    }

    @AfterEach
    void tearDown() {
        Conversations.resetClock();
    }

    private ProcessInstance instance(String conversationId) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(conversationId).singleResult();
    }

    /**
     * End events the conversation's (finished) instance passed, e.g. Resolved or
     * AutoResolved.
     */
    private List<String> ended(String conversationId) {
        var finished = history.createHistoricProcessInstanceQuery()
            .processInstanceBusinessKey(conversationId)
            .singleResult();
        assertThat(finished.getEndTime()).isNotNull();
        return history.createHistoricActivityInstanceQuery()
            .processInstanceId(finished.getId())
            .activityType("noneEndEvent")
            .list()
            .stream()
            .map(a -> a.getActivityId())
            .toList();
    }

    /**
     * Outbound messages written by agents (the automatic acknowledgement is by
     * "Asyncdesk").
     */
    private List<TranscriptMessage> agentReplies(String conversationId) {
        return transcript.of(conversationId)
            .stream()
            .filter(m -> m.direction() == Direction.OUT && !m.author().equals("Asyncdesk"))
            .toList();
    }

    private Conversation conversation(String id) {
        return conversations.find(id).orElseThrow();
    }

    @Test
    void firstMessageStartsAConversationWaitingForAnAgent() {
        String id = steps.open("Clara Kunde", "Where is my order 1234?");

        ProcessInstance pi = instance(id);
        assertThat(pi).isWaitingAt("RespondToCustomer").hasBusinessKey(id);
        assertThat(pi).task().hasCandidateGroup("agents");
        assertThat(conversation(id).status()).isEqualTo(ConversationStatus.WAITING_FOR_AGENT);
        assertThat(engine.getTaskService().getVariableLocal(steps.task(id).getId(), "transcript").toString())
            .contains("Where is my order 1234?")
            .contains("Clara Kunde");
    }

    @Test
    void replyGoesToTheCustomerAndTheNextMessageMakesANewTaskWithTheHistory() {
        String id = steps.open("Clara Kunde", "Where is my order?");
        steps.reply(id, "anna", "It ships tomorrow.");

        assertThat(instance(id)).isWaitingAt("WaitForCustomer");
        assertThat(conversation(id).status()).isEqualTo(ConversationStatus.WAITING_FOR_CUSTOMER);
        var out = agentReplies(id);
        assertThat(out).singleElement().satisfies(m -> {
            assertThat(m.body()).isEqualTo("It ships tomorrow.");
            assertThat(m.author()).isEqualTo("anna");
            assertThat(m.deliveryState()).isEqualTo(DeliveryState.SENT);
        });

        steps.customerWrites(id, "Thanks, and can I change the address?");

        assertThat(instance(id)).isWaitingAt("RespondToCustomer");
        assertThat(conversation(id).status()).isEqualTo(ConversationStatus.WAITING_FOR_AGENT);
        String transcript = engine.getTaskService().getVariableLocal(steps.task(id).getId(), "transcript").toString();
        assertThat(transcript).contains("Where is my order?")
            .contains("It ships tomorrow.")
            .contains("change the address?");
        // the form starts empty in the new round
        assertThat(engine.getTaskService().getVariable(steps.task(id).getId(), "replyText")).isNull();
    }

    @Test
    void messagesWhileATaskIsOpenJoinTheTranscriptAndMakeNoSecondTask() {
        String id = steps.open("Clara Kunde", "Hello?");
        steps.customerWrites(id, "Are you there?");
        steps.customerWrites(id, "Order 1234, by the way.");

        assertThat(steps.tasks(id)).hasSize(1);
        assertThat(transcript.of(id).stream().filter(m -> m.direction() == Direction.IN)).hasSize(3);
        assertThat(engine.getTaskService().getVariableLocal(steps.task(id).getId(), "transcript").toString())
            .contains("Are you there?")
            .contains("Order 1234, by the way.");
    }

    @Test
    void agentResolves() {
        String id = steps.open("Clara Kunde", "Cancel my order please");
        steps.agentCompletes(id, "ben", Map.of("outcome", "resolve"));

        assertThat(instance(id)).isNull();
        assertThat(conversation(id).status()).isEqualTo(ConversationStatus.RESOLVED);
        assertThat(transcript.of(id)).anySatisfy(m -> assertThat(m.body()).isEqualTo("Resolved by ben"));
        assertThat(ended(id)).contains("Resolved").doesNotContain("AutoResolved");
    }

    @Test
    void silenceAfterAReplyAutoResolves() {
        String id = steps.open("Clara Kunde", "Do you ship to Norway?");
        steps.reply(id, "anna", "Yes, we do.");

        steps.timePasses(Duration.ofDays(2));
        assertThat(instance(id)).isWaitingAt("WaitForCustomer");

        steps.timePasses(Duration.ofDays(1).plusMinutes(1));
        assertThat(instance(id)).isNull();
        assertThat(conversation(id).status()).isEqualTo(ConversationStatus.RESOLVED);
        assertThat(ended(id)).contains("AutoResolved").doesNotContain("Resolved");
    }

    @Test
    void aMessageAfterResolutionReopensTheConversation() {
        String id = steps.open("Clara Kunde", "Where is my parcel?");
        steps.agentCompletes(id, "anna", Map.of("outcome", "resolve"));

        steps.customerWrites(id, "It still has not arrived.");

        assertThat(instance(id)).isWaitingAt("RespondToCustomer");
        assertThat(runtime.getVariable(instance(id).getId(), "reopened")).isEqualTo(true);
        assertThat(conversation(id).status()).isEqualTo(ConversationStatus.WAITING_FOR_AGENT);
    }

    @Test
    void completingWithoutAnOutcomeOrWithAnEmptyReplyIsRefused() {
        String id = steps.open("Clara Kunde", "Hi");
        String task = steps.task(id).getId();

        assertThatThrownBy(() -> engine.getTaskService().complete(task, Map.of()))
            .isInstanceOf(ProcessEngineException.class)
            .hasMessageContaining("Choose an outcome");
        assertThatThrownBy(() -> engine.getTaskService().complete(task, Map.of("outcome", "reply", "replyText", "  ")))
            .isInstanceOf(ProcessEngineException.class)
            .hasMessageContaining("Write a reply");

        assertThat(instance(id)).isWaitingAt("RespondToCustomer");
        assertThat(agentReplies(id)).isEmpty();
    }

}
