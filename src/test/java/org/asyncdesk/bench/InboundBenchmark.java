package org.asyncdesk.bench;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.client.WireMock;
import org.asyncdesk.AsyncdeskApplication;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.Conversation;
import org.asyncdesk.conversation.ConversationRouter;
import org.asyncdesk.conversation.CustomerMessage;
import org.asyncdesk.conversation.ProcessVocabulary;
import org.asyncdesk.inbox.InboxDispatcher;
import org.asyncdesk.security.WebhookSignatures;
import org.asyncdesk.support.MailServer;
import org.asyncdesk.support.ProviderStub;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Inbound path on PostgreSQL, one run, one fresh database: (1) acknowledgement: signed
 * WhatsApp webhooks from a concurrent loopback client (messages/s, p50/p99 latency); (2)
 * dispatch: the stored messages correlated into conversations by the inbox dispatcher,
 * next to the bare engine doing the same correlations (same process, same variables, same
 * thread count) on the same database, both with the job executor running (the process's
 * first step is asynchronous): done = every message correlated. The webhooks come from
 * wrk when it is on the PATH ({@code bench/run} installs it), else
 * ({@code -Dbench.client=java}) from Java's HttpClient inside this JVM. Prints figures;
 * asserts nothing.
 * {@code bench/run InboundBenchmark [-Dbench.messages=6000 -Dbench.ackSeconds=15 -Dbench.warmupSeconds=10 -Dbench.dispatch=false -Dbench.groupSize=20 -Dbench.bareFirst=true -Dbench.warmup=3000 -Dbench.clients=16 -Dbench.workers=2 -Dbench.timeout=300 -Dbench.retryBackoff=50ms -Dbench.bareRetryPauseMs=50 -Dbench.poolSize=30]}
 */
class InboundBenchmark {

    static final String HOST = System.getenv().getOrDefault("ASYNCDESK_TEST_PGHOST", "127.0.0.1") + ":"
            + System.getenv().getOrDefault("ASYNCDESK_TEST_PGPORT", "5432");
    static final String DB = System.getenv().getOrDefault("ASYNCDESK_TEST_DB", "asyncdesk_it") + "_bench";

    static void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + "/postgres", "postgres",
                System.getenv().getOrDefault("ASYNCDESK_TEST_PGPASSWORD", "")); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void inbound() throws Exception {
        int messages = Integer.getInteger("bench.messages", 6000);
        int clients = Integer.getInteger("bench.clients", 16);
        int perConversation = 3;
        int workers = Integer.getInteger("bench.workers", 2);
        int warmupMessages = Integer.getInteger("bench.warmup", 3000);
        admin("drop database if exists " + DB + " with (force)");
        admin("create database " + DB);
        ConfigurableApplicationContext app = new SpringApplicationBuilder(AsyncdeskApplication.class)
            .profiles("postgres")
            .initializers(new MailServer(), new ProviderStub())
            .run("--server.port=0", "--spring.datasource.url=jdbc:postgresql://" + HOST + "/" + DB,
                    "--asyncdesk.inbox.enabled=false",
                    // the inbox's retry of a follow-up that finds no waiting instance yet
                    // (default 1 s, doubled)
                    "--asyncdesk.inbox.retry-backoff=" + System.getProperty("bench.retryBackoff", "50ms"),
                    "--asyncdesk.inbox.max-attempts=" + System.getProperty("bench.maxAttempts", "100"),
                    // a sender's messages waiting together go to the engine as one
                    // delivery (1 = one each)
                    "--asyncdesk.inbox.group-size=" + System.getProperty("bench.groupSize", "20"),
                    // Hikari's default 10 connections deadlock against the job executor
                    // (up to 10 threads, each
                    // holding a connection and asking for a second one for the engine's
                    // id generator) once
                    // jobs pile up: every thread waits 30 s for a connection. Sized above
                    // 2 x (10 + workers)
                    "--spring.datasource.hikari.maximum-pool-size=" + System.getProperty("bench.poolSize", "30"),
                    "--asyncdesk.channels.email.imap-host=", "--logging.level.org.asyncdesk=warn");
        try {
            // the process's Acknowledge step sends a WhatsApp message: the Graph API
            // stand-in accepts it (without a
            // stub every acknowledgement job fails with HTTP 404 and is retried later, on
            // both sides alike)
            ProviderStub.get()
                .stubFor(WireMock.post(WireMock.urlPathMatching(".*/messages"))
                    .willReturn(WireMock.aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.bench-out\"}]}")));
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            JdbcClient jdbc = app.getBean(JdbcClient.class);

            // (1) acknowledgement path. The client is wrk (C, epoll) when it is
            // installed, a separate process as a
            // provider would be; otherwise Java's HttpClient in this JVM, which takes CPU
            // from the server it measures
            boolean wrk = !"java".equals(System.getProperty("bench.client")) && onPath("wrk");
            int ackSeconds = Integer.getInteger("bench.ackSeconds", 15);
            AckRun warm;
            AckRun ack;
            if (wrk) {
                // wrk sends for a fixed time: enough distinct messages for 6,000/s, so
                // none is sent twice
                int warmSeconds = Integer.getInteger("bench.warmupSeconds", 10);
                warm = sendWithWrk(port, payloads("warm", 6000 * warmSeconds, perConversation), clients, warmSeconds);
                ack = sendWithWrk(port, payloads("bench", Math.max(messages, 6000 * ackSeconds), perConversation),
                        clients, ackSeconds);
            }
            else {
                warm = send(port, payloads("warm", warmupMessages, perConversation), clients);
                ack = send(port, payloads("bench", messages, perConversation), clients);
            }
            // dispatch takes the first bench.messages messages (whole conversations: a
            // customer's messages are
            // consecutive) and the first 600 warm-up ones; the rest were for the
            // acknowledgement figures and the JIT
            jdbc.sql("update inbox set status = 'DONE' where sender_address like 'warm%'"
                    + " and cast(substring(sender_address from 5) as int) >= :keep")
                .param("keep", 600 / perConversation)
                .update();
            jdbc.sql("update inbox set status = 'DONE' where sender_address like 'bench%'"
                    + " and cast(substring(sender_address from 6) as int) >= :keep")
                .param("keep", messages / perConversation)
                .update();
            long stored = jdbc.sql("select count(*) from inbox where sender_address like 'bench%'")
                .query(Long.class)
                .single();
            System.out.printf("%n=== InboundBenchmark (PostgreSQL %s, %d CPUs) ===%n", HOST,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(
                    "acknowledgement: %d signed WhatsApp webhooks%s, %d concurrent connections from %s: %.0f msg/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms%s; %d stored (after %d warm-up webhooks at %.0f msg/s)%n",
                    ack.messages(), wrk ? " in " + ackSeconds + " s" : "", clients, ack.client(),
                    ack.messages() / ack.seconds(), ack.p50Millis(), ack.p99Millis(), ack.maxMillis(),
                    ack.failures() > 0 ? ", " + ack.failures() + " NOT ACKNOWLEDGED WITH 200" : "", stored,
                    warm.messages(), warm.messages() / warm.seconds());

            if (!Boolean.parseBoolean(System.getProperty("bench.dispatch", "true"))) {
                return;
            }

            // (2) dispatch, with the real process: its first step (Classify) is
            // asynchronous, so a follow-up can only
            // be correlated once the job executor has run it. The job executor runs with
            // the application's own
            // settings for the whole run; during (1) there are no jobs (nothing is
            // dispatched), it only polls.
            // "Done" = every message correlated into its conversation: for ours every
            // inbox row DONE, for the bare
            // engine every follow-up correlation succeeded (a follow-up finding no
            // waiting instance is retried after
            // a short pause, as a real client must, while the thread goes on with other
            // conversations).
            long deadline = Long.getLong("bench.timeout", 300) * 1_000_000_000L;
            InboxDispatcher dispatcher = app.getBean(InboxDispatcher.class);
            // this machine's PostgreSQL runs with autovacuum off; analyze the inbox once
            // after the burst as
            // autovacuum would. Ours: the warm-up messages first, untimed
            jdbc.sql("analyze inbox").update();
            jdbc.sql("update inbox set next_attempt_at = :later where sender_address like 'bench%'")
                .param("later", Timestamp.from(Instant.now().plusSeconds(3600)))
                .update();
            dispatchUntilDone(dispatcher, jdbc, workers, "warm%", System.nanoTime() + deadline);
            drainJobs(jdbc, 120);
            long pending = remaining(jdbc, "bench%");
            int conversationsCount = (int) (pending / perConversation);
            // which side goes first: the other one runs on a database that holds the
            // first side's conversations.
            // The bare engine goes first by default: measured after ours it came out
            // slower (46-50 msg/s against
            // 72-82 msg/s first), which would flatter the ratio; -Dbench.bareFirst=false
            // shows that order
            boolean bareFirst = Boolean.parseBoolean(System.getProperty("bench.bareFirst", "true"));
            double bare = 0;
            if (bareFirst) {
                bare = bare(app, workers, perConversation, conversationsCount, deadline);
                drainJobs(jdbc, 300);
            }
            double ours = ours(app, jdbc, dispatcher, workers, perConversation, deadline);
            if (!bareFirst) {
                drainJobs(jdbc, 300);
                bare = bare(app, workers, perConversation, conversationsCount, deadline);
            }
            System.out.printf("dispatch / bare engine = %.2f%n%n", ours / bare);
        }
        finally {
            app.close();
            admin("drop database if exists " + DB + " with (force)");
        }
    }

    /**
     * Ours: the inbox dispatcher takes the stored bench messages into the transcript and
     * the engine.
     */
    static double ours(ConfigurableApplicationContext app, JdbcClient jdbc, InboxDispatcher dispatcher, int workers,
            int perConversation, long deadline) throws Exception {
        jdbc.sql("update inbox set next_attempt_at = received_at where sender_address like 'bench%'").update();
        long pending = remaining(jdbc, "bench%");
        long deliveriesBefore = dispatcher.engineDeliveries();
        long t0 = System.nanoTime();
        boolean oursDone = dispatchUntilDone(dispatcher, jdbc, workers, "bench%", t0 + deadline);
        double oursSeconds = (System.nanoTime() - t0) / 1e9;
        long left = remaining(jdbc, "bench%");
        long oursDelivered = pending - left;
        double ours = oursDelivered / oursSeconds;
        long retries = jdbc.sql("select coalesce(sum(attempts), 0) from inbox where sender_address like 'bench%'")
            .query(Long.class)
            .single();
        long parked = jdbc.sql("select count(*) from inbox where status = 'PARKED' and sender_address like 'bench%'")
            .query(Long.class)
            .single();
        long engineDeliveries = dispatcher.engineDeliveries() - deliveriesBefore;
        System.out.printf(
                "dispatch: %d stored messages into %d conversations, %d threads: %.0f msg/s (%d delivered in %.1f s, %d not done%s, %d failed attempts, %d parked; %d engine deliveries: messages in a row go in one)%n",
                pending, pending / perConversation, workers, ours, oursDelivered, oursSeconds, left,
                oursDone ? "" : " - TIMED OUT", retries, parked, engineDeliveries);

        return ours;
    }

    /**
     * The bare engine: the same start and follow-up correlations for as many new
     * conversations.
     */
    static double bare(ConfigurableApplicationContext app, int workers, int perConversation, int conversationsCount,
            long deadline) throws Exception {
        // bare engine: the same correlations (start message + follow-ups, same variables)
        // for the same number of
        // new conversations; their rows exist beforehand (untimed) because the process's
        // listeners read them
        ConversationRouter router = app.getBean(ConversationRouter.class);
        RuntimeService runtime = app.getBean(RuntimeService.class);
        List<Conversation> bareConversations = new ArrayList<>();
        for (int i = 0; i < conversationsCount; i++) {
            bareConversations.add(router.conversationFor(new CustomerMessage(Channel.WHATSAPP, "bare-" + i, "bare" + i,
                    "Bare " + i, null, "x", Instant.now())));
        }
        long pauseNanos = Long.getLong("bench.bareRetryPauseMs", 50) * 1_000_000L;
        DelayQueue<Step> queue = new DelayQueue<>();
        for (int i = 0; i < conversationsCount; i++) {
            queue.add(new Step(i, 0, 0));
        }
        int total = conversationsCount * perConversation;
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger bareRetries = new AtomicInteger();
        long t1 = System.nanoTime();
        long bareDeadline = t1 + deadline;
        parallel(workers, () -> {
            while (completed.get() < total && System.nanoTime() < bareDeadline) {
                Step step = queue.poll(20, TimeUnit.MILLISECONDS);
                if (step == null) {
                    continue;
                }
                Conversation c = bareConversations.get(step.conversation());
                try {
                    if (step.index() == 0) {
                        Map<String, Object> vars = new HashMap<>();
                        vars.put(ProcessVocabulary.VAR_CONVERSATION_ID, c.id());
                        vars.put(ProcessVocabulary.VAR_CUSTOMER_ID, c.customerId());
                        vars.put(ProcessVocabulary.VAR_CHANNEL, "whatsapp");
                        vars.put(ProcessVocabulary.VAR_LANGUAGE, c.language() == null ? "en" : c.language());
                        vars.put(ProcessVocabulary.VAR_CUSTOMER_TIER, "standard");
                        vars.put(ProcessVocabulary.VAR_REOPENED, false);
                        vars.put(ProcessVocabulary.VAR_LAST_CUSTOMER_MESSAGE_AT, new Date());
                        runtime.createMessageCorrelation(ProcessVocabulary.CUSTOMER_MESSAGE)
                            .processInstanceBusinessKey(c.id())
                            .setVariables(vars)
                            .correlateStartMessage();
                    }
                    else {
                        runtime.createMessageCorrelation(ProcessVocabulary.CUSTOMER_FOLLOW_UP)
                            .processInstanceBusinessKey(c.id())
                            .setVariable(ProcessVocabulary.VAR_LAST_CUSTOMER_MESSAGE_AT, new Date())
                            .setVariable(ProcessVocabulary.VAR_CHANNEL, "whatsapp")
                            .correlateWithResult();
                    }
                }
                catch (MismatchingMessageCorrelationException | OptimisticLockingException notYet) {
                    // not waiting for the customer yet (the job executor has not run
                    // Classify) or a concurrent
                    // job touched the instance: try again after a short pause
                    bareRetries.incrementAndGet();
                    queue.add(new Step(step.conversation(), step.index(), System.nanoTime() + pauseNanos));
                    continue;
                }
                completed.incrementAndGet();
                if (step.index() + 1 < perConversation) {
                    queue.add(new Step(step.conversation(), step.index() + 1, 0));
                }
            }
            return 0;
        });
        double bareSeconds = (System.nanoTime() - t1) / 1e9;
        double bare = completed.get() / bareSeconds;
        System.out.printf(
                "bare engine, same correlations, %d threads: %.0f msg/s (%d of %d correlated in %.1f s%s, %d retries after %d ms)%n",
                workers, bare, completed.get(), total, bareSeconds, completed.get() < total ? " - TIMED OUT" : "",
                bareRetries.get(), pauseNanos / 1_000_000);
        return bare;
    }

    /**
     * One message of a bare-engine conversation: index 0 starts it, the others are
     * follow-ups.
     */
    record Step(int conversation, int index, long dueNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos == 0 ? 0 : dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }
    }

    static long remaining(JdbcClient jdbc, String senders) {
        return jdbc.sql("select count(*) from inbox where status <> 'DONE' and sender_address like :s")
            .param("s", senders)
            .query(Long.class)
            .single();
    }

    /**
     * Runs the dispatcher on {@code workers} threads until every inbox row of these
     * senders is DONE or time is up.
     */
    static boolean dispatchUntilDone(InboxDispatcher dispatcher, JdbcClient jdbc, int workers, String senders,
            long deadlineNanos) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        parallel(workers, () -> {
            while (!done.get() && System.nanoTime() < deadlineNanos) {
                if (dispatcher.dispatchAll() == 0) {
                    // nothing due: either all done, or follow-ups wait for their retry
                    // (the job executor has not
                    // run the conversation's first step yet)
                    if (remaining(jdbc, senders) == 0) {
                        done.set(true);
                    }
                    else {
                        Thread.sleep(10);
                    }
                }
            }
            return 0;
        });
        return done.get();
    }

    /**
     * Waits (untimed) until the job executor has no due job left, so one side's jobs do
     * not slow the other.
     */
    static void drainJobs(JdbcClient jdbc, int seconds) throws InterruptedException {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        long due = 0;
        while (System.nanoTime() < until) {
            due = jdbc
                .sql("select count(*) from act_ru_job where retries_ > 0 and suspension_state_ = 1"
                        + " and (duedate_ is null or duedate_ <= now())")
                .query(Long.class)
                .single();
            if (due == 0) {
                System.out.printf("(untimed: the job executor's backlog took %.1f s more)%n",
                        seconds - (until - System.nanoTime()) / 1e9);
                return;
            }
            Thread.sleep(200);
        }
        System.out.println("!! " + due + " due jobs still waiting after " + seconds + " s");
    }

    static List<byte[]> payloads(String prefix, int n, int perConversation) {
        List<byte[]> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            // a customer's messages follow each other, as when someone writes three lines
            // in a row
            String from = prefix + (i / perConversation);
            String body = """
                    {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages","value":{
                     "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
                     "contacts":[{"profile":{"name":"Customer %d"},"wa_id":"%s"}],
                     "messages":[{"from":"%s","id":"wamid.%s-%d","timestamp":"%d","type":"text","text":{"body":"Where is my order %d?"}}]}}]}]}"""
                .formatted(i, from, from, prefix, i, Instant.now().getEpochSecond(), i)
                .replace("\n", "");
            list.add(body.getBytes(StandardCharsets.UTF_8));
        }
        return list;
    }

    /** One acknowledgement run as the client saw it. */
    record AckRun(String client, int messages, double seconds, double p50Millis, double p99Millis, double maxMillis,
            long failures) {
    }

    /** The in-JVM client: Java's HttpClient on {@code clients} threads. */
    static AckRun send(int port, List<byte[]> bodies, int clients) throws Exception {
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/webhooks/whatsapp");
        long[] latencies = new long[bodies.size()];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        // signatures are computed by the "provider" before the clock starts
        List<String> signatures = bodies.stream()
            .map(b -> WebhookSignatures.metaSignature("wa-app-secret", b))
            .toList();
        long start = System.nanoTime();
        parallel(clients, () -> {
            for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                long t = System.nanoTime();
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .header("X-Hub-Signature-256", signatures.get(i))
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i)))
                    .build(), HttpResponse.BodyHandlers.discarding());
                latencies[i] = System.nanoTime() - t;
                if (r.statusCode() != 200) {
                    failures.incrementAndGet();
                }
            }
            return 0;
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        return new AckRun("Java HttpClient in the server's JVM", bodies.size(), seconds,
                latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6,
                latencies[latencies.length - 1] / 1e6, failures.get());
    }

    /**
     * wrk on 2 threads with {@code clients} connections for {@code seconds}: each thread
     * sends its share of the signed bodies in order, each once (there must be more bodies
     * than wrk can send in that time).
     */
    static AckRun sendWithWrk(int port, List<byte[]> bodies, int clients, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("inbound-bench");
        Path requests = dir.resolve("requests.tsv");
        try (var out = Files.newBufferedWriter(requests, StandardCharsets.UTF_8)) {
            for (byte[] b : bodies) {
                out.write(WebhookSignatures.metaSignature("wa-app-secret", b));
                out.write('\t');
                out.write(new String(b, StandardCharsets.UTF_8));
                out.write('\n');
            }
        }
        Path script = dir.resolve("webhooks.lua");
        Files.writeString(script, """
                local reqs, sent = {}, 0
                local threads = 0
                function setup(thread)
                  threads = threads + 1
                  thread:set("tid", threads)
                end
                function init(args)
                  local n, i = tonumber(os.getenv("WRK_THREADS")), 0
                  for line in io.lines(os.getenv("REQUESTS")) do
                    if i %% n == tid - 1 then
                      local sig, body = line:match("([^\t]+)\t(.*)")
                      reqs[#reqs + 1] = wrk.format("POST", "/webhooks/whatsapp", {["Host"] = "127.0.0.1:%d",
                        ["Content-Type"] = "application/json", ["X-Hub-Signature-256"] = sig}, body)
                    end
                    i = i + 1
                  end
                end
                function request()
                  if sent < #reqs then sent = sent + 1 else io.stderr:write("OUT OF BODIES\\n") end
                  return reqs[sent]
                end
                function done(summary, latency, requests)
                  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
                    latency:percentile(50), latency:percentile(99), latency.max,
                    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
                      + summary.errors.timeout))
                end
                """.formatted(port));
        ProcessBuilder pb = new ProcessBuilder("wrk", "-t2", "-c" + clients, "-d" + seconds + "s", "--timeout", "30s",
                "-s", script.toString(), "http://127.0.0.1:" + port)
            .redirectErrorStream(true);
        pb.environment().put("REQUESTS", requests.toString());
        pb.environment().put("WRK_THREADS", "2");
        Process wrk = pb.start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        if (output.contains("webhooks.lua:") || output.contains("OUT OF BODIES")) {
            throw new IllegalStateException("wrk could not run the script:\n" + output);
        }
        String result = output.lines()
            .filter(l -> l.startsWith("RESULT "))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("wrk printed no result:\n" + output));
        long[] f = Arrays.stream(result.substring(7).trim().split(" ")).mapToLong(Long::parseLong).toArray();
        return new AckRun("wrk (separate process, 2 threads)", (int) f[0], f[1] / 1e6, f[2] / 1e3, f[3] / 1e3,
                f[4] / 1e3, f[5]);
    }

    static boolean onPath(String command) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }

    static void parallel(int threads, Callable<?> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(task));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        finally {
            pool.shutdown();
        }
    }

}
