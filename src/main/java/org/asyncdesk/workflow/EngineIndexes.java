package org.asyncdesk.workflow;

import org.slf4j.Logger;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Creates an index of our own on one of Camunda's tables at start-up
 * ({@code create index if not exists}), after the engine has created its tables: Flyway
 * may run before Camunda's {@code schema-update} on a fresh database. A node that cannot
 * create it (another node raced it, or the database user may not) logs what is slower
 * until it exists.
 */
final class EngineIndexes {

    private EngineIndexes() {
    }

    static void create(JdbcTemplate jdbc, String sql, Logger log, String withoutIt) {
        try {
            jdbc.execute(sql);
        }
        catch (DataAccessException e) {
            log.warn("could not create an index ({}): {}; {} until it exists", sql,
                    e.getMostSpecificCause().getMessage(), withoutIt);
        }
    }

}
