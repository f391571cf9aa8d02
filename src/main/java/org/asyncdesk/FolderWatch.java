package org.asyncdesk;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls a process owners' folder ({@code bpmn/}, {@code forms/}, {@code knowledge/})
 * every {@code asyncdesk.deployment.watch-interval} on a daemon thread of its own.
 * Polling rather than the platform's file-watch service: it behaves the same on every
 * file system (bind mounts, network shares, editors that save by renaming), and the
 * checks compare content anyway.
 */
public final class FolderWatch {

    private final String thread;

    private final Duration interval;

    private final Runnable check;

    private ScheduledExecutorService watcher;

    public FolderWatch(String thread, Duration interval, Runnable check) {
        this.thread = thread;
        this.interval = interval;
        this.check = check;
    }

    /** Starts checking; false when it was running already. */
    public synchronized boolean start() {
        if (watcher != null) {
            return false;
        }
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(50, interval.toMillis());
        watcher.scheduleWithFixedDelay(check, millis, millis, TimeUnit.MILLISECONDS);
        return true;
    }

    public synchronized void stop() {
        if (watcher != null) {
            watcher.shutdownNow();
            watcher = null;
        }
    }

}
