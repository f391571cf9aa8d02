package org.asyncdesk.inbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.asyncdesk.conversation.Conversation;
import org.asyncdesk.conversation.ConversationNotDeliverable;
import org.asyncdesk.conversation.ConversationRouter;
import org.asyncdesk.conversation.EngineGateway;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.load.WebhookPriority;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes stored messages into the engine: per conversation in arrival order, across
 * conversations in parallel, on every node at once. A failed delivery is retried with
 * backoff and, after {@code asyncdesk.inbox.max-attempts}, parked for an operator
 * ({@code /api/admin/inbox}); nothing is dropped. A busy instance (not waiting for the
 * message yet, or changed concurrently by a timer or another node) is no failure: the
 * message waits without using attempts.
 */
@Component
public class InboxDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(InboxDispatcher.class);

    private static final Duration MIN_NOT_READY_PAUSE = Duration.ofMillis(100);

    private final InboxRepository repository;

    private final EngineGateway engine;

    private final Transcript transcript;

    private final ConversationRouter router;

    private final TransactionTemplate tx;

    private final InboxProperties properties;

    private final Clock clock;

    private final WebhookPriority priority;

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition work = lock.newCondition();

    private final AtomicLong deliveries = new AtomicLong();

    private volatile boolean running;

    private ExecutorService workers;

    public InboxDispatcher(InboxRepository repository, ConversationRouter router, Transcript transcript,
            EngineGateway engine, TransactionTemplate tx, InboxProperties properties, Clock clock,
            WebhookPriority priority) {
        this.repository = repository;
        this.priority = priority;
        this.engine = engine;
        this.transcript = transcript;
        this.router = router;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Dispatches one due message, if there is one, together with the same sender's
     * messages waiting behind it: first into the transcript (committed on its own, so a
     * failing engine call never hides the customer's words), then into the engine as one
     * delivery.
     * @return whether a message was taken (delivered or failed)
     */
    public boolean dispatchNext() {
        List<Long> group = new ArrayList<>();
        try {
            tx.executeWithoutResult(s -> repository.claimNext(clock.instant()).ifPresent(first -> {
                // known at once, so a failing transcript write still counts against this
                // message (and parks it)
                group.add(first.id());
                withFollowers(first).stream().skip(1).forEach(e -> group.add(e.id()));
            }));
            if (group.isEmpty()) {
                return false;
            }
            tx.executeWithoutResult(s -> deliver(group));
            return true;
        }
        catch (RuntimeException e) {
            if (group.isEmpty()) {
                log.warn("inbox dispatch failed before a message was claimed: {}", e.toString());
                return false;
            }
            recordFailure(group.get(0), e);
            return true;
        }
    }

    /**
     * Dispatches up to {@code asyncdesk.inbox.batch-size} due messages of different
     * senders in one transaction (one commit instead of two per message). If any of them
     * fails the batch rolls back as a whole and its messages are taken one by one the
     * careful way ({@link #dispatchNext}), so only the failing one is retried or parked.
     * @return how many messages were taken
     */
    public int dispatchBatch() {
        if (properties.batchSize() <= 1) {
            return dispatchNext() ? 1 : 0;
        }
        List<Long> claimed = new ArrayList<>();
        try {
            Integer n = tx.execute(s -> {
                for (int i = 0; i < properties.batchSize(); i++) {
                    Optional<InboxEntry> next = repository.claimNext(clock.instant());
                    if (next.isEmpty()) {
                        break;
                    }
                    claimed.add(next.get().id());
                    deliver(withFollowers(next.get()).stream().map(InboxEntry::id).toList());
                }
                return claimed.size();
            });
            return n == null ? 0 : n;
        }
        catch (RuntimeException batchFailed) {
            if (claimed.isEmpty()) {
                log.warn("inbox dispatch failed before a message was claimed: {}", batchFailed.toString());
                return 0;
            }
            for (long id : claimed) {
                dispatch(id);
            }
            return claimed.size();
        }
    }

    /**
     * Dispatches until nothing is due. Tests and the benchmark call this instead of
     * waiting for the workers.
     */
    public int dispatchAll() {
        int n = 0;
        for (int taken = dispatchBatch(); taken > 0; taken = dispatchBatch()) {
            n += taken;
        }
        return n;
    }

    /**
     * One given message (and those waiting behind it), if it is still pending and nobody
     * else holds it.
     */
    private void dispatch(long inboxId) {
        List<Long> group = new ArrayList<>();
        try {
            tx.executeWithoutResult(s -> repository.claim(inboxId)
                .ifPresent(first -> withFollowers(first).forEach(e -> group.add(e.id()))));
            if (!group.isEmpty()) {
                tx.executeWithoutResult(s -> deliver(group));
            }
        }
        catch (RuntimeException e) {
            recordFailure(inboxId, e);
        }
    }

    /**
     * The claimed message and the same sender's later pending messages (up to
     * {@code group-size} in all), each in the transcript, in order. A customer who writes
     * three lines in a row is one "customer wrote" for the process: one engine delivery
     * instead of three, and a new conversation is classified on all three lines. A later
     * message that lands in another conversation (the first one reopened it, say) ends
     * the group; it waits its turn.
     */
    private List<InboxEntry> withFollowers(InboxEntry first) {
        List<InboxEntry> group = new ArrayList<>();
        group.add(first.messageId() == null ? intoTranscript(first) : first);
        if (properties.groupSize() <= 1) {
            return group;
        }
        for (InboxEntry next : repository.lockFollowers(first.id(), properties.groupSize() - 1)) {
            InboxEntry entry = next.messageId() == null ? intoTranscript(next) : next;
            if (!entry.conversationId().equals(group.get(0).conversationId())) {
                break;
            }
            group.add(entry);
        }
        return group;
    }

    /**
     * Tells the engine about a group once, with its latest message, and marks the whole
     * group done.
     */
    private void deliver(List<Long> group) {
        List<InboxEntry> pending = new ArrayList<>();
        for (InboxEntry e : repository.lockAll(group)) {
            if (e.status() != InboxStatus.PENDING) {
                break;
            }
            pending.add(e);
        }
        if (pending.isEmpty() || pending.get(0).id() != group.get(0)) {
            return;
        }
        InboxEntry latest = pending.get(pending.size() - 1);
        engine.deliver(latest.conversationId(), latest.messageId());
        Instant now = clock.instant();
        for (InboxEntry e : pending) {
            repository.markDone(e.id(), now);
        }
        afterCommit(deliveries::incrementAndGet);
    }

    private InboxEntry intoTranscript(InboxEntry entry) {
        Conversation c = router.conversationFor(entry.toCustomerMessage());
        TranscriptMessage m = transcript.appendInbound(c.id(), entry.toCustomerMessage());
        repository.attachToTranscript(entry.id(), c.id(), m.id());
        return entry.attachedTo(c.id(), m.id());
    }

    /**
     * Engine deliveries this node made since start (fewer than messages when messages
     * came in a row).
     */
    public long engineDeliveries() {
        return deliveries.get();
    }

    private void recordFailure(long inboxId, RuntimeException e) {
        if (e instanceof ConversationNotDeliverable || collided(e)) {
            waitForConversation(inboxId, e);
            return;
        }
        tx.executeWithoutResult(s -> repository.lock(inboxId).ifPresent(entry -> {
            int attempts = entry.attempts() + 1;
            boolean park = attempts >= properties.maxAttempts();
            Duration backoff = properties.retryBackoff().multipliedBy(1L << Math.min(attempts - 1, 12));
            Instant next = clock.instant().plus(backoff);
            String reason = describe(e);
            repository.markFailed(inboxId, attempts, park ? InboxStatus.PARKED : InboxStatus.PENDING, next, reason);
            if (park) {
                log.error("inbox message {} ({}) parked after {} attempts: {}", inboxId, entry.channel(), attempts,
                        reason);
            }
            else {
                log.warn("inbox message {} failed (attempt {}), retry in {}: {}", inboxId, attempts, backoff, reason);
            }
        }));
    }

    /**
     * The conversation's instance is busy (e.g. its asynchronous first steps are still
     * queued): the message is not broken, so it neither uses up an attempt nor gets
     * parked. It is tried again soon, less often the longer it waits (a quarter of its
     * waiting time, between 100 ms and {@code not-ready-max-backoff}); its transcript
     * entry is already there for the agent. An instance stuck on an incident keeps such
     * messages pending, visible with the reason in {@code /api/admin/inbox}, until the
     * incident is resolved. A correlation that collided with other work on the instance
     * (a timer or job running at the same moment, another node) waits the same way.
     */
    private void waitForConversation(long inboxId, RuntimeException notReady) {
        tx.executeWithoutResult(s -> repository.lock(inboxId).ifPresent(entry -> {
            Instant now = clock.instant();
            Duration waited = Duration.between(entry.receivedAt(), now);
            Duration pause = waited.dividedBy(4);
            if (pause.compareTo(MIN_NOT_READY_PAUSE) < 0) {
                pause = MIN_NOT_READY_PAUSE;
            }
            else if (pause.compareTo(properties.notReadyMaxBackoff()) > 0) {
                pause = properties.notReadyMaxBackoff();
            }
            repository.markFailed(inboxId, entry.attempts(), InboxStatus.PENDING, now.plus(pause), describe(notReady));
            log.debug("inbox message {} waits for its conversation, next try in {}", inboxId, pause);
        }));
    }

    /**
     * The engine refused because someone else changed the instance meanwhile: busy, not
     * broken.
     */
    private static boolean collided(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OptimisticLockingException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        return text.length() > 1900 ? text.substring(0, 1900) : text;
    }

    /** Wakes this node's workers once the storing transaction has committed. */
    public void wakeUpAfterCommit() {
        afterCommit(this::wakeUp);
    }

    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        }
        else {
            action.run();
        }
    }

    private void wakeUp() {
        lock.lock();
        try {
            work.signalAll();
        }
        finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (running) {
            boolean didWork;
            try {
                // while this node acknowledges webhooks, a dispatch round waits for a
                // permit (WebhookPriority)
                didWork = priority.background(this::dispatchBatch) > 0;
            }
            catch (RuntimeException e) {
                log.warn("inbox worker error: {}", e.toString());
                didWork = false;
            }
            if (!didWork) {
                lock.lock();
                try {
                    work.await(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                finally {
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
            }
            catch (InterruptedException e) {
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
