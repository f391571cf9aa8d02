package org.asyncdesk.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Failed logins per client address, on every login path (Camunda webapps, engine REST API, our API's HTTP Basic).
 *
 * @param maxFailures failed logins one address may make in a burst; then it gets 429 until the bucket refills
 * @param window      time in which the bucket refills completely ({@code maxFailures} per window on average)
 * @param maxTracked  addresses tracked at once; the least recently used is dropped beyond it
 */
@ConfigurationProperties("asyncdesk.login-throttle")
public record LoginThrottleProperties(@DefaultValue("10") int maxFailures,
                                      @DefaultValue("15m") Duration window,
                                      @DefaultValue("100000") int maxTracked) {
}
