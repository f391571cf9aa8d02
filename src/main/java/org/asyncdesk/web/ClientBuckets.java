package org.asyncdesk.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/**
 * Token buckets (Bucket4j) per key, e.g. per client address, in this node's memory. The
 * map holds at most {@code maxKeys} buckets and drops the least recently used one beyond
 * that, so an attacker rotating addresses cannot grow the heap; a dropped key starts
 * again with a full bucket, which costs the attacker more addresses than the map holds.
 */
public final class ClientBuckets {

    private final long capacity;

    private final Duration period;

    private final TimeMeter time;

    private final Map<String, Bucket> buckets;

    /**
     * {@code capacity} tokens, refilled evenly over {@code period} of the system clock.
     */
    public ClientBuckets(long capacity, Duration period, int maxKeys) {
        this(capacity, period, maxKeys, TimeMeter.SYSTEM_MILLISECONDS);
    }

    /**
     * {@code capacity} tokens, refilled evenly over {@code period} as {@code clock} tells
     * it, so a test can move time instead of waiting. A clock that goes back refills
     * nothing until it has caught up again.
     */
    public ClientBuckets(long capacity, Duration period, int maxKeys, Clock clock) {
        this(capacity, period, maxKeys, new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        });
    }

    private ClientBuckets(long capacity, Duration period, int maxKeys, TimeMeter time) {
        this.capacity = capacity;
        this.period = period;
        this.time = time;
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** Takes a token; empty when there was one, otherwise how long until there is. */
    public Optional<Duration> tryConsume(String key) {
        var probe = bucket(key).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Gives back a token taken by {@link #tryConsume} (never above the capacity). */
    public void refund(String key) {
        bucket(key).addTokens(1);
    }

    private Bucket bucket(String key) {
        synchronized (buckets) {
            return buckets.computeIfAbsent(key,
                    k -> Bucket.builder()
                        .withCustomTimePrecision(time)
                        .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, period))
                        .build());
        }
    }

    /**
     * The key of a client address: IPv4 as it is, IPv6 by its /64 prefix (one subscriber
     * usually holds a whole /64, and counting its single addresses would give it 2^64
     * buckets).
     */
    public static String clientKey(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.indexOf(':') < 0) {
            return String.valueOf(remoteAddress);
        }
        try {
            byte[] a = InetAddress.getByName(remoteAddress).getAddress();
            if (a.length != 16) {
                return remoteAddress;
            }
            StringBuilder prefix = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                prefix.append(Integer.toHexString(((a[i] & 0xff) << 8) | (a[i + 1] & 0xff))).append(':');
            }
            return prefix.append(":/64").toString();
        }
        catch (UnknownHostException e) {
            return remoteAddress;
        }
    }

}
