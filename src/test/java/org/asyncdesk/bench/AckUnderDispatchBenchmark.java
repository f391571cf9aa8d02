package org.asyncdesk.bench;

import static org.asyncdesk.bench.InboundBenchmark.HOST;
import static org.asyncdesk.bench.InboundBenchmark.admin;
import static org.asyncdesk.bench.InboundBenchmark.payloads;
import static org.asyncdesk.bench.InboundBenchmark.sendWithWrk;

import org.asyncdesk.AsyncdeskApplication;
import org.asyncdesk.load.WebhookPriority;
import org.asyncdesk.support.MailServer;
import org.asyncdesk.support.ProviderStub;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.github.tomakehurst.wiremock.client.WireMock;

/**
 * Webhook acknowledgement while dispatch runs flat out on the same node (issue 11): the
 * application with its inbox dispatcher and job executor running as in production, on its
 * own PostgreSQL database. A warm-up of signed WhatsApp webhooks from wrk (one message
 * per new customer, the realistic peak) leaves a backlog of stored messages that the
 * dispatcher and the jobs work through for the rest of the run; then wrk measures the
 * acknowledgements for {@code bench.ackSeconds} (15 s) at a time, alternately with the
 * back-off ({@code asyncdesk.webhook-priority}) off and on, {@code bench.rounds} (2)
 * times. Prints per window: msg/s, p50, p99, max, and how many stored messages the
 * dispatcher took into conversations meanwhile.
 * <pre>bench/run AckUnderDispatchBenchmark [-Dbench.ackSeconds=15 -Dbench.warmupSeconds=10 -Dbench.clients=16 -Dbench.rounds=2]</pre>
 */
class AckUnderDispatchBenchmark {

    static final String DB = System.getenv().getOrDefault("ASYNCDESK_TEST_DB", "asyncdesk_it") + "_ack";

    @Test
    void ackUnderDispatch() throws Exception {
        int clients = Integer.getInteger("bench.clients", 16);
        int ackSeconds = Integer.getInteger("bench.ackSeconds", 15);
        int warmSeconds = Integer.getInteger("bench.warmupSeconds", 10);
        int rounds = Integer.getInteger("bench.rounds", 2);
        if (!InboundBenchmark.onPath("wrk")) {
            throw new IllegalStateException("wrk is needed (bench/run installs it)");
        }
        admin("drop database if exists " + DB + " with (force)");
        admin("create database " + DB);
        ConfigurableApplicationContext app = new SpringApplicationBuilder(AsyncdeskApplication.class)
            .profiles("postgres")
            .initializers(new MailServer(), new ProviderStub())
            .run("--server.port=0", "--spring.datasource.url=jdbc:postgresql://" + HOST + "/" + DB,
                    "--asyncdesk.channels.email.imap-host=", "--logging.level.org.asyncdesk=warn",
                    "--logging.level.org.camunda=warn");
        try {
            ProviderStub.get()
                .stubFor(WireMock.post(WireMock.urlPathMatching(".*/messages"))
                    .willReturn(WireMock.aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.bench-out\"}]}")));
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            WebhookPriority priority = app.getBean(WebhookPriority.class);

            // the warm-up stores the backlog; the dispatcher starts on it at once
            // (back-off off: nothing held back)
            priority.setEnabled(false);
            var warm = sendWithWrk(port, payloads("warm", 6000 * warmSeconds, 1), clients, warmSeconds);
            System.out.printf("%n=== AckUnderDispatchBenchmark (PostgreSQL %s, %d CPUs) ===%n", HOST,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("warm-up: %d webhooks stored in %d s (%.0f msg/s), backlog %d stored messages%n",
                    warm.messages(), warmSeconds, warm.messages() / warm.seconds(), pending(jdbc));
            int run = 0;
            for (int r = 0; r < rounds; r++) {
                for (boolean on : new boolean[] { false, true }) {
                    priority.setEnabled(on);
                    long doneBefore = done(jdbc);
                    long heldBefore = priority.heldBack();
                    long t0 = System.nanoTime();
                    var ack = sendWithWrk(port, payloads("r" + (run++) + "-", 6000 * ackSeconds, 1), clients,
                            ackSeconds);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    long dispatched = done(jdbc) - doneBefore;
                    System.out
                        .printf("back-off %-3s: acknowledgement %.0f msg/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms%s;"
                                + " meanwhile dispatched %d (%.0f msg/s), %d background units held back, backlog %d%n",
                                on ? "on" : "off", ack.messages() / ack.seconds(), ack.p50Millis(), ack.p99Millis(),
                                ack.maxMillis(), ack.failures() > 0 ? ", " + ack.failures() + " NOT 200" : "",
                                dispatched, dispatched / seconds, priority.heldBack() - heldBefore, pending(jdbc));
                }
            }
            priority.setEnabled(true);
            System.out.println();
        }
        finally {
            app.close();
            admin("drop database if exists " + DB + " with (force)");
        }
    }

    private static long pending(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from inbox where status = 'PENDING'").query(Long.class).single();
    }

    private static long done(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from inbox where status = 'DONE'").query(Long.class).single();
    }

}
