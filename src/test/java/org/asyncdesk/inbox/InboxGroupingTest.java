package org.asyncdesk.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.CustomerMessage;
import org.asyncdesk.conversation.Direction;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.support.Conversations;
import org.asyncdesk.support.ProcessTest;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Messages a customer sends in a row, stored before the dispatcher gets to them, reach
 * the transcript one by one and in order, and the process as one "customer wrote": one
 * start, or one note on the open task.
 */
@ProcessTest
class InboxGroupingTest {

    @Autowired
    Inbox inbox;

    @Autowired
    InboxDispatcher dispatcher;

    @Autowired
    InboxRepository repository;

    @Autowired
    ConversationService conversations;

    @Autowired
    Transcript transcript;

    @Autowired
    Conversations steps;

    @Autowired
    RuntimeService runtime;

    @Autowired
    TaskService tasks;

    @Autowired
    HistoryService history;

    @AfterEach
    void tearDown() {
        Conversations.resetClock();
    }

    @Test
    void threeMessagesInARowStartOneConversationWithOneEngineDelivery() {
        String phone = "4917" + System.nanoTime() % 100_000_000L;
        List<Long> ids = List.of(store(phone, "Hi"), store(phone, "it's about order 4711"),
                store(phone, "Where is my parcel? It should have arrived on Monday."));
        long deliveries = dispatcher.engineDeliveries();

        dispatcher.dispatchAll();

        assertThat(ids)
            .allSatisfy(id -> assertThat(repository.find(id).orElseThrow().status()).isEqualTo(InboxStatus.DONE));
        assertThat(dispatcher.engineDeliveries() - deliveries).isEqualTo(1);
        String conversationId = repository.find(ids.get(0)).orElseThrow().conversationId();
        assertThat(ids)
            .allSatisfy(id -> assertThat(repository.find(id).orElseThrow().conversationId()).isEqualTo(conversationId));
        assertThat(runtime.createProcessInstanceQuery().processInstanceBusinessKey(conversationId).count())
            .isEqualTo(1);
        assertThat(transcript.of(conversationId)).filteredOn(m -> m.direction() == Direction.IN)
            .extracting(TranscriptMessage::body)
            .containsExactly("Hi", "it's about order 4711", "Where is my parcel? It should have arrived on Monday.");

        // the first steps see all three lines: the agent's task has the whole burst
        steps.executeJobs();
        assertThat(tasks.getVariableLocal(steps.task(conversationId).getId(), "transcript").toString()).contains("Hi")
            .contains("order 4711")
            .contains("Where is my parcel?");
    }

    @Test
    void followUpsInARowWhileTheAgentTaskIsOpenAreNotedOnce() {
        String phone = "4916" + System.nanoTime() % 100_000_000L;
        long first = store(phone, "My voucher code does not work");
        dispatcher.dispatchAll();
        String conversationId = repository.find(first).orElseThrow().conversationId();
        steps.executeJobs();
        String taskId = steps.task(conversationId).getId();

        long second = store(phone, "I tried it twice");
        long third = store(phone, "The code is SPRING25");
        long deliveries = dispatcher.engineDeliveries();
        dispatcher.dispatchAll();

        assertThat(repository.find(second).orElseThrow().status()).isEqualTo(InboxStatus.DONE);
        assertThat(repository.find(third).orElseThrow().status()).isEqualTo(InboxStatus.DONE);
        assertThat(dispatcher.engineDeliveries() - deliveries).isEqualTo(1);
        String instance = runtime.createProcessInstanceQuery()
            .processInstanceBusinessKey(conversationId)
            .singleResult()
            .getId();
        assertThat(history.createHistoricActivityInstanceQuery()
            .processInstanceId(instance)
            .activityId("CustomerWroteAgain")
            .count()).isEqualTo(1);
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(conversationId).list()).singleElement()
            .satisfies(t -> assertThat(t.getId()).isEqualTo(taskId));
        assertThat(tasks.getVariableLocal(taskId, "transcript").toString()).contains("I tried it twice")
            .contains("SPRING25");
    }

    private long store(String phone, String text) {
        return inbox
            .accept(new CustomerMessage(Channel.WHATSAPP, "wamid.group-" + System.nanoTime(), phone, "Grace Group",
                    null, text, Instant.now()))
            .inboxId()
            .orElseThrow();
    }

}
