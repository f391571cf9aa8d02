package org.asyncdesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.asyncdesk.support.PostgresTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Tasklist's indexes exist on PostgreSQL from the first start on, and a second run of the
 * step changes nothing.
 */
@PostgresTest
class TasklistIndexesIT {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TasklistIndexes indexes;

    @Test
    void theFilterVariablesHaveTheirPartialCoveringIndexOnce() {
        assertThat(definition(TasklistIndexes.FILTER_VARIABLES)).singleElement()
            .asString()
            .contains("(name_, proc_inst_id_) INCLUDE (task_id_, type_, long_, text_)")
            .contains("'slaState'")
            .contains("'escalated'");
        assertThat(definition(TasklistIndexes.TASK_DUE)).hasSize(1);
        indexes.afterPropertiesSet();
        assertThat(definition(TasklistIndexes.FILTER_VARIABLES)).hasSize(1);
    }

    private List<String> definition(String name) {
        return jdbc.sql("select indexdef from pg_indexes where indexname = :n")
            .param("n", name)
            .query(String.class)
            .list();
    }

}
