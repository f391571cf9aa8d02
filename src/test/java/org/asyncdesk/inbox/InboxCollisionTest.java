package org.asyncdesk.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.CustomerMessage;
import org.asyncdesk.support.Conversations;
import org.asyncdesk.support.ProcessTest;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.CorrelateMessageCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A conversation whose instance is modified by someone else while a message is correlated
 * into it (a timer firing, another node) makes the engine refuse the correlation with an
 * OptimisticLockingException. Such a message is not broken: it waits and is delivered,
 * however often it collides, and is never parked.
 */
@ProcessTest
class InboxCollisionTest {

    @Autowired
    InboxRepository repository;

    @Autowired
    InboxDispatcher dispatcher;

    @Autowired
    InboxProperties properties;

    @Autowired
    Conversations steps;

    @Autowired
    Inbox inbox;

    @Autowired
    RuntimeService runtime;

    @Autowired
    TaskService tasks;

    @Autowired
    Collisions collisions;

    @AfterEach
    void tearDown() {
        collisions.remaining.set(0);
        Conversations.resetClock();
    }

    @Test
    void aMessageThatKeepsCollidingWithOtherWorkOnItsInstanceWaitsAndArrivesWithoutBeingParked() {
        ClockUtil.setCurrentTime(new Date());
        String id = steps.open("Busy Bob", "My parcel is late");
        String instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(id).singleResult().getId();
        long followUp = inbox
            .accept(id,
                    new CustomerMessage(Channel.WEBCHAT, "webchat-" + UUID.randomUUID(), "conversation:" + id,
                            "Busy Bob", "en", "Any news?", ClockUtil.getCurrentTime().toInstant()))
            .inboxId()
            .orElseThrow();

        int collide = properties.maxAttempts() + 2;
        collisions.arm(instance, collide);
        for (int round = 0; round < collide; round++) {
            dispatcher.dispatchAll();
            InboxEntry waiting = repository.find(followUp).orElseThrow();
            assertThat(waiting.status()).isEqualTo(InboxStatus.PENDING);
            assertThat(waiting.attempts()).isZero();
            assertThat(waiting.lastError()).contains("OptimisticLockingException");
            ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plusSeconds(6)));
        }
        assertThat(collisions.happened.get()).isEqualTo(collide);

        dispatcher.dispatchAll();
        InboxEntry delivered = repository.find(followUp).orElseThrow();
        assertThat(delivered.status()).isEqualTo(InboxStatus.DONE);
        assertThat(delivered.attempts()).isZero();
        assertThat(tasks.getVariableLocal(steps.task(id).getId(), "transcript").toString()).contains("Any news?");
    }

    /**
     * While armed, every message correlation into the given instance is followed, before
     * the engine writes its changes, by another transaction that changes the same
     * instance (suspends and reactivates it) and commits: the correlation's flush then
     * finds newer revisions, exactly as when a timer job ran on the instance meanwhile.
     */
    static class Collisions extends AbstractProcessEnginePlugin {

        final AtomicInteger remaining = new AtomicInteger();

        final AtomicInteger happened = new AtomicInteger();

        volatile String instance;

        private ProcessEngineConfigurationImpl configuration;

        void arm(String processInstanceId, int times) {
            instance = processInstanceId;
            happened.set(0);
            remaining.set(times);
        }

        @Override
        public void preInit(ProcessEngineConfigurationImpl configuration) {
            this.configuration = configuration;
            List<CommandInterceptor> post = configuration.getCustomPostCommandInterceptorsTxRequired() == null
                    ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostCommandInterceptorsTxRequired());
            post.add(new CommandInterceptor() {
                @Override
                public <T> T execute(Command<T> command) {
                    T result = next.execute(command);
                    if (command instanceof CorrelateMessageCmd && remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        changeInstanceElsewhere();
                        happened.incrementAndGet();
                    }
                    return result;
                }
            });
            configuration.setCustomPostCommandInterceptorsTxRequired(post);
        }

        private void changeInstanceElsewhere() {
            RuntimeService runtime = configuration.getRuntimeService();
            Thread other = new Thread(() -> {
                runtime.suspendProcessInstanceById(instance);
                runtime.activateProcessInstanceById(instance);
            });
            other.start();
            try {
                other.join(10_000);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

    }

    @TestConfiguration
    static class CollisionConfiguration {

        @Bean
        Collisions collisions() {
            return new Collisions();
        }

    }

}
