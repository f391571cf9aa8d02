package org.asyncdesk.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.asyncdesk.AsyncdeskApplication;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.CustomerMessage;
import org.asyncdesk.conversation.ProcessVocabulary;
import org.asyncdesk.inbox.Inbox;
import org.asyncdesk.inbox.InboxDispatcher;
import org.asyncdesk.support.MailServer;
import org.asyncdesk.support.ProviderStub;
import org.asyncdesk.workflow.FeelParseCacheAccess;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultJobExecutor;
import org.camunda.bpm.engine.impl.persistence.StrongUuidGenerator;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.connect.plugin.impl.ConnectProcessEnginePlugin;
import org.camunda.spin.plugin.impl.SpinProcessEnginePlugin;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 11, part 2: the rate of full conversation starts at a peak of new customers, ours
 * against the bare engine. One run, two fresh PostgreSQL databases (one per side, so
 * neither side runs on the other's rows):
 * <ul>
 * <li><b>ours</b>: the application (its own engine configuration, job executor and
 * delegates) takes stored inbox messages, one per new customer (nothing to group),
 * through the inbox dispatcher ({@code dispatchAll} on {@code bench.workers} threads)
 * into conversations: customer, conversation, transcript, start, Classify (asynchronous),
 * both decisions, SLA clock, the agent task, then the Acknowledge job sending a WhatsApp
 * message to the stub Graph API;</li>
 * <li><b>bare</b>: a standalone Camunda engine in the same JVM, configured as the
 * application configures its engine (history full, authorization on with TASK_WORK for
 * candidates, strong UUIDs, the same job executor sizes and acquisition, Spin and
 * Connect, the job acquisition index, a Hikari pool of the same size), running the very
 * same files from {@code bpmn/} and {@code forms/}, with no-op beans for the vocabulary:
 * they set only the variables the diagram needs to go on ({@code intent},
 * {@code priority}; {@code respondDue}, {@code slaWarningAt}, {@code resolutionDue}) and
 * nothing else. The benchmark starts each instance by the same start message with the
 * same variables, on as many threads.</li>
 * </ul>
 * "Done" for both: every conversation has its agent task and no job is due any more (the
 * acknowledgements ran). A warm-up of {@code bench.warmup} conversations per side goes
 * first, untimed; then {@code bench.rounds} rounds of {@code bench.conversations} per
 * side, the sides alternating. Prints both rates per round and in total, and the ratio.
 * bench/README.md explains the choices.
 * {@code bench/run IntakeRateBenchmark [-Dbench.conversations=600 -Dbench.rounds=3 -Dbench.warmup=300 -Dbench.workers=2 -Dbench.bareFirst=true -Dbench.timeout=300 -Dbench.poolSize=30 -Dbench.bareFeelCache=false -Dbench.tableStats=false -Dbench.slowSqlMs=N -Dbench.oursArgs=--key=value,...]}
 */
class IntakeRateBenchmark {

    static final String HOST = InboundBenchmark.HOST;
    static final String PASSWORD = System.getenv().getOrDefault("ASYNCDESK_TEST_PGPASSWORD", "");
    static final String BASE = System.getenv().getOrDefault("ASYNCDESK_TEST_DB", "asyncdesk_it") + "_intake";
    static final String OURS_DB = BASE + "_ours";
    static final String BARE_DB = BASE + "_bare";

    @Test
    void intakeRate() throws Exception {
        int conversations = Integer.getInteger("bench.conversations", 600);
        int warmup = Integer.getInteger("bench.warmup", 300);
        int workers = Integer.getInteger("bench.workers", 2);
        int poolSize = Integer.getInteger("bench.poolSize", 30);
        long timeoutNanos = Long.getLong("bench.timeout", 300) * 1_000_000_000L;
        boolean bareFirst = Boolean.parseBoolean(System.getProperty("bench.bareFirst", "true"));
        int rounds = Integer.getInteger("bench.rounds", 3);
        for (String db : List.of(OURS_DB, BARE_DB)) {
            InboundBenchmark.admin("drop database if exists " + db + " with (force)");
            InboundBenchmark.admin("create database " + db);
            // diagnosis: statements slower than this many ms go to PostgreSQL's server
            // log
            if (System.getProperty("bench.slowSqlMs") != null) {
                InboundBenchmark.admin("alter database " + db + " set log_min_duration_statement = "
                        + Integer.getInteger("bench.slowSqlMs"));
            }
        }
        List<String> args = new ArrayList<>(
                List.of("--server.port=0", "--spring.datasource.url=jdbc:postgresql://" + HOST + "/" + OURS_DB,
                        "--spring.datasource.hikari.maximum-pool-size=" + poolSize, "--asyncdesk.inbox.enabled=false",
                        "--asyncdesk.channels.email.imap-host=", "--logging.level.org.asyncdesk=warn"));
        for (String a : System.getProperty("bench.oursArgs", "").split(",")) {
            if (!a.isBlank()) {
                args.add(a.strip());
            }
        }
        ConfigurableApplicationContext app = new SpringApplicationBuilder(AsyncdeskApplication.class)
            .profiles("postgres")
            .initializers(new MailServer(), new ProviderStub())
            .run(args.toArray(String[]::new));
        HikariDataSource bareDataSource = dataSource(BARE_DB, poolSize);
        ProcessEngine bare = bareEngine(bareDataSource);
        try {
            ProviderStub.get()
                .stubFor(WireMock.post(WireMock.urlPathMatching(".*/messages"))
                    .willReturn(WireMock.aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.bench-out\"}]}")));
            Ours ours = new Ours(app, workers, timeoutNanos);
            Bare bareSide = new Bare(bare, bareDataSource, workers, timeoutNanos);
            System.out.printf(
                    "%n=== IntakeRateBenchmark (PostgreSQL %s, %d CPUs, %d new customers, one message each, %d threads) ===%n",
                    HOST, Runtime.getRuntime().availableProcessors(), conversations, workers);
            // warm-up (JIT, caches, first deployment reads), untimed, on both sides
            // before either is measured
            ours.run("warm", warmup);
            bareSide.run("warm", warmup);
            // rounds, the sides alternating (bare first in odd rounds unless
            // bench.bareFirst=false): the machine is
            // shared, and what else runs on it changes over minutes, so each round
            // compares the sides under the same
            // conditions; the rates are totals over all rounds
            List<Double> ratios = new ArrayList<>();
            double bareSeconds = 0;
            double oursSeconds = 0;
            for (int round = 1; round <= rounds; round++) {
                boolean bareNow = bareFirst == (round % 2 == 1);
                Result b = bareNow ? bareSide.run("bench" + round + "b", conversations) : null;
                Result o = ours.run("bench" + round + "o", conversations);
                if (b == null) {
                    b = bareSide.run("bench" + round + "b", conversations);
                }
                bareSeconds += b.seconds();
                oursSeconds += o.seconds();
                ratios.add(o.rate() / b.rate());
                System.out.printf("round %d (%s first, load average %s)%n  %s%n  %s%n  ours / bare = %.2f%n", round,
                        bareNow ? "bare" : "ours", loadAverage(), b.describe("bare engine, no-op delegates"),
                        o.describe("ours (inbox → classify → decisions → SLA clock → ack sent → agent task)"),
                        o.rate() / b.rate());
            }
            if (Boolean.getBoolean("bench.tableStats")) {
                tableStats("ours", app.getBean(JdbcClient.class));
                tableStats("bare", JdbcClient.create(bareDataSource));
            }
            double oursRate = rounds * conversations / oursSeconds;
            double bareRate = rounds * conversations / bareSeconds;
            System.out.printf(
                    "ours %.1f conversations/s, bare %.1f conversations/s, ours / bare = %.2f (rounds: %s)%n%n",
                    oursRate, bareRate, oursRate / bareRate,
                    String.join(", ", ratios.stream().map(r -> String.format("%.2f", r)).toList()));
        }
        finally {
            bare.close();
            bareDataSource.close();
            app.close();
            for (String db : List.of(OURS_DB, BARE_DB)) {
                InboundBenchmark.admin("drop database if exists " + db + " with (force)");
            }
        }
    }

    /**
     * One side's timed run: until every conversation has its agent task and no job is
     * due.
     */
    record Result(int conversations, double seconds, double startSeconds, boolean timedOut, String detail) {
        double rate() {
            return conversations / seconds;
        }

        String describe(String side) {
            return String.format(
                    "%s: %d conversations in %.1f s = %.1f/s (starts handed to the engine after %.1f s)%s%s", side,
                    conversations, seconds, rate(), startSeconds, timedOut ? " - TIMED OUT" : "", detail);
        }
    }

    /** The application: stored inbox messages through the dispatcher. */
    static final class Ours {

        final JdbcClient jdbc;

        final Inbox inbox;

        final InboxDispatcher dispatcher;

        final int workers;

        final long timeoutNanos;

        int tasksBefore;

        Ours(ConfigurableApplicationContext app, int workers, long timeoutNanos) {
            this.jdbc = app.getBean(JdbcClient.class);
            this.inbox = app.getBean(Inbox.class);
            this.dispatcher = app.getBean(InboxDispatcher.class);
            this.workers = workers;
            this.timeoutNanos = timeoutNanos;
        }

        Result run(String prefix, int n) throws Exception {
            // stored beforehand, untimed: what the webhooks left in the inbox at the peak
            // (nobody dispatches meanwhile)
            for (int i = 0; i < n; i++) {
                inbox.accept(new CustomerMessage(Channel.WHATSAPP, "wamid." + prefix + "-" + i, prefix + i,
                        "Customer " + i, null, "Hello, where is my order " + (10000 + i) + "? It has not arrived yet.",
                        Instant.now()));
            }
            // this machine's PostgreSQL runs with autovacuum off: analyze as autovacuum
            // would after the burst
            jdbc.sql("analyze inbox").update();
            long t0 = System.nanoTime();
            long deadline = t0 + timeoutNanos;
            InboundBenchmark.dispatchUntilDone(dispatcher, jdbc, workers, prefix + "%", deadline);
            double started = (System.nanoTime() - t0) / 1e9;
            int expected = tasksBefore + n;
            boolean done = waitUntilDone(() -> count(jdbc, TASKS), () -> count(jdbc, DUE_JOBS), expected, deadline);
            double seconds = (System.nanoTime() - t0) / 1e9;
            tasksBefore = (int) count(jdbc, TASKS);
            long acks = jdbc.sql("select count(*) from message t"
                    + " join inbox i on i.conversation_id = t.conversation_id where i.sender_address like :p and t.direction = 'OUT'"
                    + " and t.author = 'Asyncdesk' and t.delivery_state in ('sent', 'delivered')")
                .param("p", prefix + "%")
                .query(Long.class)
                .single();
            long parked = jdbc.sql("select count(*) from inbox where status = 'PARKED' and sender_address like :p")
                .param("p", prefix + "%")
                .query(Long.class)
                .single();
            return new Result(n, seconds, started, !done,
                    String.format("; %d acknowledgements sent, %d parked, %d engine deliveries so far", acks, parked,
                            dispatcher.engineDeliveries()));
        }

    }

    /**
     * The bare engine: the same diagram, no-op beans, started by the same message with
     * the same variables.
     */
    static final class Bare {

        final ProcessEngine engine;

        final JdbcClient jdbc;

        final int workers;

        final long timeoutNanos;

        int tasksBefore;

        Bare(ProcessEngine engine, DataSource dataSource, int workers, long timeoutNanos) {
            this.engine = engine;
            this.jdbc = JdbcClient.create(dataSource);
            this.workers = workers;
            this.timeoutNanos = timeoutNanos;
        }

        Result run(String prefix, int n) throws Exception {
            RuntimeService runtime = engine.getRuntimeService();
            AtomicInteger next = new AtomicInteger();
            long t0 = System.nanoTime();
            long deadline = t0 + timeoutNanos;
            InboundBenchmark.parallel(workers, () -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    String id = prefix + "-" + i;
                    Map<String, Object> vars = new HashMap<>();
                    vars.put(ProcessVocabulary.VAR_CONVERSATION_ID, id);
                    vars.put(ProcessVocabulary.VAR_CUSTOMER_ID, "customer-" + id);
                    vars.put(ProcessVocabulary.VAR_CHANNEL, "whatsapp");
                    vars.put(ProcessVocabulary.VAR_LANGUAGE, "en");
                    vars.put(ProcessVocabulary.VAR_CUSTOMER_TIER, "standard");
                    vars.put(ProcessVocabulary.VAR_IDENTITY_VERIFIED, true);
                    vars.put(ProcessVocabulary.VAR_REOPENED, false);
                    vars.put(ProcessVocabulary.VAR_LAST_CUSTOMER_MESSAGE_AT, new Date());
                    runtime.createMessageCorrelation(ProcessVocabulary.CUSTOMER_MESSAGE)
                        .processInstanceBusinessKey(id)
                        .setVariables(vars)
                        .correlateStartMessage();
                }
                return 0;
            });
            double started = (System.nanoTime() - t0) / 1e9;
            int expected = tasksBefore + n;
            boolean done = waitUntilDone(() -> count(jdbc, TASKS), () -> count(jdbc, DUE_JOBS), expected, deadline);
            double seconds = (System.nanoTime() - t0) / 1e9;
            tasksBefore = (int) count(jdbc, TASKS);
            return new Result(n, seconds, started, !done, "");
        }

    }

    static final String TASKS = "select count(*) from act_ru_task where task_def_key_ = 'RespondToCustomer'";
    static final String DUE_JOBS = "select count(*) from act_ru_job where retries_ > 0 and suspension_state_ = 1"
            + " and (duedate_ is null or duedate_ <= now())";

    /** Diagnosis: the tables read most by sequential scans, and the busiest ones. */
    static void tableStats(String side, JdbcClient jdbc) {
        System.out
            .println(side + ": table, seq scans, rows read by seq scans, index scans, rows inserted, updated, deleted");
        jdbc.sql("select relname, seq_scan, seq_tup_read, coalesce(idx_scan, 0), n_tup_ins, n_tup_upd, n_tup_del"
                + " from pg_stat_user_tables order by seq_tup_read + n_tup_ins + n_tup_upd desc limit 15")
            .query((r, i) -> String.format("  %-28s %8d %12d %8d %8d %8d %8d", r.getString(1), r.getLong(2),
                    r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6), r.getLong(7)))
            .list()
            .forEach(System.out::println);
    }

    static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        }
        catch (IOException e) {
            return "unknown";
        }
    }

    static long count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    static boolean waitUntilDone(LongSupplier tasks, LongSupplier dueJobs, long expectedTasks, long deadlineNanos)
            throws InterruptedException {
        while (System.nanoTime() < deadlineNanos) {
            if (tasks.getAsLong() >= expectedTasks && dueJobs.getAsLong() == 0) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    static HikariDataSource dataSource(String db, int poolSize) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:postgresql://" + HOST + "/" + db);
        c.setUsername("postgres");
        c.setPassword(PASSWORD);
        c.setMaximumPoolSize(poolSize);
        c.setMinimumIdle(5);
        return new HikariDataSource(c);
    }

    /**
     * A standalone engine configured as application.yaml configures ours, with no-op
     * beans for the vocabulary.
     */
    static ProcessEngine bareEngine(DataSource dataSource) throws Exception {
        StandaloneProcessEngineConfiguration c = new StandaloneProcessEngineConfiguration();
        c.setProcessEngineName("bare");
        c.setDataSource(dataSource);
        c.setDatabaseSchemaUpdate("true");
        c.setHistoryLevel(HistoryLevel.HISTORY_LEVEL_FULL);
        c.setIdGenerator(new StrongUuidGenerator());
        c.setAuthorizationEnabled(true);
        c.setDefaultUserPermissionNameForTask("TASK_WORK");
        c.setEnforceHistoryTimeToLive(false);
        c.setJobExecutorAcquireByPriority(true);
        c.setJobExecutorAcquireByDueDate(true);
        c.setJobExecutorActivate(true);
        DefaultJobExecutor jobs = new DefaultJobExecutor();
        jobs.setCorePoolSize(3);
        jobs.setMaxPoolSize(10);
        jobs.setQueueSize(3);
        jobs.setWaitTimeInMillis(500);
        jobs.setMaxWait(1000);
        jobs.setMaxJobsPerAcquisition(10);
        jobs.setLockTimeInMillis(60000);
        c.setJobExecutor(jobs);
        List<ProcessEnginePlugin> plugins = new ArrayList<>(
                List.of(new SpinProcessEnginePlugin(), new ConnectProcessEnginePlugin()));
        // for comparison only: the bare engine with Asyncdesk's FEEL parse cache
        // (workflow.FeelParseCache)
        if (Boolean.getBoolean("bench.bareFeelCache")) {
            plugins.add(FeelParseCacheAccess.plugin());
        }
        c.setProcessEnginePlugins(plugins);
        c.setBeans(noOpBeans());
        ProcessEngine engine = c.buildProcessEngine();
        try (Connection con = dataSource.getConnection(); Statement s = con.createStatement()) {
            // as workflow.JobAcquisitionIndex does for ours
            s.execute("create index if not exists asyncdesk_job_acquisition on act_ru_job (duedate_)");
        }
        DeploymentBuilder d = engine.getRepositoryService().createDeployment().name("bare");
        try (Stream<Path> files = Stream.concat(Files.list(Path.of("bpmn")), Files.list(Path.of("forms")))) {
            for (Path p : files.filter(p -> p.toString().matches(".*\\.(bpmn|dmn|form)$")).toList()) {
                d.addString(p.getFileName().toString(), Files.readString(p));
            }
        }
        d.deploy();
        return engine;
    }

    /**
     * The vocabulary's names, each doing nothing but set what the diagram reads further
     * on.
     */
    static Map<Object, Object> noOpBeans() {
        Map<Object, Object> beans = new HashMap<>();
        JavaDelegate nothing = execution -> {
        };
        TaskListener noListener = task -> {
        };
        // the decisions read intent and priority (channel, tier and language come with
        // the start message)
        beans.put("classifier", (JavaDelegate) execution -> {
            execution.setVariable("intent", "general");
            execution.setVariable("priority", "normal");
        });
        beans.put("slaPolicy", new NoOpSlaPolicy());
        beans.put("acknowledgement", nothing);
        beans.put("respondTask", noListener);
        beans.put("slaTask", noListener);
        beans.put("callbackTask", noListener);
        beans.put("escalationAlert", nothing);
        beans.put("replySender", nothing);
        beans.put("handover", nothing);
        beans.put("conversationResolver", nothing);
        beans.put("shop", new NoOpShop());
        beans.put("agentForm", new NoOpAgentForm());
        beans.put("conversationPolicy", new NoOpConversationPolicy());
        return beans;
    }

    /** The timers and the task's due date need dates; nothing else. */
    public static class NoOpSlaPolicy {

        public void startConversation(DelegateExecution execution) {
            long now = System.currentTimeMillis();
            execution.setVariable("respondDue", new Date(now + 4 * 3_600_000L));
            execution.setVariable("slaWarningAt", new Date(now + 3 * 3_600_000L));
            execution.setVariable("resolutionDue", new Date(now + 72 * 3_600_000L));
        }

        public void customerWaiting(DelegateExecution execution) {
            startConversation(execution);
        }

        public void warning(DelegateExecution execution) {
        }

        public void breach(DelegateExecution execution, String kind) {
        }

        public void startCallback(DelegateExecution execution) {
            execution.setVariable("callbackDue", new Date(System.currentTimeMillis() + 3_600_000L));
        }

    }

    public static class NoOpShop {

        public boolean isConfigured() {
            return false;
        }

    }

    public static class NoOpAgentForm {

        public void refresh(DelegateExecution execution) {
        }

    }

    public static class NoOpConversationPolicy {

        public String getSilenceTimeout() {
            return "P3D";
        }

    }

}
