package org.asyncdesk.load;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Gives the webhook acknowledgement path the CPU before background work on the same node
 * (issue 11): a provider waits for our 200 and re-sends, or gives up, when it is slow,
 * whereas a message already stored can wait a few milliseconds longer to be dispatched.
 * While webhooks are in flight (or were within the quiet period), inbox dispatch rounds
 * and engine jobs run at most {@code background-permits} at a time; the others wait for a
 * permit before they start (never in the middle of their work). Lowering the background
 * threads' OS priority would need privileges on Linux; bounding how many run is what an
 * unprivileged process can do. Urgent jobs (SLA alerts) are not held back. Counted per
 * node: each node guards its own acknowledgements.
 */
@Component
public class WebhookPriority {

    private final WebhookPriorityProperties properties;

    private final LongSupplier nanoClock;

    private final AtomicInteger inFlight = new AtomicInteger();

    private final AtomicLong lastWebhookEnded = new AtomicLong(Long.MIN_VALUE / 2);

    private final AtomicLong heldBack = new AtomicLong();

    private final Semaphore underLoad;

    private volatile boolean enabled;

    @Autowired
    public WebhookPriority(WebhookPriorityProperties properties) {
        this(properties, System::nanoTime);
    }

    WebhookPriority(WebhookPriorityProperties properties, LongSupplier nanoClock) {
        this.properties = properties;
        this.nanoClock = nanoClock;
        this.underLoad = new Semaphore(properties.backgroundPermits(), true);
        this.enabled = properties.enabled();
    }

    /**
     * Switches the back-off on or off while running (the benchmark compares both in one
     * run).
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** A webhook request begins; pair with {@link #webhookEnded()}. */
    public void webhookStarted() {
        inFlight.incrementAndGet();
    }

    public void webhookEnded() {
        lastWebhookEnded.set(nanoClock.getAsLong());
        inFlight.decrementAndGet();
    }

    /**
     * Whether webhooks are being acknowledged on this node right now (or were a moment
     * ago).
     */
    public boolean webhooksBusy() {
        return enabled && (inFlight.get() > 0
                || nanoClock.getAsLong() - lastWebhookEnded.get() < properties.quietPeriod().toNanos());
    }

    /**
     * Runs one unit of background work: at once when no webhook is being acknowledged,
     * otherwise after a permit (at most {@code background-permits} units at a time).
     */
    public <T> T background(Supplier<T> work) {
        if (!webhooksBusy()) {
            return work.get();
        }
        heldBack.incrementAndGet();
        underLoad.acquireUninterruptibly();
        try {
            return work.get();
        }
        finally {
            underLoad.release();
        }
    }

    public void background(Runnable work) {
        background(() -> {
            work.run();
            return null;
        });
    }

    /** Whether background work is waiting for a permit right now. */
    boolean backgroundWaiting() {
        return underLoad.hasQueuedThreads();
    }

    /**
     * Background units that ran under the limit since start (a sign the back-off
     * engaged).
     */
    public long heldBack() {
        return heldBack.get();
    }

}
