package org.asyncdesk.workflow;

import org.camunda.bpm.engine.ProcessEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The index the job executor's acquisition query needs with
 * {@code job-executor-acquire-by-priority} and {@code -by-due-date}: without it every
 * acquisition (every half second per node) scans the whole job table, which holds several
 * timers per open conversation. Measured in {@code bench/README.md}.
 * <p>
 * Created at start-up rather than by a Flyway migration because Camunda creates its own
 * tables ({@code schema-update}) and Flyway may run before they exist on a fresh
 * database. Idempotent; nodes starting together may race, which is harmless.
 */
@Component
class JobAcquisitionIndex implements InitializingBean {

    static final String NAME = "asyncdesk_job_acquisition";

    private static final Logger log = LoggerFactory.getLogger(JobAcquisitionIndex.class);

    private final JdbcTemplate jdbc;

    private final String tablePrefix;

    /** Takes the engine so that it, and with it ACT_RU_JOB, exists before this runs. */
    JobAcquisitionIndex(ProcessEngine engine, JdbcTemplate jdbc,
            @Value("${camunda.bpm.database.table-prefix:}") String tablePrefix) {
        this.jdbc = jdbc;
        this.tablePrefix = tablePrefix;
    }

    @Override
    public void afterPropertiesSet() {
        ensure();
    }

    /**
     * On the due date: the query's selective condition is "due by now" (most jobs are
     * timers due later); the few due jobs are then sorted by priority and due date. An
     * index led by the priority (as Camunda's docs suggest) was not used by PostgreSQL
     * for this query.
     */
    void ensure() {
        String sql = "create index if not exists " + NAME + " on " + tablePrefix + "ACT_RU_JOB (DUEDATE_)";
        EngineIndexes.create(jdbc, sql, log, "job acquisition scans the job table");
    }

}
