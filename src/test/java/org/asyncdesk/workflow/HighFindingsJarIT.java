package org.asyncdesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.asyncdesk.support.MailServer;
import org.asyncdesk.support.PackagedJar;
import org.asyncdesk.support.ProviderSignatures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.util.FileSystemUtils;

/**
 * Issue 10's High findings, each attack made again as the review made it, against the
 * packaged jar on PostgreSQL (demo users on a loopback address, a real IMAP/SMTP server,
 * signed WhatsApp webhooks), and each one failing. High 3 (demo users by default) has its
 * own jar test, {@link DemoUsersJarIT}. The flood goes last: it uses up the web chat's
 * rate limits of the node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HighFindingsJarIT {

    private static final String SUPPORT = "support@asyncdesk.test";

    private static final String WA_SECRET = "wa-jar-app-secret";

    private static final long HUGE = 150L * 1024 * 1024;

    private final ObjectMapper json = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();

    private String db;

    private Path folder;

    private PackagedJar jar;

    record Reply(int status, JsonNode body, String text, HttpResponse<String> raw) {
    }

    @BeforeAll
    void startTheJar() throws Exception {
        MailServer.get().setUser(SUPPORT, SUPPORT, "support-secret");
        db = PackagedJar.freshDatabase("jar_high");
        // the deployment folder as an operator keeps it, where a process owner (or anyone
        // who can write it) drops files
        folder = Files.createTempDirectory("asyncdesk-high-");
        for (String dir : List.of("bpmn", "forms")) {
            copy(Path.of(dir), folder.resolve(dir));
        }
        jar = PackagedJar.start("high-findings", db, List.of("--spring.profiles.active=demo",
                "--asyncdesk.public-url=http://localhost:8080", "--asyncdesk.deployment.path=" + folder,
                "--asyncdesk.deployment.watch=true", "--asyncdesk.deployment.watch-interval=500ms",
                "--asyncdesk.channels.whatsapp.app-secret=" + WA_SECRET,
                "--asyncdesk.channels.whatsapp.verify-token=wa-jar-verify",
                "--asyncdesk.channels.email.imap-host=127.0.0.1",
                "--asyncdesk.channels.email.imap-port=" + MailServer.imapPort(), "--asyncdesk.channels.email.ssl=false",
                "--asyncdesk.channels.email.username=" + SUPPORT, "--asyncdesk.channels.email.password=support-secret",
                "--asyncdesk.channels.email.address=" + SUPPORT, "--asyncdesk.channels.email.poll-interval=500ms",
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + MailServer.smtpPort()), Map.of())
            .awaitReady();
    }

    @AfterAll
    void stopTheJar() throws Exception {
        if (jar != null) {
            jar.close();
        }
        PackagedJar.dropDatabase(db);
        FileSystemUtils.deleteRecursively(folder);
    }

    /**
     * High 1: anna completes her own task with the conversation id of an agents-de
     * conversation.
     */
    @Test
    @Order(1)
    void anAgentCannotCompleteHerTaskIntoAnotherTeamsConversation() throws Exception {
        Opened mine = open("Olivia Own", "olivia.own@example.com", "Where is my parcel? Order 4711.");
        Opened foreign = open("Greta Fremd", "greta.fremd@example.com",
                "Wo ist meine Bestellung? Ich warte schon seit einer Woche auf das Paket.");
        JsonNode foreignTask = awaitTask(foreign.id());
        assertThat(candidateGroups(foreignTask.get("id").asText())).containsExactly("agents-de");
        String taskId = awaitTask(mine.id()).get("id").asText();
        assertThat(call("POST", "/engine-rest/task/" + taskId + "/claim", Map.of("userId", "anna"), "anna").status())
            .isEqualTo(204);

        Reply attack = call("POST", "/engine-rest/task/" + taskId + "/complete",
                Map.of("variables", variables("outcome", "handover", "handoverUser", "anna", "handoverNote",
                        "Anna was here", "conversationId", foreign.id())),
                "anna");
        assertThat(attack.status()).as(attack.text()).isEqualTo(403);
        assertThat(attack.body().path("message").asText()).contains("may never set conversationId");
        for (String own : List.of("customerId", "slaFirstResponse", "priority", "escalated")) {
            Reply r = call("POST", "/engine-rest/task/" + taskId + "/complete",
                    Map.of("variables", variables("outcome", "resolve", own, "x")), "anna");
            assertThat(r.status()).as(own + ": " + r.text()).isEqualTo(403);
            assertThat(r.body().path("message").asText()).contains(own);
        }
        Reply sideways = call("PUT", "/engine-rest/task/" + taskId + "/variables/conversationId",
                Map.of("value", foreign.id(), "type", "String"), "anna");
        assertThat(sideways.status()).as(sideways.text()).isEqualTo(403);

        // nothing of hers reached the other team's conversation, and she cannot see its
        // task
        assertThat(count("select count(*) from message where conversation_id = ? and direction = 'NOTE'", foreign.id()))
            .isZero();
        assertThat(count("select count(*) from message where conversation_id = ? and body like '%anna%'", foreign.id()))
            .isZero();
        assertThat(call("GET", "/engine-rest/task?processInstanceBusinessKey=" + foreign.id(), null, "anna").body())
            .isEmpty();
        assertThat(call("GET", "/engine-rest/task/" + foreignTask.get("id").asText() + "/form-variables", null, "anna")
            .status()).isIn(403, 404);
        assertThat(call("GET", "/engine-rest/task/" + taskId, null, "anna").body().path("assignee").asText())
            .as("her task is still open")
            .isEqualTo("anna");

        // the handover she may make still works, and her next task shows her own customer
        // only
        Reply handover = call("POST", "/engine-rest/task/" + taskId + "/complete", Map.of("variables",
                variables("outcome", "handover", "handoverUser", "anna", "handoverNote", "I follow up on the depot")),
                "anna");
        assertThat(handover.status()).as(handover.text()).isEqualTo(204);
        JsonNode next = await().atMost(Duration.ofSeconds(60))
            .until(() -> call("GET", "/engine-rest/task?assignee=anna&processInstanceBusinessKey=" + mine.id(), null,
                    "anna")
                .body(), l -> l.size() == 1)
            .get(0);
        JsonNode form = call("GET", "/engine-rest/task/" + next.get("id").asText() + "/form-variables", null, "anna")
            .body();
        assertThat(form.path("transcript").path("value").asText()).contains("Where is my parcel?")
            .contains("I follow up on the depot")
            .doesNotContain("Wo ist meine Bestellung");
        assertThat(form.path("customerName").path("value").asText()).isEqualTo("Olivia Own");
    }

    /**
     * High 2: otto (process-owners) deploys a diagram whose timer makes him admin, by the
     * REST API and the folder.
     */
    @Test
    @Order(2)
    void aProcessOwnerCannotMakeHimselfAdminByDeploying() throws Exception {
        String viaRest = "grantAdminRest" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Reply refused = modelerDeploy("otto", viaRest + ".bpmn", DiagramGuardTest.attack(viaRest));
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.body().path("type").asText()).isEqualTo("ParseException");
        assertThat(refused.body().path("message").asText()).contains("GrantAdmin").contains("getProcessEngineServices");

        String viaFolder = "grantAdminFolder" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Files.writeString(folder.resolve("bpmn").resolve("innocent-looking.bpmn"), DiagramGuardTest.attack(viaFolder));
        await().atMost(Duration.ofSeconds(60))
            .until(() -> jar.output()
                .lines()
                .anyMatch(l -> l.contains("rejected") && l.contains("innocent-looking.bpmn")
                        && l.contains("GrantAdmin")));

        for (String key : List.of(viaRest, viaFolder)) {
            assertThat(count("select count(*) from act_re_procdef where key_ = ?", key)).as(key).isZero();
            assertThat(count("select count(*) from act_ru_job where process_def_key_ = ?", key)).as(key).isZero();
        }
        assertThat(strings("select group_id_ from act_id_membership where user_id_ = ?", "otto"))
            .containsExactly("process-owners");
        // the flow itself may still change: a harmless diagram from the same folder is
        // deployed
        String harmless = "harmless" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Files.writeString(folder.resolve("bpmn").resolve("harmless.bpmn"),
                FileSystemDeploymentTest.process(harmless, "X"));
        await().atMost(Duration.ofSeconds(60))
            .until(() -> count("select count(*) from act_re_procdef where key_ = ?", harmless) == 1);
    }

    /**
     * High 6: a 1 MB e-mail made of the worst cases of the old patterns; the job executor
     * keeps serving.
     */
    @Test
    @Order(3)
    void anAdversarialMailDoesNotStarveTheJobExecutor() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        StringBuilder body = new StringBuilder("Hello, where is my order 4711 " + tag + "? It has not arrived.\n");
        String[] worst = { "a.a.", "aaaa@", "www.", "a://", "On x wrote: ", "> quoted text\n" };
        for (String unit : worst) {
            body.append(unit.repeat((1 << 20) / worst.length / unit.length())).append('\n');
        }
        sendMail("mallory." + tag + "@example.com", "Order " + tag, body.toString());
        sendMail("erika." + tag + "@example.com", "Kettle " + tag,
                "My kettle " + tag + " arrived broken. Can you help?");

        String adversarial = awaitConversationWith("where is my order 4711 " + tag);
        String normal = awaitConversationWith("My kettle " + tag);
        awaitTask(adversarial);
        awaitTask(normal);
        assertThat(count("select max(length(body)) from message where conversation_id = ? and direction = 'IN'",
                adversarial))
            .as("the transcript keeps a cut text (max-text-length and a mark)")
            .isLessThan(20_100);
        assertThat(jar.alive()).isTrue();
    }

    /**
     * High 4: four parallel 150 MB chunked bodies, to the webhooks and our API; and a
     * channel without its secret.
     */
    @Test
    @Order(4)
    void chunkedBodiesAreCutAtTheLimitWithoutExhaustingMemory() throws Exception {
        String signature = "sha256=" + "0".repeat(64);
        List<Huge> huge = List.of(
                new Huge("/webhooks/whatsapp", "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"",
                        Map.of("X-Hub-Signature-256", signature)),
                new Huge("/webhooks/whatsapp", "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"",
                        Map.of("X-Hub-Signature-256", signature)),
                new Huge("/api/webchat/conversations", "{\"name\":\"Big\",\"email\":\"big@example.com\",\"text\":\"",
                        Map.of()),
                new Huge("/api/webchat/conversations", "{\"name\":\"Big\",\"email\":\"big@example.com\",\"x\":\"",
                        Map.of()));
        long conversationsBefore = count("select count(*) from conversation");
        List<CompletableFuture<Sent>> sending = huge.stream().map(h -> CompletableFuture.supplyAsync(h::send)).toList();
        for (CompletableFuture<Sent> f : sending) {
            Sent sent = f.get();
            assertThat(sent.status()).as(sent.toString()).isIn(413, -1);
            // the server stopped reading near the limit (1 MB webhooks, 64 KB API),
            // socket buffers aside
            assertThat(sent.bytesTaken()).as(sent.toString()).isLessThan(32L * 1024 * 1024);
        }
        // Messenger has no app secret here: refused before its body is read
        Sent noSecret = new Huge("/webhooks/messenger", "{\"object\":\"page\",\"entry\":[{\"id\":\"",
                Map.of("X-Hub-Signature-256", signature))
            .send();
        assertThat(noSecret.status()).as(noSecret.toString()).isIn(503, -1);
        assertThat(noSecret.bytesTaken()).isLessThan(32L * 1024 * 1024);

        assertThat(jar.alive()).isTrue();
        assertThat(jar.output()).doesNotContain("OutOfMemoryError");
        assertThat(call("GET", "/actuator/health", null, null).status()).isEqualTo(200);
        assertThat(count("select count(*) from conversation")).isEqualTo(conversationsBefore);

        // and the node still takes a real message
        String from = "49151" + (10_000_000 + (long) (Math.random() * 89_999_999));
        String id = "wamid.jar-" + UUID.randomUUID();
        byte[] notification = """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages",
                 "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881",
                 "phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Wanda"},"wa_id":"%s"}],
                 "messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"Is my order on its way?"}}]}}]}]}"""
            .formatted(from, from, id, Instant.now().getEpochSecond())
            .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(jar.url("/webhooks/whatsapp")))
            .header("Content-Type", "application/json")
            .header("X-Hub-Signature-256", ProviderSignatures.meta(WA_SECRET, notification))
            .POST(HttpRequest.BodyPublishers.ofByteArray(notification))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60))
            .until(() -> count("select count(*) from message where provider_message_id = ? and direction = 'IN'",
                    id) == 1);
    }

    /**
     * High 5: anonymous web chat floods, from one client and from many; oversized texts
     * and fields.
     */
    @Test
    @Order(5)
    void theWebChatCannotBeFlooded() throws Exception {
        long before = count("select count(*) from conversation where channel = 'webchat'");
        // 19 million characters of text, and a 19 MB unknown field: refused by their
        // declared length, before any is read
        String text = "x".repeat(19_000_000);
        for (String body : List
            .of(json.writeValueAsString(Map.of("name", "Big", "email", "big@example.com", "text", text)), json
                .writeValueAsString(Map.of("name", "Big", "email", "big@example.com", "text", "hi", "junk", text)))) {
            String answer = declareAndWait("/api/webchat/conversations", body.getBytes(StandardCharsets.UTF_8).length);
            assertThat(answer).startsWith("HTTP/1.1 413")
                .containsIgnoringCase("Content-Type: application/problem+json")
                .contains("at most 65536");
        }

        // one client (behind our trusted proxy, so its forwarded address counts): a burst
        // of 10 an hour, then 429
        List<Integer> oneClient = flood(40, i -> "203.0.113.7");
        assertThat(oneClient.stream().filter(s -> s == 201).count()).isLessThanOrEqualTo(10);
        assertThat(oneClient).allMatch(s -> s == 201 || s == 429).contains(429);

        // many clients: the node's global cap of 60 a minute (refilled evenly, one a
        // second)
        long started = System.nanoTime();
        List<Integer> many = flood(150, i -> "198.51.100." + (i % 250 + 1));
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds() + 1;
        long accepted = count("select count(*) from conversation where channel = 'webchat'") - before;
        assertThat(accepted).isLessThanOrEqualTo(60 + seconds);
        assertThat(many).contains(429);
        assertThat(jar.alive()).isTrue();
    }

    // ---- helpers

    record Opened(String id, String token) {
    }

    private Opened open(String name, String email, String text) throws Exception {
        Reply r = call("POST", "/api/webchat/conversations", Map.of("name", name, "email", email, "text", text), null);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return new Opened(r.body().get("conversationId").asText(), r.body().get("token").asText());
    }

    private List<Integer> flood(int requests, IntFunction<String> client) throws Exception {
        // a client of its own: connections of the chunked test that the server closed are
        // not reused
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<Integer>> sent = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String from = client.apply(i);
            String body = json.writeValueAsString(Map.of("name", "Flood " + i, "email",
                    "flood." + UUID.randomUUID().toString().substring(0, 8) + "@example.com", "text", "spam " + i));
            sent.add(http
                .sendAsync(HttpRequest.newBuilder(URI.create(jar.url("/api/webchat/conversations")))
                    .header("Content-Type", "application/json")
                    .header("X-Forwarded-For", from)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> {
                    if (r.statusCode() == 429) {
                        assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElse("0"))).isPositive();
                        assertThat(r.headers().firstValue("Content-Type").orElse(""))
                            .startsWith("application/problem+json");
                    }
                    return r.statusCode();
                }));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<Integer> f : sent) {
            statuses.add(f.get());
        }
        return statuses;
    }

    /**
     * Sends the request line and headers of a JSON POST declaring {@code length} bytes,
     * and none of them; the answer as the server sends it (a client whose body is refused
     * must not have to send it first).
     */
    private String declareAndWait(String path, long length) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", jar.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream()
                .write(("POST " + path + " HTTP/1.1\r\nHost: localhost:" + jar.port()
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            InputStream in = socket.getInputStream();
            for (int n; (n = in.read(buffer)) > 0;) {
                answer.write(buffer, 0, n);
                if (answer.toString(StandardCharsets.UTF_8).contains("}")) {
                    break;
                }
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * A body of 150 MB sent in chunks (no Content-Length), made as it is read; counts
     * what the server took.
     */
    private final class Huge {

        private final String path;

        private final byte[] prefix;

        private final Map<String, String> headers;

        private final AtomicLong taken = new AtomicLong();

        Huge(String path, String prefix, Map<String, String> headers) {
            this.path = path;
            this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
            this.headers = headers;
        }

        Sent send() {
            var b = HttpRequest.newBuilder(URI.create(jar.url(path)))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json");
            headers.forEach(b::header);
            b.POST(HttpRequest.BodyPublishers.ofInputStream(Endless::new));
            try {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                return new Sent(path, r.statusCode(), taken.get(), r.body());
            }
            catch (IOException closed) {
                // the server answered and closed the connection while the client was
                // still sending
                return new Sent(path, -1, taken.get(), closed.toString());
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private final class Endless extends InputStream {

            private long position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0];
            }

            @Override
            public int read(byte[] into, int off, int len) {
                if (position >= HUGE) {
                    return -1;
                }
                int n = (int) Math.min(len, HUGE - position);
                for (int i = 0; i < n; i++) {
                    long at = position + i;
                    into[off + i] = at < prefix.length ? prefix[(int) at] : (byte) 'a';
                }
                position += n;
                taken.addAndGet(n);
                return n;
            }

        }

    }

    record Sent(String path, int status, long bytesTaken, String answer) {
        @Override
        public String toString() {
            return path + " -> " + status + " after " + bytesTaken + " bytes: "
                    + (answer == null ? "" : answer.substring(0, Math.min(300, answer.length())));
        }
    }

    private void sendMail(String from, String subject, String text) throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(MailServer.smtpPort()));
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(SUPPORT));
        m.setSubject(subject, "UTF-8");
        m.setText(text, "UTF-8");
        Transport.send(m);
    }

    private String awaitConversationWith(String start) {
        return await().atMost(Duration.ofSeconds(90))
            .until(() -> strings(
                    "select conversation_id from message " + "where direction = 'IN' and position(? in body) > 0",
                    start), l -> l.size() == 1)
            .get(0);
    }

    /**
     * The conversation's one open task, once its instance's due jobs are done (they
     * refresh the task's form).
     */
    private JsonNode awaitTask(String conversationId) {
        JsonNode task = await().atMost(Duration.ofSeconds(90))
            .until(() -> call("GET", "/engine-rest/task?processInstanceBusinessKey=" + conversationId, null, "admin")
                .body(), l -> l != null && l.size() == 1)
            .get(0);
        String instance = task.get("processInstanceId").asText();
        await().atMost(Duration.ofSeconds(90))
            .until(() -> call("GET", "/engine-rest/job/count?executable=true" + "&processInstanceId=" + instance, null,
                    "admin")
                .body()
                .path("count")
                .asLong() == 0);
        return task;
    }

    private List<String> candidateGroups(String taskId) throws Exception {
        List<String> groups = new ArrayList<>();
        for (JsonNode link : call("GET", "/engine-rest/task/" + taskId + "/identity-links?type=candidate", null,
                "admin")
            .body()) {
            if (link.hasNonNull("groupId")) {
                groups.add(link.get("groupId").asText());
            }
        }
        return groups;
    }

    /** The request Camunda Modeler 5 sends to deploy a diagram. */
    private Reply modelerDeploy(String user, String fileName, String xml) throws Exception {
        String boundary = "----WebKitFormBoundary" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (var field : Map
            .of("deployment-name", fileName, "deployment-source", "Camunda Modeler", "deploy-changed-only", "true")
            .entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                    + "\"\r\n\r\n" + field.getValue() + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileName + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: text/xml\r\n\r\n" + xml + "\r\n--" + boundary + "--\r\n")
            .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(jar.url("/engine-rest/deployment/create")))
            .header("Authorization", basic(user))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build(), HttpResponse.BodyHandlers.ofString());
        return reply(r);
    }

    private static Map<String, Object> variables(Object... namesAndValues) {
        Map<String, Object> vars = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            vars.put((String) namesAndValues[i], Map.of("value", namesAndValues[i + 1]));
        }
        return vars;
    }

    private Reply call(String method, String path, Object body, String user) {
        try {
            var b = HttpRequest.newBuilder(URI.create(jar.url(path))).timeout(Duration.ofSeconds(30));
            if (user != null) {
                b.header("Authorization", basic(user));
            }
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            else {
                b.header("Content-Type", "application/json");
                b.method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            }
            return reply(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
        }
        catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Reply reply(HttpResponse<String> r) throws IOException {
        String text = r.body() == null ? "" : r.body().strip();
        JsonNode node = text.startsWith("{") || text.startsWith("[") ? json.readTree(text) : null;
        return new Reply(r.statusCode(), node, r.statusCode() + " " + text, r);
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    }

    private long count(String sql, Object... params) throws Exception {
        try (Connection c = PackagedJar.connect(db); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private List<String> strings(String sql, Object... params) throws Exception {
        try (Connection c = PackagedJar.connect(db); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                }
                else {
                    Files.copy(p, target);
                }
            }
        }
    }

}
