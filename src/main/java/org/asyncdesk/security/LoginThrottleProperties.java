package org.asyncdesk.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Failed logins per client address, on every login path (Camunda webapps, engine REST
 * API, HTTP Basic on our API and the actuator).
 *
 * @param maxFailures failed logins one address may make in a burst; then its logins get
 * 429 until the bucket refills
 * @param window time in which the bucket refills completely, evenly: one failed login per
 * window / maxFailures
 * @param maxTracked addresses tracked at once; the least recently used is dropped beyond
 * it
 */
@ConfigurationProperties("asyncdesk.login-throttle")
public record LoginThrottleProperties(@DefaultValue("10") int maxFailures, @DefaultValue("15m") Duration window,
        @DefaultValue("100000") int maxTracked) {

    public LoginThrottleProperties {
        if (maxFailures < 1 || window.isNegative() || window.isZero() || maxTracked < 1) {
            throw new IllegalArgumentException(
                    "asyncdesk.login-throttle: max-failures and max-tracked must be at least 1"
                            + " and window positive, were " + maxFailures + ", " + maxTracked + " and " + window);
        }
    }
}
