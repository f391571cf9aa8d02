package org.asyncdesk.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;

import java.time.Duration;
import java.util.Date;
import java.util.List;

import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.ConversationStatus;
import org.asyncdesk.conversation.Direction;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.support.Conversations;
import org.asyncdesk.support.ProcessTest;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The assistant in bpmn/conversation.bpmn: answers from the knowledge base, the
 * customer's verdict, the handover and the SLA rule, with the real beans and decisions.
 */
@ProcessTest
@TestPropertySource(properties = "asyncdesk.automation.enabled=true")
class AssistantProcessTest {

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

    private ProcessInstance instance(String id) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(id).singleResult();
    }

    private Object variable(String id, String name) {
        var pi = history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(id).singleResult();
        var v = history.createHistoricVariableInstanceQuery()
            .processInstanceId(pi.getId())
            .variableName(name)
            .singleResult();
        return v == null ? null : v.getValue();
    }

    private List<TranscriptMessage> outbound(String id, String author) {
        return transcript.of(id)
            .stream()
            .filter(m -> m.direction() == Direction.OUT && m.author().equals(author))
            .toList();
    }

    @Test
    void anAnswerTheCustomerConfirmsResolvesTheConversationByTheAssistant() {
        String id = steps.open("Clara Kunde", "How long does delivery take?");

        assertThat(instance(id)).isWaitingAt("WaitForConfirmation");
        assertThat(variable(id, "faqArticle")).isEqualTo("delivery");
        assertThat((Double) variable(id, "faqScore")).isGreaterThanOrEqualTo(0.6);
        assertThat(variable(id, "automated")).isEqualTo(true);
        assertThat(outbound(id, Assistant.AUTHOR)).singleElement().satisfies(m -> {
            assertThat(m.body()).startsWith("Hello Clara,").endsWith("a member of our team will take over.");
            assertThat(m.body()).contains("Did this answer your question?");
        });
        // the article replaces the acknowledgement
        assertThat(outbound(id, "Asyncdesk")).isEmpty();
        assertThat(engine.getTaskService().createTaskQuery().processInstanceBusinessKey(id).count()).isZero();

        steps.customerWrites(id, "Yes, thanks! 👍");

        assertThat(instance(id)).isNull();
        assertThat(variable(id, "botResolved")).isEqualTo(true);
        assertThat(conversations.find(id).orElseThrow().status()).isEqualTo(ConversationStatus.RESOLVED);
    }

    @Test
    void silenceAfterTheAnswerResolvesTheConversationByTheAssistant() {
        String id = steps.open("Clara Kunde", "Wann kommt mein Paket?", "de");

        assertThat(instance(id)).isWaitingAt("WaitForConfirmation");
        assertThat(outbound(id, Assistant.AUTHOR)).singleElement()
            .satisfies(m -> assertThat(m.body()).contains("Hat das Ihre Frage beantwortet?"));

        steps.timePasses(Duration.ofHours(23));
        assertThat(instance(id)).isWaitingAt("WaitForConfirmation");
        steps.timePasses(Duration.ofHours(2));

        assertThat(instance(id)).isNull();
        assertThat(variable(id, "botResolved")).isEqualTo(true);
        assertThat(conversations.find(id).orElseThrow().status()).isEqualTo(ConversationStatus.RESOLVED);
        assertThat(outbound(id, "Asyncdesk")).isEmpty();
    }

    @Test
    void askingForAPersonHandsOverAndTheFirstResponseRoundStartsAtThatMessage() {
        String id = steps.open("Clara Kunde", "How long does delivery take?");
        steps.timePasses(Duration.ofHours(3));

        steps.customerWrites(id, "I'd like to talk to a human, please");

        ProcessInstance pi = instance(id);
        assertThat(pi).isWaitingAt("RespondToCustomer");
        assertThat(variable(id, "botResolved")).isEqualTo(false);
        Date asked = (Date) runtime.getVariable(pi.getId(), "lastCustomerMessageAt");
        assertThat(runtime.getVariable(pi.getId(), "slaRoundStartedAt")).isEqualTo(asked);
        assertThat(((Date) runtime.getVariable(pi.getId(), "respondDue"))).isAfter(asked);
        assertThat(runtime.getVariable(pi.getId(), "slaState")).isEqualTo("on-track");
        // one acknowledgement in all: the one after the handover
        assertThat(outbound(id, "Asyncdesk")).hasSize(1);
        String shown = engine.getTaskService().getVariableLocal(steps.task(id).getId(), "transcript").toString();
        assertThat(shown).contains("How long does delivery take?")
            .contains("Did this answer your question?")
            .contains("talk to a human");
    }

    @Test
    void anyOtherAnswerHandsOverToo() {
        String id = steps.open("Clara Kunde", "How long does delivery take?");

        steps.customerWrites(id, "No, my parcel is stuck in customs since Monday");

        assertThat(instance(id)).isWaitingAt("RespondToCustomer");
        assertThat(variable(id, "botResolved")).isEqualTo(false);
    }

    @Test
    void thePolicyNeverAnswersAComplaint() {
        String id = steps.open("Clara Kunde", "I want to complain: how long does delivery take?");

        assertThat(instance(id)).isWaitingAt("RespondToCustomer");
        assertThat(variable(id, "intent")).isEqualTo("complaint");
        assertThat(variable(id, "automated")).isEqualTo(false);
        assertThat(outbound(id, Assistant.AUTHOR)).isEmpty();
        assertThat(outbound(id, "Asyncdesk")).hasSize(1);
    }

    @Test
    void aMessageTheKnowledgeBaseCannotAnswerGoesToAnAgentAsBefore() {
        String id = steps.open("Clara Kunde", "Hello? Is anybody there?");

        assertThat(instance(id)).isWaitingAt("RespondToCustomer");
        assertThat(variable(id, "faqArticle")).isNull();
        assertThat(variable(id, "automated")).isEqualTo(false);
        assertThat(outbound(id, "Asyncdesk")).hasSize(1);
    }

    @Test
    void askingForAPersonInTheFirstMessageNeverGetsTheAssistant() {
        String id = steps.open("Clara Kunde", "Ich möchte mit einem Mitarbeiter sprechen: wann kommt mein Paket?",
                "de");

        assertThat(instance(id)).isWaitingAt("RespondToCustomer");
        assertThat(variable(id, "faqArticle")).isNull();
    }

    @Test
    void confirmationsAndRequestsForAPerson() {
        assertThat(Assistant.isConfirmation("yes")).isTrue();
        assertThat(Assistant.isConfirmation("Yes thanks")).isTrue();
        assertThat(Assistant.isConfirmation("👍")).isTrue();
        assertThat(Assistant.isConfirmation("Ja, danke!")).isTrue();
        assertThat(Assistant.isConfirmation("Да, благодаря")).isTrue();
        assertThat(Assistant.isConfirmation("no")).isFalse();
        assertThat(Assistant.isConfirmation("yes but I need an agent")).isFalse();
        assertThat(Assistant.isConfirmation("Nein, danke")).isFalse();
        assertThat(Assistant.asksForPerson("Kann ich mit einem Menschen sprechen?")).isTrue();
        assertThat(Assistant.asksForPerson("Ich will einen Mensch")).isTrue();
        assertThat(Assistant.asksForPerson("искам оператор")).isTrue();
        assertThat(Assistant.asksForPerson("real person please")).isTrue();
    }

}
