package org.asyncdesk.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.asyncdesk.conversation.Attachment;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.CustomerMessage;
import org.asyncdesk.conversation.WebchatAccess;
import org.asyncdesk.support.Conversations;
import org.asyncdesk.support.ProcessTest;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A message whose delivery keeps failing is retried with backoff and then parked, never
 * dropped; a message whose conversation is merely busy waits for it without being counted
 * as a failure.
 */
@ProcessTest
class InboxParkingTest {

    @Autowired
    InboxRepository repository;

    @Autowired
    InboxDispatcher dispatcher;

    @Autowired
    InboxProperties properties;

    @Autowired
    Conversations steps;

    @Autowired
    ConversationService conversations;

    @Autowired
    WebchatAccess webchats;

    @Autowired
    Inbox inbox;

    @Autowired
    TaskService tasks;

    @AfterEach
    void tearDown() {
        Conversations.resetClock();
    }

    @Test
    void aMessageThatKeepsFailingIsParkedWithItsError() {
        // points at a transcript entry of a conversation that does not exist: every
        // delivery attempt fails
        long id = repository
            .insert(Channel.SMS, "SMbroken-1", "SMS:+100", "+100", null, null, "hello", "no-such-conversation", 424242L,
                    Instant.now(), List.of(new Attachment("image", "image/png", "ME1", null, null)), null)
            .orElseThrow();
        for (int attempt = 1; attempt <= properties.maxAttempts(); attempt++) {
            dispatcher.dispatchAll();
            assertThat(repository.find(id).orElseThrow().attempts()).isEqualTo(attempt);
            // not due again before its backoff has passed
            assertThat(dispatcher.dispatchAll()).isZero();
            steps.timePasses(
                    properties.retryBackoff().multipliedBy(1L << Math.min(attempt, 12)).plus(Duration.ofSeconds(1)));
        }
        InboxEntry parked = repository.find(id).orElseThrow();
        assertThat(parked.status()).isEqualTo(InboxStatus.PARKED);
        assertThat(parked.lastError()).contains("no-such-conversation");
        assertThat(parked.attachments()).singleElement().satisfies(a -> assertThat(a.mediaRef()).isEqualTo("ME1"));
        assertThat(repository.parked()).extracting(InboxEntry::id).contains(id);
        assertThat(dispatcher.dispatchAll()).isZero();
        assertThat(repository.redrive(id, Instant.now())).isEqualTo(1);
        assertThat(repository.find(id).orElseThrow().status()).isEqualTo(InboxStatus.PENDING);
    }

    @Test
    void aFollowUpForABusyConversationWaitsWithoutUsingUpAttemptsAndArrivesOnceItIsReady() {
        ClockUtil.setCurrentTime(new Date());
        var opened = webchats.open("Busy Bea", "busy.bea." + System.nanoTime() + "@example.com", "en");
        String id = opened.conversation().id();
        inbox.accept(id, message(id, "First question"));
        dispatcher.dispatchAll();
        // the instance now waits at its asynchronous first step (no job has run): a
        // follow-up cannot be correlated yet
        long followUp = inbox.accept(id, message(id, "Are you there?")).inboxId().orElseThrow();
        for (int round = 0; round < properties.maxAttempts() + 4; round++) {
            dispatcher.dispatchAll();
            ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plusSeconds(6)));
            if (round == 0) {
                InboxEntry waiting = repository.find(followUp).orElseThrow();
                assertThat(waiting.status()).isEqualTo(InboxStatus.PENDING);
                assertThat(waiting.attempts()).isZero();
                assertThat(waiting.lastError()).contains("not waiting for a customer message");
                // the jobs run (as the job executor would): the conversation reaches the
                // agent task
                steps.executeJobs();
            }
        }
        InboxEntry delivered = repository.find(followUp).orElseThrow();
        assertThat(delivered.status()).isEqualTo(InboxStatus.DONE);
        assertThat(delivered.attempts()).isZero();
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(id).count()).isEqualTo(1);
        assertThat(tasks.getVariableLocal(steps.task(id).getId(), "transcript").toString()).contains("Are you there?");
    }

    private static CustomerMessage message(String conversationId, String text) {
        return new CustomerMessage(Channel.WEBCHAT, "webchat-" + UUID.randomUUID(), "conversation:" + conversationId,
                "Busy Bea", "en", text, ClockUtil.getCurrentTime().toInstant());
    }

}
