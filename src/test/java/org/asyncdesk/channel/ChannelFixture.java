package org.asyncdesk.channel;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.asyncdesk.conversation.DeliveryState;
import org.asyncdesk.conversation.Direction;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.support.ProviderSignatures;
import org.asyncdesk.support.ProviderStub;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the channel integration tests share: provider calls signed as the providers
 * document it (not by our code), finding a customer's conversation, replying.
 */
public final class ChannelFixture {

    public static final String WA_SECRET = "wa-app-secret";

    public static final String FB_SECRET = "fb-app-secret";

    public static final String TWILIO_TOKEN = "twilio-auth-token";

    public static final String TWILIO_SID = "ACtest0000000000000000000000000000";

    /**
     * asyncdesk.public-url: Twilio signs the URL it called, not the one our server sees
     * behind a proxy
     */
    public static final String PUBLIC_URL = "http://localhost:8080";

    private final int port;

    private final JdbcClient jdbc;

    private final TaskService tasks;

    private final Transcript transcript;

    private final HttpClient http = HttpClient.newHttpClient();

    public ChannelFixture(int port, JdbcClient jdbc, TaskService tasks, Transcript transcript) {
        this.port = port;
        this.jdbc = jdbc;
        this.tasks = tasks;
        this.transcript = transcript;
    }

    public record Answer(int status, String body, String contentType) {
    }

    public static String phone() {
        return "49" + (1_000_000_000L + ThreadLocalRandom.current().nextLong(8_999_999_999L));
    }

    public Answer post(String path, String contentType, byte[] body, Map<String, String> headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
    }

    public Answer get(String path, Map<String, String> headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .GET();
        headers.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
    }

    public Answer postJson(String path, String json, Map<String, String> headers) throws Exception {
        return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** A WhatsApp/Messenger webhook signed with the app secret, as Meta sends it. */
    public Answer metaWebhook(String path, String secret, String json) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return post(path, "application/json", body,
                Map.of("X-Hub-Signature-256", ProviderSignatures.meta(secret, body)));
    }

    /** A Twilio form webhook signed over the public URL plus the sorted parameters. */
    public Answer twilioWebhook(Map<String, String> params) throws Exception {
        String signature = ProviderSignatures.twilio(TWILIO_TOKEN, PUBLIC_URL + "/webhooks/sms", params);
        return post("/webhooks/sms", "application/x-www-form-urlencoded", form(params).getBytes(StandardCharsets.UTF_8),
                Map.of("X-Twilio-Signature", signature));
    }

    public static String form(Map<String, String> params) {
        return params.entrySet()
            .stream()
            .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    }

    public static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The newest conversation of the customer known under this address, or of one that
     * merely claims it (an unauthenticated e-mail's {@code From:}, a web chat's e-mail).
     */
    public Optional<String> conversationOf(String channelKey, String address) {
        return jdbc.sql("""
                select c.id from conversation c
                where c.customer_id in (select customer_id from customer_identity where channel = :ch and address = :a)
                   or (c.claimed_channel = :ch and c.claimed_address = :a)
                order by c.created_at desc""")
            .param("ch", channelKey)
            .param("a", address)
            .query(String.class)
            .list()
            .stream()
            .findFirst();
    }

    public String awaitConversation(String channelKey, String address) {
        return await().atMost(Duration.ofSeconds(30))
            .until(() -> conversationOf(channelKey, address), Optional::isPresent)
            .get();
    }

    public List<TranscriptMessage> transcript(String conversationId) {
        return transcript.of(conversationId);
    }

    /** Waits until the transcript holds a message matching the body. */
    public TranscriptMessage awaitMessage(String conversationId, Predicate<TranscriptMessage> match) {
        return await().atMost(Duration.ofSeconds(30))
            .until(() -> transcript(conversationId).stream().filter(match).findFirst(), Optional::isPresent)
            .get();
    }

    /**
     * Waits until the acknowledgement (the first outbound message, written by Asyncdesk)
     * has left, then forgets the provider calls so far: a test that counts calls then
     * counts only those its replies make.
     */
    public TranscriptMessage awaitAcknowledged(String conversationId) {
        TranscriptMessage ack = awaitMessage(conversationId,
                m -> m.direction() == Direction.OUT && "Asyncdesk".equals(m.author()) && m.deliveryState() != null
                        && m.deliveryState() != DeliveryState.PENDING);
        ProviderStub.get().resetRequests();
        return ack;
    }

    public Task awaitTask(String conversationId) {
        return await().atMost(Duration.ofSeconds(30))
            .until(() -> tasks.createTaskQuery().processInstanceBusinessKey(conversationId).list(), l -> l.size() == 1)
            .get(0);
    }

    /** Agent anna answers the open task; the send job runs on the job executor. */
    public void reply(String conversationId, String text, String replyChannel) {
        Task t = awaitTask(conversationId);
        Map<String, Object> form = new HashMap<>(Map.of("outcome", "reply", "replyText", text));
        if (replyChannel != null) {
            form.put("replyChannel", replyChannel);
        }
        // a job of the same instance (the acknowledgement, the shop lookup) may commit at
        // the same moment: the engine
        // then refuses the claim or the completion as a whole, and the agent in Tasklist
        // simply presses it again
        for (int attempt = 1;; attempt++) {
            try {
                if (tasks.createTaskQuery().taskId(t.getId()).taskUnassigned().count() == 1) {
                    tasks.claim(t.getId(), "anna");
                }
                tasks.complete(t.getId(), form);
                return;
            }
            catch (OptimisticLockingException e) {
                if (attempt == 5) {
                    throw e;
                }
                try {
                    Thread.sleep(100L * attempt);
                }
                catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

}
