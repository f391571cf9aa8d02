package org.asyncdesk.channel;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings every provider channel shares.
 *
 * @param maxBodySize largest webhook body accepted, in bytes (larger ones get 413 and
 * nothing is stored)
 * @param httpTimeout connect and read timeout of one outbound provider call
 * @param httpAttempts attempts of one outbound call on timeouts, 5xx and 429 before the
 * send job's own retry cycle takes over
 * @param httpBackoff pause before the second attempt, doubled for each further one (a
 * provider's {@code Retry-After} is honoured up to {@code httpMaxBackoff})
 * @param httpMaxBackoff longest pause between two attempts
 * @param sendDeadline most time one send may take in all (attempts, timeouts, pauses,
 * {@code Retry-After}); then the send job's retry cycle takes over. Must stay well below
 * half the job lock time ({@code camunda.bpm.job-execution.lock-time-in-millis}), or a
 * send could outlive its lock and another node send the same reply again; checked at
 * start-up
 */
@ConfigurationProperties("asyncdesk.channels")
public record ChannelsProperties(@DefaultValue("1048576") int maxBodySize, @DefaultValue("10s") Duration httpTimeout,
        @DefaultValue("3") int httpAttempts, @DefaultValue("200ms") Duration httpBackoff,
        @DefaultValue("2s") Duration httpMaxBackoff, @DefaultValue("20s") Duration sendDeadline) {
}
