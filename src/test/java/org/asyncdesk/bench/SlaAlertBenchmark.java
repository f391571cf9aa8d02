package org.asyncdesk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.asyncdesk.automation.Classifier;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.ConversationRepository;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.ConversationStatus;
import org.asyncdesk.conversation.CustomerMessage;
import org.asyncdesk.conversation.ProcessVocabulary;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.WebchatAccess;
import org.asyncdesk.inbox.Inbox;
import org.asyncdesk.support.MailServer;
import org.asyncdesk.support.ProviderStub;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * Alert lateness under load: opens {@code bench.conversations} (10,000) web chat
 * conversations, paced over {@code bench.spread} (300 s) so that their SLA deadlines are
 * staggered, with a first-response target of {@code bench.target} (PT2M, 24/7) set in a
 * copy of sla-policy.dmn. Nobody answers, so every conversation gets a warning and a
 * breach alert. Runs on its own PostgreSQL database ({@code asyncdesk_bench_sla}) with
 * the real job executor (production settings) and GreenMail as SMTP server, and prints
 * the distribution of lateness from the due time to the moment the SMTP server accepted
 * the alert ({@code sla_alert.alerted_at}, set right after the SMTP transaction): p50,
 * p90, p99, max. Bounded by {@code bench.timeout} (PT20M).
 * <pre>bench/run SlaAlertBenchmark [-Dbench.conversations=10000 -Dbench.spread=300]</pre>
 */
@SpringBootTest(properties = { "camunda.bpm.job-execution.wait-time-in-millis=500",
        "camunda.bpm.job-execution.max-wait=1000", "spring.datasource.hikari.maximum-pool-size=24",
        "logging.level.root=warn", "logging.level.org.asyncdesk=warn" })
@ActiveProfiles("postgres")
@ContextConfiguration(initializers = { SlaAlertBenchmark.Setup.class, MailServer.class, ProviderStub.class })
class SlaAlertBenchmark {

    static final String DATABASE = "asyncdesk_bench_sla";

    /**
     * Its own fresh database and a deployment folder whose SLA policy has a short target.
     */
    static class Setup implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            String host = env("ASYNCDESK_TEST_PGHOST", "127.0.0.1") + ":" + env("ASYNCDESK_TEST_PGPORT", "5432");
            String user = env("ASYNCDESK_TEST_PGUSER", "postgres");
            String password = env("ASYNCDESK_TEST_PGPASSWORD", env("PGPASSWORD", ""));
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + "/postgres", user, password);
                    Statement s = c.createStatement()) {
                s.execute("drop database if exists " + DATABASE + " with (force)");
                s.execute("create database " + DATABASE);
                Path folder = Files.createTempDirectory("sla-bench");
                Files.createDirectories(folder.resolve("bpmn"));
                Files.createDirectories(folder.resolve("forms"));
                for (String f : List.of("bpmn/conversation.bpmn", "bpmn/routing.dmn", "forms/respond.form")) {
                    Files.copy(Path.of(f), folder.resolve(f));
                }
                String target = System.getProperty("bench.target", "PT2M");
                Files.writeString(folder.resolve("bpmn/sla-policy.dmn"),
                        Files.readString(Path.of("bpmn/sla-policy.dmn"))
                            .replace("<outputEntry id=\"Rule_Messaging_firstResponse\"><text>\"PT4H\"</text>",
                                    "<outputEntry id=\"Rule_Messaging_firstResponse\"><text>\"" + target + "\"</text>")
                            .replace("<outputEntry id=\"Rule_Messaging_calendar\"><text>\"support\"</text>",
                                    "<outputEntry id=\"Rule_Messaging_calendar\"><text>\"24/7\"</text>"));
                context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("bench",
                            Map.of("spring.datasource.url", "jdbc:postgresql://" + host + "/" + DATABASE,
                                    "asyncdesk.deployment.path", folder.toString())));
            }
            catch (Exception e) {
                throw new IllegalStateException("benchmark set-up failed: " + e.getMessage(), e);
            }
        }

    }

    @Autowired
    ConversationService conversations;

    @Autowired
    Transcript transcript;

    @Autowired
    WebchatAccess webchats;

    @Autowired
    Inbox inbox;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ConversationRepository conversationRows;

    @Autowired
    RuntimeService runtime;

    @Test
    void alertLateness() throws Exception {
        if ("overload".equals(System.getProperty("bench.mode"))) {
            overload();
            return;
        }
        int n = Integer.getInteger("bench.conversations", 10_000);
        Duration spread = Duration.ofSeconds(Long.getLong("bench.spread", 300L));
        Duration timeout = Duration.parse(System.getProperty("bench.timeout", "PT20M"));
        Instant start = Instant.now();
        for (int i = 0; i < n; i++) {
            // pace the arrivals so that deadlines are staggered over the spread
            Instant planned = start.plusMillis(spread.toMillis() * i / n);
            long wait = Duration.between(Instant.now(), planned).toMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            String email = "bench-" + i + "@example.com";
            var opened = webchats.open("Bench Customer " + i, email, "en");
            inbox.accept(opened.conversation().id(), new CustomerMessage(Channel.WEBCHAT, "bench-" + UUID.randomUUID(),
                    email, "Bench Customer " + i, "en", "Where is my order " + i + "?", Instant.now()));
        }
        Duration opening = Duration.between(start, Instant.now());
        System.out.printf("%nopened %d conversations in %d s (%.0f/s)%n", n, opening.toSeconds(),
                n / Math.max(0.001, opening.toMillis() / 1000.0));

        Instant deadline = Instant.now().plus(timeout);
        long breaches = 0;
        while (Instant.now().isBefore(deadline)) {
            breaches = count("response-breach");
            if (breaches >= n) {
                break;
            }
            Thread.sleep(2000);
        }
        System.out.printf(
                "benchmark took %d s in all; alerts sent: %d breach, %d warning; e-mails accepted by "
                        + "GreenMail: %d (one per recipient)%n",
                Duration.between(start, Instant.now()).toSeconds(), breaches, count("warning"),
                MailServer.get().getReceivedMessages().length);
        report("breach alerts (due time -> SMTP accepted)", "response-breach");
        report("warning e-mails (warning time -> SMTP accepted)", "warning");
    }

    /**
     * Overload mode: {@code bench.conversations} (10,000) open conversations,
     * {@code bench.alerting} (2,000) of which reach their warning and breach during
     * {@code bench.window} (240 s), while new conversations arrive as fast as the node
     * takes them in (the node at its intake limit). The open conversations are put in
     * place first, untimed, straight at the SLA decision (with what Classify would have
     * set), so they need no intake work of their own; the alerting ones with a last
     * customer message scheduled so that their deadlines spread over the window, the
     * others "urgent" (first response in an hour) and due after the run. The intake
     * conversations go the whole way (inbox, Classify, both decisions, acknowledgement,
     * agent task) and are "urgent" as well, so they add no alert within the run. Intake
     * is offered whenever fewer than {@code bench.backlog} (100) messages or intake jobs
     * are waiting. Prints the intake rate and the alerts' lateness.
     * <pre>bench/run SlaAlertBenchmark -Dbench.mode=overload [-Dasyncdesk.jobs.urgent.enabled=false]</pre>
     */
    private void overload() throws Exception {
        int open = Integer.getInteger("bench.conversations", 10_000);
        int n = Math.min(open, Integer.getInteger("bench.alerting", 2_000));
        Duration target = Duration.parse(System.getProperty("bench.target", "PT2M"));
        Duration window = Duration.ofSeconds(Long.getLong("bench.window", 240L));
        Duration preloadBudget = Duration.ofSeconds(Long.getLong("bench.preload", 210L));
        int backlog = Integer.getInteger("bench.backlog", 100);
        int threads = Integer.getInteger("bench.preloadThreads", 3);
        Instant start = Instant.now();
        long warningLead = Math.round(target.toMillis() * 0.75);
        // the first warning falls due when the preload budget is over, the last breach a
        // window later
        Instant firstArrival = start.plus(preloadBudget).minusMillis(warningLead);
        long arrivalSpread = Math.max(0, window.toMillis() - (target.toMillis() - warningLead));
        var next = new AtomicInteger();
        var pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> loaders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            loaders.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < open; i = next.getAndIncrement()) {
                    // every open/alerting-th one alerts in the window, so they are spread
                    // over the preload
                    int stride = Math.max(1, open / n);
                    if (i % stride == 0 && i / stride < n) {
                        preload(i, "Where is my order " + i + "?",
                                firstArrival.plusMillis(arrivalSpread * (i / stride) / n));
                    }
                    else {
                        preload(i, "Urgent: where is my order " + i + "?", Instant.now());
                    }
                }
                return null;
            }));
        }
        for (var f : loaders) {
            f.get();
        }
        pool.shutdown();
        Instant preloaded = Instant.now();
        System.out.printf("%npreloaded %d open conversations (%d to alert in the window) in %d s (budget %d s)%n", open,
                n, Duration.between(start, preloaded).toSeconds(), preloadBudget.toSeconds());
        if (preloaded.isAfter(start.plus(preloadBudget))) {
            System.out.println("WARNING: the preload overran its budget: the first alerts fell due during it");
        }

        // intake flat out until the last breach is due, offered whenever the node has
        // taken the last lot in
        Instant lastDue = firstArrival.plusMillis(arrivalSpread).plus(target).plusSeconds(2);
        long offered = 0;
        Instant intakeStart = Instant.now();
        while (Instant.now().isBefore(lastDue)) {
            if (waitingIntake() >= backlog) {
                Thread.sleep(50);
                continue;
            }
            for (int k = 0; k < 20; k++, offered++) {
                String email = "intake-" + offered + "@example.com";
                var opened = webchats.open("Intake Customer " + offered, email, "en");
                inbox.accept(opened.conversation().id(),
                        new CustomerMessage(Channel.WEBCHAT, "intake-" + UUID.randomUUID(), email,
                                "Intake Customer " + offered, "en", "Urgent: where is my order " + offered + "?",
                                Instant.now()));
            }
        }
        Duration intake = Duration.between(intakeStart, Instant.now());
        // only the intake went through the inbox
        long started = jdbc.sql("select count(*) from inbox where status = 'DONE'").query(Long.class).single();
        long tasks = runtime.createProcessInstanceQuery().processDefinitionKey("conversation").count();
        Instant deadline = Instant.now().plusSeconds(60);
        while (count("response-breach") < n && Instant.now().isBefore(deadline)) {
            Thread.sleep(1000);
        }
        System.out.printf(
                "intake during the alerts: %d conversations offered in %d s (%.1f/s), %d of them "
                        + "dispatched into the engine; %d instances in all; urgent executor %s%n",
                offered, intake.toSeconds(), offered / Math.max(0.001, intake.toMillis() / 1000.0), started, tasks,
                System.getProperty("asyncdesk.jobs.urgent.enabled", "true"));
        System.out.printf("alerts sent: %d breach, %d warning (of %d each)%n", count("response-breach"),
                count("warning"), n);
        report("breach alerts (due time -> SMTP accepted)", "response-breach");
        report("warning e-mails (warning time -> SMTP accepted)", "warning");
    }

    /**
     * One open conversation as Classify leaves it, its customer's last message at
     * {@code arrival}.
     */
    private void preload(int i, String text, Instant arrival) {
        String email = "bench-" + i + "@example.com";
        var opened = webchats.open("Bench Customer " + i, email, "en");
        String id = opened.conversation().id();
        transcript.appendInbound(id, new CustomerMessage(Channel.WEBCHAT, "bench-" + UUID.randomUUID(), email,
                "Bench Customer " + i, "en", text, arrival));
        conversationRows.updateStatus(id, ConversationStatus.WAITING_FOR_AGENT, Instant.now());
        var c = Classifier.classify(text, "standard");
        runtime.createProcessInstanceByKey("conversation")
            .businessKey(id)
            .setVariable(ProcessVocabulary.VAR_CONVERSATION_ID, id)
            .setVariable(ProcessVocabulary.VAR_CUSTOMER_ID, opened.conversation().customerId())
            .setVariable(ProcessVocabulary.VAR_CHANNEL, Channel.WEBCHAT.key())
            .setVariable(ProcessVocabulary.VAR_LANGUAGE, "en")
            .setVariable(ProcessVocabulary.VAR_CUSTOMER_TIER, "standard")
            .setVariable(ProcessVocabulary.VAR_IDENTITY_VERIFIED, false)
            .setVariable(ProcessVocabulary.VAR_REOPENED, false)
            .setVariable(ProcessVocabulary.VAR_LAST_CUSTOMER_MESSAGE_AT, Date.from(arrival))
            .setVariable("intent", c.intent())
            .setVariable("priority", c.priority())
            .startBeforeActivity("DetermineSla")
            .execute();
    }

    /**
     * Intake not yet done: messages waiting in the inbox and due intake jobs (below the
     * urgent priority).
     */
    private long waitingIntake() {
        return jdbc.sql("""
                select (select count(*) from inbox where status = 'PENDING')
                     + (select count(*) from act_ru_job where priority_ < 100 and retries_ > 0
                          and (duedate_ is null or duedate_ <= localtimestamp))""").query(Long.class).single();
    }

    private long count(String kind) {
        return jdbc.sql("select count(*) from sla_alert where kind = :k and alerted_at is not null")
            .param("k", kind)
            .query(Long.class)
            .single();
    }

    private void report(String title, String kind) {
        List<Long> millis = new ArrayList<>(jdbc.sql("""
                select due_at, alerted_at from sla_alert where kind = :k and alerted_at is not null""")
            .param("k", kind)
            .query((rs, i) -> Duration
                .between(rs.getTimestamp("due_at").toInstant(), rs.getTimestamp("alerted_at").toInstant())
                .toMillis())
            .list());
        if (kind.equals("warning")) {
            // a warning row is keyed by the response due time; its timer fires at 75 % of
            // the target
            Duration target = Duration.parse(System.getProperty("bench.target", "PT2M"));
            long early = Math.round(target.toMillis() * 0.25);
            millis.replaceAll(m -> m + early);
        }
        Collections.sort(millis);
        if (millis.isEmpty()) {
            System.out.println(title + ": none");
            return;
        }
        System.out.printf("%s: n=%d  p50=%d ms  p90=%d ms  p99=%d ms  max=%d ms  min=%d ms%n", title, millis.size(),
                pct(millis, 50), pct(millis, 90), pct(millis, 99), millis.get(millis.size() - 1), millis.get(0));
    }

    private static long pct(List<Long> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }

}
