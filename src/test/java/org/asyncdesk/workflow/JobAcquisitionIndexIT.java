package org.asyncdesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.asyncdesk.support.PostgresTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The job executor's acquisition query has its index on PostgreSQL from the first start
 * on.
 */
@PostgresTest
class JobAcquisitionIndexIT {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JobAcquisitionIndex index;

    @Test
    void theJobTableHasTheAcquisitionIndexOnceAndAgainAfterAnotherStart() {
        assertThat(indexes()).singleElement().asString().contains("(duedate_)");
        // a restart (or a second node) runs the step again: nothing changes, nothing
        // fails
        index.ensure();
        assertThat(indexes()).hasSize(1);
    }

    private List<String> indexes() {
        return jdbc.sql("select indexdef from pg_indexes where tablename = 'act_ru_job' and indexname = :n")
            .param("n", JobAcquisitionIndex.NAME)
            .query(String.class)
            .list();
    }

}
