package org.asyncdesk.web;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.asyncdesk.support.PostgresTest;

/**
 * The bad-input sweep on PostgreSQL, which refuses NUL characters in text columns and
 * query parameters.
 */
@PostgresTest
class BadInputIT extends BadInputSweep {

    @Override
    boolean messengerConfigured() {
        return true;
    }

    @Override
    void settle() {
        await().atMost(Duration.ofSeconds(60))
            .until(() -> jdbc.sql("select count(*) from inbox where status = 'PENDING'")
                .query(Long.class)
                .single() == 0);
    }

}
