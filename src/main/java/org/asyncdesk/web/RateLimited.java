package org.asyncdesk.web;

import java.time.Duration;

/** A client went over a rate limit: answered 429 with {@code Retry-After} and a problem detail (see {@link ApiProblems}). */
public class RateLimited extends RuntimeException {

    private final Duration retryAfter;

    public RateLimited(String detail, Duration retryAfter) {
        super(detail);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, at least one, as {@code Retry-After} wants them. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
