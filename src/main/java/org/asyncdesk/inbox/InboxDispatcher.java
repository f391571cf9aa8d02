package org.asyncdesk.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.asyncdesk.conversation.Conversation;
import org.asyncdesk.conversation.ConversationNotDeliverable;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.TranscriptMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes stored messages into the engine: per conversation in arrival order, across conversations in parallel, on
 * every node at once. A failed delivery is retried with backoff and, after {@code asyncdesk.inbox.max-attempts},
 * parked for an operator ({@code /api/admin/inbox}); nothing is dropped.
 */
@Component
public class InboxDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxDispatcher.class);

    private final InboxRepository repository;
    private final ConversationService conversations;
    private final TransactionTemplate tx;
    private final InboxProperties properties;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private volatile boolean running;
    private ExecutorService workers;

    public InboxDispatcher(InboxRepository repository, ConversationService conversations, TransactionTemplate tx,
                           InboxProperties properties, Clock clock) {
        this.repository = repository;
        this.conversations = conversations;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Dispatches one due message, if there is one: first into the transcript (committed on its own, so a failing
     * engine call never hides the customer's words), then into the engine.
     *
     * @return whether a message was taken (delivered or failed)
     */
    public boolean dispatchNext() {
        long[] claimedId = {-1};
        try {
            Optional<InboxEntry> claimed = tx.execute(s -> repository.claimNext(clock.instant()).map(entry -> {
                claimedId[0] = entry.id();
                return entry.messageId() == null ? intoTranscript(entry) : entry;
            }));
            if (claimed == null || claimed.isEmpty()) {
                return false;
            }
            tx.executeWithoutResult(s -> repository.lock(claimedId[0])
                    .filter(e -> e.status() == InboxStatus.PENDING)
                    .ifPresent(e -> {
                        conversations.deliverToEngine(e.conversationId(), e.messageId());
                        repository.markDone(e.id(), clock.instant());
                    }));
            return true;
        } catch (RuntimeException e) {
            if (claimedId[0] < 0) {
                log.warn("inbox dispatch failed before a message was claimed: {}", e.toString());
                return false;
            }
            recordFailure(claimedId[0], e);
            return true;
        }
    }

    /** Dispatches until nothing is due. Tests and the benchmark call this instead of waiting for the workers. */
    public int dispatchAll() {
        int n = 0;
        while (dispatchNext()) {
            n++;
        }
        return n;
    }

    private InboxEntry intoTranscript(InboxEntry entry) {
        Conversation c = conversations.conversationFor(entry.toCustomerMessage());
        TranscriptMessage m = conversations.appendInbound(c.id(), entry.toCustomerMessage());
        repository.attachToTranscript(entry.id(), c.id(), m.id());
        return new InboxEntry(entry.id(), entry.channel(), entry.providerMessageId(), entry.senderAddress(),
                entry.senderName(), entry.language(), entry.body(), c.id(), m.id(), entry.status(), entry.attempts(),
                entry.lastError(), entry.receivedAt());
    }

    private void recordFailure(long inboxId, RuntimeException e) {
        tx.executeWithoutResult(s -> repository.lock(inboxId).ifPresent(entry -> {
            int attempts = entry.attempts() + 1;
            boolean park = attempts >= properties.maxAttempts();
            Duration backoff = properties.retryBackoff().multipliedBy(1L << Math.min(attempts - 1, 12));
            Instant next = clock.instant().plus(backoff);
            String reason = describe(e);
            repository.markFailed(inboxId, attempts, park ? InboxStatus.PARKED : InboxStatus.PENDING, next, reason);
            if (park) {
                log.error("inbox message {} ({}) parked after {} attempts: {}", inboxId, entry.channel(), attempts, reason);
            } else if (e instanceof ConversationNotDeliverable) {
                log.debug("inbox message {} not deliverable yet (attempt {}): {}", inboxId, attempts, reason);
            } else {
                log.warn("inbox message {} failed (attempt {}), retry in {}: {}", inboxId, attempts, backoff, reason);
            }
        }));
    }

    private static String describe(Throwable e) {
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        return text.length() > 1900 ? text.substring(0, 1900) : text;
    }

    /** Wakes this node's workers once the storing transaction has committed. */
    public void wakeUpAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wakeUp();
                }
            });
        } else {
            wakeUp();
        }
    }

    private void wakeUp() {
        lock.lock();
        try {
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (running) {
            boolean didWork;
            try {
                didWork = dispatchNext();
            } catch (RuntimeException e) {
                log.warn("inbox worker error: {}", e.toString());
                didWork = false;
            }
            if (!didWork) {
                lock.lock();
                try {
                    work.await(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            return;
        }
        running = true;
        workers = Executors.newFixedThreadPool(properties.workers(), r -> {
            Thread t = new Thread(r, "inbox-dispatcher");
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < properties.workers(); i++) {
            workers.submit(this::loop);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (workers != null) {
            wakeUp();
            workers.shutdown();
            try {
                workers.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // after the process engine is up, before it goes down
        return Integer.MAX_VALUE - 100;
    }
}
