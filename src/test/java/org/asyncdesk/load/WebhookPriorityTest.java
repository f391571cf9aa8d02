package org.asyncdesk.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * Background work backs off to one unit at a time while webhooks are acknowledged, and
 * only then.
 */
class WebhookPriorityTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private final WebhookPriority priority = new WebhookPriority(
            new WebhookPriorityProperties(true, 1, Duration.ofMillis(50)), now::get);

    @Test
    void withoutWebhooksBackgroundWorkRunsSideBySide() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> priority.background(() -> {
            firstRunning.countDown();
            await(releaseFirst);
        }));
        await(firstRunning);
        AtomicBoolean secondRan = new AtomicBoolean();
        // on this thread: it would wait for ever if the first held the only permit
        priority.background(() -> secondRan.set(true));
        assertThat(secondRan).isTrue();
        releaseFirst.countDown();
        first.get(30, TimeUnit.SECONDS);
        assertThat(priority.heldBack()).isZero();
    }

    @Test
    void whileAWebhookIsInFlightBackgroundWorkWaitsItsTurn() throws Exception {
        priority.webhookStarted();
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> priority.background(() -> {
            firstRunning.countDown();
            await(releaseFirst);
        }));
        await(firstRunning);
        AtomicBoolean secondRan = new AtomicBoolean();
        CompletableFuture<Void> second = CompletableFuture
            .runAsync(() -> priority.background(() -> secondRan.set(true)));
        while (!priority.backgroundWaiting()) {
            Thread.onSpinWait();
        }
        assertThat(secondRan).as("the second unit waits while the first holds the permit").isFalse();
        releaseFirst.countDown();
        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);
        assertThat(secondRan).isTrue();
        assertThat(priority.heldBack()).isEqualTo(2);
        priority.webhookEnded();
    }

    @Test
    void staysBusyForTheQuietPeriodAfterTheLastWebhook() {
        assertThat(priority.webhooksBusy()).isFalse();
        priority.webhookStarted();
        assertThat(priority.webhooksBusy()).isTrue();
        priority.webhookEnded();
        now.addAndGet(Duration.ofMillis(49).toNanos());
        assertThat(priority.webhooksBusy()).isTrue();
        now.addAndGet(Duration.ofMillis(2).toNanos());
        assertThat(priority.webhooksBusy()).isFalse();
    }

    @Test
    void offMeansNoBackOff() {
        WebhookPriority off = new WebhookPriority(new WebhookPriorityProperties(false, 1, Duration.ofMillis(50)),
                now::get);
        off.webhookStarted();
        assertThat(off.webhooksBusy()).isFalse();
        off.background(() -> {
        });
        assertThat(off.heldBack()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        }
        catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

}
