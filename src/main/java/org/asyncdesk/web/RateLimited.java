package org.asyncdesk.web;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A client went over a rate limit: 429 with {@code Retry-After} in whole seconds, at
 * least one.
 */
public class RateLimited extends ProblemException {

    public RateLimited(String detail, Duration retryAfter) {
        super(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests", detail);
        withHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
    }

}
