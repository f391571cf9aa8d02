package org.asyncdesk.bench;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.asyncdesk.support.Conversations;
import org.asyncdesk.support.MailServer;
import org.asyncdesk.support.ProviderStub;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * Tasklist at scale (issue 11, part 1): {@code bench.tasks} (10,000) open
 * {@code RespondToCustomer} tasks, 60 % {@code agents}, 25 % {@code agents-de}, 15 %
 * {@code tier2}, then the requests Tasklist sends, through a Tasklist session (login,
 * CSRF token), timed for anna (agents), ben (agents and agents-de) and maria (escalation
 * managers): for every filter the user may read, the HAL {@code POST
 * …/filter/{id}/list?firstResult=0&maxResults=15} with Tasklist's body (it carries the
 * count as well) and {@code GET …/filter/{id}/count}; plus the engine REST API's
 * {@code GET /engine-rest/task/count?candidateGroup=agents} as anna. Prints p50 / p95 /
 * max per request.
 * <p>
 * The fill. {@code bench.prototypes} (100) conversations go through the real application:
 * web chat, inbox, Classify, both decisions, SLA clock, acknowledgement, the agent task
 * with its listeners, and so its scopes, timers, event subscriptions, variables, identity
 * links and authorization rows. Of these, every tenth agents task is claimed by anna, 10
 * % are made at risk and 5 % breached by running their real timer jobs (the breach adds
 * the escalation managers' group). Then the engine's runtime rows of those instances
 * (executions, tasks, variables and their byte arrays, identity links, task
 * authorizations, jobs, event subscriptions) are copied in SQL until there are
 * {@code bench.tasks} open tasks: every instance-scoped id is mapped to a new UUID
 * ({@code md5(id || copy)}), definitions stay shared, the due dates of a copy's task and
 * jobs move by up to two days. History rows and Asyncdesk's own conversation rows are not
 * copied (no Tasklist list request reads them).
 * <p>
 * Own database {@code asyncdesk_bench_tasklist} ({@code -Dbench.database=}), left in
 * place after the run for {@code EXPLAIN ANALYZE}; {@code -Dbench.reuse=true} measures it
 * again without filling (when it holds enough open tasks), {@code -Dbench.fillOnly=true}
 * fills and measures nothing. Figures: docs/tasklist-scale.md. The job executor and the
 * inbox dispatcher are off, so nothing changes the rows while they are measured.
 * <pre>bench/run TasklistScaleBenchmark [-Dbench.tasks=10000 -Dbench.rounds=20 -Dbench.warmup=3 -Dbench.users=anna,ben,maria]</pre>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "camunda.bpm.job-execution.enabled=false", "asyncdesk.inbox.enabled=false",
                "asyncdesk.deployment.watch=false", "logging.level.root=warn", "logging.level.org.asyncdesk=warn" })
@ActiveProfiles("postgres")
@ContextConfiguration(initializers = { TasklistScaleBenchmark.Setup.class, MailServer.class, ProviderStub.class })
class TasklistScaleBenchmark {

    static final String DATABASE = System.getProperty("bench.database", "asyncdesk_bench_tasklist");

    /** Its own database: made fresh unless {@code bench.reuse}. */
    static class Setup implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            String host = env("ASYNCDESK_TEST_PGHOST", "127.0.0.1") + ":" + env("ASYNCDESK_TEST_PGPORT", "5432");
            String user = env("ASYNCDESK_TEST_PGUSER", "postgres");
            String password = env("ASYNCDESK_TEST_PGPASSWORD", env("PGPASSWORD", ""));
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + "/postgres", user, password);
                    Statement s = c.createStatement()) {
                boolean exists;
                try (var rs = s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                    exists = rs.next();
                }
                if (!Boolean.getBoolean("bench.reuse") || !exists) {
                    s.execute("drop database if exists " + DATABASE + " with (force)");
                    s.execute("create database " + DATABASE);
                }
                context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("bench",
                            Map.of("spring.datasource.url", "jdbc:postgresql://" + host + "/" + DATABASE)));
            }
            catch (Exception e) {
                throw new IllegalStateException("benchmark set-up failed: " + e.getMessage(), e);
            }
        }

    }

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    @Autowired
    TaskService tasks;

    @Autowired
    ManagementService management;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ObjectMapper json;

    @Test
    void filtersAtScale() throws Exception {
        int n = Integer.getInteger("bench.tasks", 10_000);
        int rounds = Integer.getInteger("bench.rounds", 20);
        long open = openTasks();
        if (open < n) {
            long start = System.nanoTime();
            List<String> prototypes = prototypes(Integer.getInteger("bench.prototypes", 100));
            long made = System.nanoTime();
            copy(prototypes, n);
            System.out.printf(
                    "%nfill: %d prototypes through the application in %.1f s, copied to %d open tasks in " + "%.1f s%n",
                    prototypes.size(), (made - start) / 1e9, openTasks(), (System.nanoTime() - made) / 1e9);
        }
        // statistics, and the visibility map that autovacuum keeps in production: rows
        // copied in one go (on a server
        // that may run without autovacuum) would otherwise send every index-only scan to
        // the table's heap
        jdbc.sql("vacuum analyze").update();
        System.out.printf("%nopen tasks: %s; authorization rows: %s%n", groupsOfOpenTasks(),
                jdbc.sql("select count(*) from act_ru_authorization").query(Long.class).single());

        if (Boolean.getBoolean("bench.fillOnly")) {
            return;
        }
        List<String> lines = new ArrayList<>();
        for (String user : System.getProperty("bench.users", "anna,ben,maria").split(",")) {
            Session session = new Session(user);
            for (JsonNode filter : session.filters()) {
                String id = filter.get("id").asText();
                String name = filter.get("name").asText();
                long[] total = new long[1];
                List<Long> list = time(rounds, () -> total[0] = session.list(id));
                List<Long> count = time(rounds, () -> session.count(id));
                lines.add(String.format(
                        "%-6s %-40s %7d tasks | list p50 %6d  p95 %6d  max %6d ms | count p50 %6d  "
                                + "p95 %6d  max %6d ms",
                        user, name, total[0], pct(list, 50), pct(list, 95), list.get(list.size() - 1), pct(count, 50),
                        pct(count, 95), count.get(count.size() - 1)));
            }
        }
        long[] restCount = new long[1];
        List<Long> rest = time(rounds,
                () -> restCount[0] = restCount("anna", "/engine-rest/task/count?candidateGroup=agents"));
        lines.add(
                String.format("anna   GET /engine-rest/task/count?candidateGroup=agents %d | p50 %d  p95 %d  max %d ms",
                        restCount[0], pct(rest, 50), pct(rest, 95), rest.get(rest.size() - 1)));
        System.out.printf("%nTasklist at %d open tasks (%d rounds after %d warm-up rounds; milliseconds per request)%n",
                openTasks(), rounds, Integer.getInteger("bench.warmup", 3));
        lines.forEach(System.out::println);
    }

    // ---------------------------------------------------------------- fill

    /**
     * Conversations through the real application, in the shares of the issue: English
     * general questions (agents), German ones (agents-de), English complaints (tier2).
     */
    private List<String> prototypes(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int slot = i % 20;
            String id = slot < 12
                    ? conversations.open("Proto Customer " + i, "Hello, where is my parcel? Order " + (4000 + i) + ".")
                    : slot < 17
                            ? conversations.open("Proto Kunde " + i,
                                    "Hallo, wo ist meine Bestellung? Ich warte schon seit "
                                            + "einer Woche auf das Paket " + (4000 + i) + ".",
                                    "de")
                            : conversations.open("Proto Complainer " + i,
                                    "This is unacceptable, I want to complain about " + "order " + (4000 + i) + ".");
            ids.add(id);
            Task task = conversations.task(id);
            if (slot < 12 && i % 10 == 0) {
                tasks.claim(task.getId(), "anna");
            }
            if (i % 20 == 3 || i % 20 == 13) {
                runTimer(task.getProcessInstanceId(), "SlaWarning");
            }
            else if (i % 20 == 7) {
                runTimer(task.getProcessInstanceId(), "SlaWarning");
                runTimer(task.getProcessInstanceId(), "SlaBreached");
            }
        }
        return jdbc.sql("select proc_inst_id_ from act_ru_task where task_def_key_ = 'RespondToCustomer'")
            .query(String.class)
            .list();
    }

    /**
     * Fires a boundary timer now, as if its time had come (the alert jobs it creates
     * stay, as they would on a busy node).
     */
    private void runTimer(String processInstanceId, String activityId) {
        Job timer = management.createJobQuery()
            .processInstanceId(processInstanceId)
            .timers()
            .activityId(activityId)
            .singleResult();
        management.executeJob(timer.getId());
    }

    private void copy(List<String> prototypes, int n) {
        jdbc.sql("create temporary table bench_proto (id varchar(64) primary key)").update();
        for (String p : prototypes) {
            jdbc.sql("insert into bench_proto values (?)").param(p).update();
        }
        int copies = (int) Math.ceil((double) (n - prototypes.size()) / prototypes.size());
        int batch = Math.max(1, 20_000 / prototypes.size());
        for (int from = 1; from <= copies; from += batch) {
            int to = Math.min(copies, from + batch - 1);
            copyBatch(from, to);
        }
        // the last batch may overshoot: remove whole copies beyond n
        long extra = openTasks() - n;
        if (extra > 0) {
            System.out.printf("(%d tasks above %d kept: copies are whole)%n", extra, n);
        }
    }

    /**
     * Copies the prototype instances {@code from..to} times, in one statement per table.
     */
    private void copyBatch(int from, int to) {
        String series = "generate_series(" + from + ", " + to + ") as c(n)";
        String shift = "(abs(hashtext(%s || '#' || c.n)) %% 2880) * interval '1 minute'";
        copyTable("act_ru_execution", "proc_inst_id_ in (select id from bench_proto)", series,
                Map.of("id_", id("id_"), "root_proc_inst_id_", id("root_proc_inst_id_"), "proc_inst_id_",
                        id("proc_inst_id_"), "business_key_", id("business_key_"), "parent_id_", id("parent_id_"),
                        "super_exec_", id("super_exec_"), "act_inst_id_", activityInstance("act_inst_id_")));
        copyTable("act_ge_bytearray",
                "id_ in (select bytearray_id_ from act_ru_variable where proc_inst_id_ in "
                        + "(select id from bench_proto) union select exception_stack_id_ from act_ru_job where "
                        + "process_instance_id_ in (select id from bench_proto))",
                series, Map.of("id_", id("id_"), "root_proc_inst_id_", id("root_proc_inst_id_")));
        copyTable("act_ru_task", "proc_inst_id_ in (select id from bench_proto)", series,
                Map.of("id_", id("id_"), "execution_id_", id("execution_id_"), "proc_inst_id_", id("proc_inst_id_"),
                        "due_date_", "due_date_ + " + String.format(shift, "proc_inst_id_")));
        copyTable("act_ru_variable", "proc_inst_id_ in (select id from bench_proto)", series,
                Map.of("id_", id("id_"), "execution_id_", id("execution_id_"), "proc_inst_id_", id("proc_inst_id_"),
                        "task_id_", id("task_id_"), "bytearray_id_", id("bytearray_id_"), "var_scope_",
                        id("var_scope_"), "text_",
                        "case when name_ = 'conversationId' then " + id("text_") + " else text_ end"));
        copyTable("act_ru_identitylink",
                "task_id_ in (select id_ from act_ru_task where proc_inst_id_ in " + "(select id from bench_proto))",
                series, Map.of("id_", id("id_"), "task_id_", id("task_id_")));
        copyTable("act_ru_authorization",
                "resource_type_ = 7 and resource_id_ in (select id_ from act_ru_task where "
                        + "proc_inst_id_ in (select id from bench_proto))",
                series, Map.of("id_", id("id_"), "resource_id_", id("resource_id_"), "root_proc_inst_id_",
                        id("root_proc_inst_id_")));
        copyTable("act_ru_job", "process_instance_id_ in (select id from bench_proto)", series,
                Map.of("id_", id("id_"), "execution_id_", id("execution_id_"), "process_instance_id_",
                        id("process_instance_id_"), "root_proc_inst_id_", id("root_proc_inst_id_"),
                        "exception_stack_id_", id("exception_stack_id_"), "duedate_",
                        "duedate_ + " + String.format(shift, "process_instance_id_")));
        copyTable("act_ru_event_subscr", "proc_inst_id_ in (select id from bench_proto)", series,
                Map.of("id_", id("id_"), "execution_id_", id("execution_id_"), "proc_inst_id_", id("proc_inst_id_")));
    }

    private void copyTable(String table, String prototypeRows, String series, Map<String, String> mapped) {
        List<String> columns = jdbc
            .sql("select column_name from information_schema.columns where table_name = ? "
                    + "and table_schema = current_schema() order by ordinal_position")
            .param(table)
            .query(String.class)
            .list();
        String select = columns.stream().map(c -> mapped.getOrDefault(c, c)).collect(Collectors.joining(", "));
        jdbc.sql("insert into " + table + " (" + String.join(", ", columns) + ") select " + select + " from " + table
                + " cross join " + series + " where " + prototypeRows)
            .update();
    }

    /**
     * The copy's id for an instance-scoped id: a UUID of its own per copy, the same in
     * every table.
     */
    private static String id(String column) {
        return "case when " + column + " is null then null else md5(" + column + " || '#' || c.n)::uuid::text end";
    }

    /**
     * Activity instance ids read "ActivityId:uuid" (or are the instance id): the activity
     * part stays.
     */
    private static String activityInstance(String column) {
        return "case when " + column + " is null then null when position(':' in " + column + ") > 0 then "
                + "split_part(" + column + ", ':', 1) || ':' || md5(" + column + " || '#' || c.n)::uuid::text "
                + "else md5(" + column + " || '#' || c.n)::uuid::text end";
    }

    private long openTasks() {
        return jdbc.sql("select count(*) from act_ru_task").query(Long.class).single();
    }

    private Map<String, Long> groupsOfOpenTasks() {
        Map<String, Long> groups = new LinkedHashMap<>();
        jdbc.sql("select group_id_, count(*) from act_ru_identitylink where type_ = 'candidate' group by group_id_ "
                + "order by 2 desc")
            .query((rs, i) -> groups.put(rs.getString(1), rs.getLong(2)))
            .list();
        groups.put("total", openTasks());
        return groups;
    }

    // ---------------------------------------------------------------- measuring

    interface Call {

        void run() throws Exception;

    }

    private static List<Long> time(int rounds, Call call) throws Exception {
        for (int i = 0; i < Integer.getInteger("bench.warmup", 3); i++) {
            call.run();
        }
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            call.run();
            millis.add((System.nanoTime() - t) / 1_000_000);
        }
        Collections.sort(millis);
        return millis;
    }

    private static long pct(List<Long> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private long restCount(String user, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization",
                        "Basic " + Base64.getEncoder()
                            .encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofMinutes(5))
                .build(), HttpResponse.BodyHandlers.ofString());
        check(r);
        return json.readTree(r.body()).get("count").asLong();
    }

    /**
     * A Tasklist session: logged in through the webapp's login, CSRF token from its
     * cookie, as the browser does.
     */
    private final class Session {

        private final CookieManager cookies = new CookieManager();

        private final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();

        Session(String user) throws Exception {
            client.send(HttpRequest.newBuilder(URI.create(base() + "/camunda/app/tasklist/default/")).build(),
                    HttpResponse.BodyHandlers.discarding());
            check(client
                .send(HttpRequest.newBuilder(URI.create(base() + "/camunda/api/admin/auth/user/default/login/tasklist"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-XSRF-TOKEN", csrf())
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=demo"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
            client.send(HttpRequest.newBuilder(URI.create(base() + "/camunda/api/admin/auth/user/default")).build(),
                    HttpResponse.BodyHandlers.discarding());
        }

        /** The filters Tasklist shows this user (the request it sends at start). */
        List<JsonNode> filters() throws Exception {
            HttpResponse<String> r = client
                .send(get("/camunda/api/engine/engine/default/filter?firstResult=0&maxResults=2000"
                        + "&itemCount=false&resourceType=Task"), HttpResponse.BodyHandlers.ofString());
            check(r);
            List<JsonNode> filters = new ArrayList<>();
            json.readTree(r.body()).forEach(filters::add);
            filters.sort(Comparator.comparingInt(f -> f.path("properties").path("priority").asInt()));
            return filters;
        }

        /**
         * Tasklist's list request (HAL, with the filter's variables and the count);
         * returns the count.
         */
        long list(String filterId) throws Exception {
            String body = "{\"processVariables\":[],\"taskVariables\":[],\"caseInstanceVariables\":[],"
                    + "\"firstResult\":0,\"maxResults\":15,\"sorting\":[{\"sortBy\":\"dueDate\",\"sortOrder\":\"asc\"}],"
                    + "\"active\":true}";
            HttpResponse<String> r = client.send(HttpRequest
                .newBuilder(URI.create(base() + "/camunda/api/engine/engine/default/filter/" + filterId
                        + "/list?firstResult=0&maxResults=15"))
                .header("Accept", "application/hal+json, application/json; q=0.5")
                .header("Content-Type", "application/json")
                .header("X-XSRF-TOKEN", csrf())
                .timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
            check(r);
            return json.readTree(r.body()).get("count").asLong();
        }

        long count(String filterId) throws Exception {
            HttpResponse<String> r = client.send(
                    get("/camunda/api/engine/engine/default/filter/" + filterId + "/count"),
                    HttpResponse.BodyHandlers.ofString());
            check(r);
            return json.readTree(r.body()).get("count").asLong();
        }

        private HttpRequest get(String path) {
            return HttpRequest.newBuilder(URI.create(base() + path))
                .header("Accept", "application/json")
                .header("X-XSRF-TOKEN", csrf())
                .timeout(Duration.ofMinutes(5))
                .build();
        }

        private String csrf() {
            return cookies.getCookieStore()
                .getCookies()
                .stream()
                .filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue)
                .reduce((a, b) -> b)
                .orElse("");
        }

    }

    private static void check(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException(r.request().uri() + ": " + r.statusCode() + " " + r.body());
        }
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }

}
