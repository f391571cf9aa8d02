package org.asyncdesk.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;

import org.asyncdesk.support.Conversations;
import org.asyncdesk.support.ProcessTest;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A customer's profile and identities carry the application's (engine-controlled) time,
 * not the wall clock's.
 */
@ProcessTest
class CustomerClockTest {

    @Autowired
    CustomerService customers;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void tearDown() {
        Conversations.resetClock();
    }

    @Test
    void aNewCustomerAndTheirIdentitiesAreStampedWithThePinnedTime() {
        // far enough from the real date either way that the wall clock can never pass for
        // it
        Instant pinned = Instant.now().minus(Duration.ofDays(400)).truncatedTo(ChronoUnit.SECONDS);
        ClockUtil.setCurrentTime(Date.from(pinned));
        String email = "clock." + UUID.randomUUID() + "@example.com";

        Customer created = customers.findOrCreate(new CustomerIdentity("email", email), "Clara Clock", "en");
        customers.addIdentity(created.id(), new CustomerIdentity("sms", "+49" + (System.nanoTime() % 1_000_000_000L)));

        assertThat(created.createdAt()).isEqualTo(pinned);
        assertThat(jdbc.sql("select created_at from customer where id = :id")
            .param("id", created.id())
            .query(Timestamp.class)
            .single()
            .toInstant()).isEqualTo(pinned);
        assertThat(jdbc.sql("select created_at from customer_identity where customer_id = :id")
            .param("id", created.id())
            .query(Timestamp.class)
            .list()).hasSize(2).allSatisfy(t -> assertThat(t.toInstant()).isEqualTo(pinned));
    }

}
