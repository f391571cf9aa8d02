package org.asyncdesk.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.asyncdesk.AsyncdeskApplication;
import org.asyncdesk.support.ProviderSignatures;
import org.asyncdesk.support.MailServer;
import org.asyncdesk.support.ProviderStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A node dies between acknowledging messages and dispatching them: its database sessions
 * are killed mid-dispatch (every open transaction rolls back, as in a crash) and the node
 * goes away. A new node on the same database delivers every acknowledged message to its
 * conversation exactly once, in order per customer. Runs on its own PostgreSQL database
 * so no other test's node dispatches in between.
 */
class InboxRestartIT {

    static final String DB = System.getenv().getOrDefault("ASYNCDESK_TEST_DB", "asyncdesk_it") + "_restart";
    static final String HOST = System.getenv().getOrDefault("ASYNCDESK_TEST_PGHOST", "127.0.0.1") + ":"
            + System.getenv().getOrDefault("ASYNCDESK_TEST_PGPORT", "5432");
    static final int SENDERS = 40;
    static final int PER_SENDER = 4;

    @BeforeAll
    static void freshDatabase() throws Exception {
        admin("drop database if exists " + DB + " with (force)");
        admin("create database " + DB);
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        admin("drop database if exists " + DB + " with (force)");
    }

    static void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + "/postgres",
                System.getenv().getOrDefault("ASYNCDESK_TEST_PGUSER", "postgres"),
                System.getenv().getOrDefault("ASYNCDESK_TEST_PGPASSWORD", "")); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static ConfigurableApplicationContext node(boolean dispatching) {
        return new SpringApplicationBuilder(AsyncdeskApplication.class).profiles("postgres")
            .initializers(new MailServer(), new ProviderStub())
            .run("--server.port=0", "--spring.datasource.url=jdbc:postgresql://" + HOST + "/" + DB,
                    "--asyncdesk.channels.email.imap-host=", "--asyncdesk.inbox.retry-backoff=100ms",
                    "--asyncdesk.inbox.max-attempts=100", "--asyncdesk.inbox.enabled=" + dispatching,
                    // the crashed node's locked jobs (first steps of some conversations)
                    // are free again soon, and
                    // one send must fit well within that lock
                    "--camunda.bpm.job-execution.lock-time-in-millis=5000", "--asyncdesk.channels.send-deadline=2s");
    }

    @Test
    void everyAcknowledgedMessageReachesItsConversationExactlyOnceAfterACrash() throws Exception {
        List<String> ids = new ArrayList<>();
        // the first node acknowledges everything before its dispatch runs, so the crash
        // below surely falls mid-dispatch
        ConfigurableApplicationContext first = node(false);
        JdbcClient jdbc = first.getBean(JdbcClient.class);
        int port = ((WebServerApplicationContext) first).getWebServer().getPort();
        HttpClient http = HttpClient.newHttpClient();
        long base = 491700000000L;
        for (int round = 0; round < PER_SENDER; round++) {
            for (int s = 0; s < SENDERS; s++) {
                String from = String.valueOf(base + s);
                String id = "wamid.crash-" + s + "-" + round;
                byte[] body = """
                        {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
                         "messaging_product":"whatsapp","contacts":[{"profile":{"name":"C%d"},"wa_id":"%s"}],
                         "messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"message %d"}}]}}]}]}"""
                    .formatted(s, from, from, id, Instant.now().getEpochSecond(), round)
                    .getBytes(StandardCharsets.UTF_8);
                HttpResponse<String> r = http
                    .send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/whatsapp"))
                        .header("Content-Type", "application/json")
                        .header("X-Hub-Signature-256", ProviderSignatures.meta("wa-app-secret", body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                ids.add(id);
            }
        }
        int total = SENDERS * PER_SENDER;
        assertThat(jdbc.sql("select count(*) from inbox where status = 'PENDING'").query(Integer.class).single())
            .isEqualTo(total);

        // half the customers' messages are held by another session (as a slow node
        // would), so some are surely still
        // waiting when the crash comes; the rest are dispatched by the first node until
        // its sessions are killed
        Connection held = DriverManager.getConnection("jdbc:postgresql://" + HOST + "/" + DB, "postgres", "");
        held.setAutoCommit(false);
        int heldPid;
        try (Statement s = held.createStatement()) {
            var rs = s.executeQuery("select pg_backend_pid()");
            rs.next();
            heldPid = rs.getInt(1);
            String heldIds = ids.stream()
                .filter(id -> Integer.parseInt(id.split("-")[1]) >= SENDERS / 2)
                .map(id -> "'" + id + "'")
                .collect(Collectors.joining(","));
            s.executeQuery("select id from inbox where provider_message_id in (" + heldIds + ") for update").close();
        }
        InboxDispatcher dispatcher = first.getBean(InboxDispatcher.class);
        AtomicBoolean crashed = new AtomicBoolean();
        ExecutorService workers = Executors.newFixedThreadPool(2);
        for (int w = 0; w < 2; w++) {
            workers.submit(() -> {
                while (!crashed.get()) {
                    try {
                        if (!dispatcher.dispatchNext()) {
                            Thread.sleep(20);
                        }
                    }
                    catch (InterruptedException e) {
                        return;
                    }
                    catch (RuntimeException dying) {
                        // sessions killed under the worker: that is the crash
                    }
                }
            });
        }
        await().atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> jdbc.sql("select count(*) from inbox where status = 'DONE'")
                .query(Integer.class)
                .single() >= 5);
        admin("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + DB
                + "' and pid <> pg_backend_pid()" + " and pid <> " + heldPid);
        crashed.set(true);
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
        first.close();
        int doneBeforeRestart;
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + "/" + DB, "postgres", "");
                Statement s = c.createStatement();
                var rs = s.executeQuery("select count(*) from inbox where status = 'DONE'")) {
            rs.next();
            doneBeforeRestart = rs.getInt(1);
        }
        assertThat(doneBeforeRestart).as("the crash happened in the middle of dispatch").isBetween(5, total / 2);
        held.rollback();
        held.close();

        ConfigurableApplicationContext second = node(true);
        try {
            JdbcClient after = second.getBean(JdbcClient.class);
            try {
                await().atMost(Duration.ofSeconds(120))
                    .until(() -> after.sql("select count(*) from inbox where status = 'DONE'")
                        .query(Integer.class)
                        .single() == total);
            }
            catch (RuntimeException e) {
                after.sql("select id, status, attempts, last_error from inbox where status <> 'DONE'")
                    .query()
                    .listOfRows()
                    .forEach(row -> System.err.println("not dispatched: " + row));
                after.sql("select id_, type_, retries_, lock_owner_, lock_exp_time_, exception_msg_ from act_ru_job")
                    .query()
                    .listOfRows()
                    .forEach(row -> System.err.println("job: " + row));
                throw e;
            }
            for (String id : ids) {
                assertThat(after
                    .sql("select count(*) from message where channel = 'WHATSAPP' and provider_message_id = :p")
                    .param("p", id)
                    .query(Integer.class)
                    .single()).as(id).isEqualTo(1);
            }
            for (int s = 0; s < SENDERS; s++) {
                String from = String.valueOf(base + s);
                List<String> bodies = after.sql("""
                        select m.body from message m join conversation c on c.id = m.conversation_id
                          join customer_identity i on i.customer_id = c.customer_id
                        where i.address = :a and m.direction = 'IN' order by m.id""")
                    .param("a", from)
                    .query(String.class)
                    .list();
                assertThat(bodies).containsExactly("message 0", "message 1", "message 2", "message 3");
            }
            assertThat(after.sql("select count(distinct conversation_id) from message").query(Integer.class).single())
                .isEqualTo(SENDERS);
            assertThat(after.sql("select count(*) from act_ru_execution where parent_id_ is null")
                .query(Integer.class)
                .single()).isEqualTo(SENDERS);
        }
        finally {
            second.close();
        }
    }

}
