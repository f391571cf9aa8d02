package org.asyncdesk.workflow;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A second job acquisition and thread pool on each node for urgent jobs only: the SLA
 * timers and alert sends, which carry {@code camunda:jobPriority="100"} in the diagram.
 * The engine's own job executor acquires by priority too, but once it is saturated its
 * threads and queue hold intake jobs it has already locked, and a due alert waits for
 * them; this executor's threads never take anything else. It runs only where Camunda's
 * job execution is enabled ({@code camunda.bpm.job-execution.enabled}) and uses its lock
 * time; jobs are locked in the database as usual, so several nodes never run the same
 * job. Measured in bench/README.md (SlaAlertBenchmark, overload mode).
 *
 * @param enabled whether this node runs the urgent acquisition (the engine's executor
 * still runs urgent jobs first either way)
 * @param minPriority lowest job priority that counts as urgent (the diagram's SLA timers
 * and alerts: 100)
 * @param threads threads that run urgent jobs; each holds a database connection while it
 * runs one (size the connection pool for them)
 * @param maxJobsPerAcquisition urgent jobs locked per acquisition; small, so another node
 * takes its share
 * @param waitTime how often an idle urgent acquisition looks for due jobs: an alert
 * leaves at most about this late (plus its own run time); each look is one indexed query
 */
@ConfigurationProperties("asyncdesk.jobs.urgent")
public record UrgentJobsProperties(@DefaultValue("true") boolean enabled, @DefaultValue("100") long minPriority,
        @DefaultValue("2") int threads, @DefaultValue("4") int maxJobsPerAcquisition,
        @DefaultValue("250ms") Duration waitTime) {

    public UrgentJobsProperties {
        if (threads < 1 || maxJobsPerAcquisition < 1 || waitTime.isNegative() || waitTime.isZero()) {
            throw new IllegalArgumentException("asyncdesk.jobs.urgent: threads and max-jobs-per-acquisition must be "
                    + "at least 1 and wait-time positive");
        }
    }
}
