package org.asyncdesk.channel.webchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.asyncdesk.support.PostgresTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The whole cycle on PostgreSQL, only through the public HTTP APIs a customer's page and
 * Tasklist use: the web chat API and the engine REST API (as agent anna, HTTP Basic).
 */
@PostgresTest
class WebchatConversationIT {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    record Reply(int status, JsonNode body) {
    }

    private Reply call(String method, String path, Object body, Map<String, String> headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(20));
        headers.forEach(b::header);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        else {
            b.header("Content-Type", "application/json");
            b.method(method,
                    HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : json.writeValueAsString(body)));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = r.body() == null || r.body().isBlank() ? null : json.readTree(r.body());
        return new Reply(r.statusCode(), node);
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static Map<String, String> basic(String user) {
        return Map.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
    }

    private JsonNode tasksOf(String conversationId, String user) throws Exception {
        return call("GET", "/engine-rest/task?processInstanceBusinessKey=" + conversationId, null, basic(user)).body();
    }

    private JsonNode awaitOneTask(String conversationId) {
        return await().atMost(Duration.ofSeconds(20))
            .until(() -> tasksOf(conversationId, "anna"), t -> t.size() == 1)
            .get(0);
    }

    private JsonNode transcript(String id, String token) throws Exception {
        Reply r = call("GET", "/api/webchat/conversations/" + id + "/messages", null, bearer(token));
        assertThat(r.status()).isEqualTo(200);
        return r.body();
    }

    private void completeAsAnna(String taskId, Map<String, Object> variables) throws Exception {
        Reply claim = call("POST", "/engine-rest/task/" + taskId + "/claim", Map.of("userId", "anna"), basic("anna"));
        assertThat(claim.status()).isEqualTo(204);
        var vars = new LinkedHashMap<String, Object>();
        variables.forEach((k, v) -> vars.put(k, Map.of("value", v)));
        Reply done = call("POST", "/engine-rest/task/" + taskId + "/submit-form", Map.of("variables", vars),
                basic("anna"));
        assertThat(done.status()).as("submit-form: %s", done.body()).isEqualTo(204);
    }

    @Test
    void aConversationRunsEndToEnd() throws Exception {
        Reply opened = call("POST", "/api/webchat/conversations",
                Map.of("name", "Clara Kunde", "email", "clara.e2e@example.com", "text", "Where is my order 1234?"),
                Map.of());
        assertThat(opened.status()).isEqualTo(201);
        String id = opened.body().get("conversationId").asText();
        String token = opened.body().get("token").asText();
        assertThat(token).hasSizeGreaterThanOrEqualTo(40);
        assertThat(opened.body().get("link").asText()).contains("/chat#c=" + id + "&t=" + token);

        // the agent sees the conversation in the team's filter, with the transcript in
        // the form variables
        JsonNode task = awaitOneTask(id);
        JsonNode teamFilter = call("GET", "/engine-rest/filter?name=My%20team%20%E2%80%93%20by%20SLA%20due", null,
                basic("anna"))
            .body();
        assertThat(teamFilter).hasSize(1);
        JsonNode inFilter = call("POST", "/engine-rest/filter/" + teamFilter.get(0).get("id").asText() + "/list",
                Map.of(), basic("anna"))
            .body();
        assertThat(inFilter.findValuesAsText("id")).contains(task.get("id").asText());
        JsonNode formVars = call("GET", "/engine-rest/task/" + task.get("id").asText() + "/form-variables", null,
                basic("anna"))
            .body();
        assertThat(formVars.get("transcript").get("value").asText()).contains("Where is my order 1234?");
        assertThat(formVars.get("customerName").get("value").asText()).isEqualTo("Clara Kunde");
        assertThat(call("GET", "/engine-rest/task/" + task.get("id").asText() + "/deployed-form", null, basic("anna"))
            .body()
            .get("id")
            .asText()).isEqualTo("respond");

        // a second message while the task is open joins the transcript and makes no
        // second task
        Reply second = call("POST", "/api/webchat/conversations/" + id + "/messages",
                Map.of("text", "It was ordered last Monday."), bearer(token));
        assertThat(second.status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10))
            .until(() -> jdbc.sql("select count(*) from inbox where conversation_id = ? and status = 'DONE'")
                .param(id)
                .query(Integer.class)
                .single() == 2);
        assertThat(tasksOf(id, "anna")).hasSize(1);

        completeAsAnna(task.get("id").asText(), Map.of("outcome", "reply", "replyText", "It ships tomorrow."));

        JsonNode afterReply = await().atMost(Duration.ofSeconds(20))
            .until(() -> transcript(id, token), t -> t.get("status").asText().equals("WAITING_FOR_CUSTOMER")
                    && t.get("messages").findValuesAsText("text").contains("It ships tomorrow."));
        // besides the automatic acknowledgement (SlaAlertIT looks at it), the customer
        // sees the conversation in order
        List<String> texts = afterReply.get("messages").findValuesAsText("text");
        assertThat(texts).filteredOn(t -> !t.startsWith("Hello Clara Kunde, thank you for your message"))
            .containsExactly("Where is my order 1234?", "It was ordered last Monday.", "It ships tomorrow.");
        JsonNode reply = afterReply.get("messages").get(texts.indexOf("It ships tomorrow."));
        assertThat(reply.get("direction").asText()).isEqualTo("agent");
        assertThat(reply.get("author").asText()).isEqualTo("anna");
        assertThat(tasksOf(id, "anna")).isEmpty();

        // the customer writes again: a new task with the whole history
        call("POST", "/api/webchat/conversations/" + id + "/messages", Map.of("text", "Great, thanks! One more thing."),
                bearer(token));
        JsonNode next = awaitOneTask(id);
        String history = call("GET", "/engine-rest/task/" + next.get("id").asText() + "/form-variables", null,
                basic("anna"))
            .body()
            .get("transcript")
            .get("value")
            .asText();
        assertThat(history).contains("Where is my order 1234?")
            .contains("It ships tomorrow.")
            .contains("One more thing.");

        completeAsAnna(next.get("id").asText(), Map.of("outcome", "resolve"));
        await().atMost(Duration.ofSeconds(20))
            .until(() -> transcript(id, token).get("status").asText().equals("RESOLVED"));
        assertThat(tasksOf(id, "anna")).isEmpty();
    }

    @Test
    void badTokensAndBadBodiesAreRefusedAndStoreNothing() throws Exception {
        Reply opened = call("POST", "/api/webchat/conversations",
                Map.of("name", "Dan", "email", "dan.bad@example.com", "text", "Hello"), Map.of());
        String id = opened.body().get("conversationId").asText();
        String token = opened.body().get("token").asText();
        // what a refused request could have stored: customer messages in this
        // conversation, conversations of the
        // bad requests' addresses (acknowledgements and events of background jobs are not
        // the test's business)
        String customerMessages = "select count(*) from message where direction = 'IN' and conversation_id = '" + id
                + "'";
        String badConversations = "select count(*) from conversation where claimed_address in ('e@example.com', 'not-an-address')";
        int messagesBefore = count(customerMessages);
        int conversationsBefore = count(badConversations);

        Reply missing = call("GET", "/api/webchat/conversations/" + id + "/messages", null, Map.of());
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.body().get("title").asText()).isEqualTo("Conversation token required");
        Reply wrong = call("POST", "/api/webchat/conversations/" + id + "/messages", Map.of("text", "hi"),
                bearer(token + "x"));
        assertThat(wrong.status()).isEqualTo(404);
        assertThat(wrong.body().get("detail").asText()).contains("no conversation");
        Reply otherConversation = call("GET",
                "/api/webchat/conversations/00000000-0000-0000-0000-000000000000/messages", null, bearer(token));
        assertThat(otherConversation.status()).isEqualTo(404);

        Reply empty = call("POST", "/api/webchat/conversations/" + id + "/messages", Map.of("text", "   "),
                bearer(token));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().get("field").asText()).isEqualTo("text");
        Reply oversized = call("POST", "/api/webchat/conversations/" + id + "/messages",
                Map.of("text", "x".repeat(4001)), bearer(token));
        assertThat(oversized.status()).isEqualTo(400);
        assertThat(oversized.body().get("detail").asText()).contains("4001").contains("4000");
        Reply malformed = call("POST", "/api/webchat/conversations/" + id + "/messages", "{\"text\": ", bearer(token));
        assertThat(malformed.status()).isEqualTo(400);

        for (Map<String, String> bad : List.of(Map.of("name", "", "email", "e@example.com", "text", "x"),
                Map.of("name", "Eve", "email", "not-an-address", "text", "x"),
                Map.of("name", "Eve", "email", "e@example.com", "text", ""),
                Map.of("name", "Eve", "email", "e@example.com", "text", "x", "language", "english"))) {
            Reply r = call("POST", "/api/webchat/conversations", bad, Map.of());
            assertThat(r.status()).as("%s", bad).isEqualTo(400);
            assertThat(r.body().get("type").asText()).endsWith("/invalid-chat-input");
        }

        assertThat(count(customerMessages)).isEqualTo(messagesBefore);
        assertThat(count(badConversations)).isEqualTo(conversationsBefore);
        assertThat(count("select count(*) from inbox where body in ('hi', '   ') and conversation_id = '" + id + "'"))
            .isZero();
    }

    @Test
    void engineRestApiRequiresAuthentication() throws Exception {
        assertThat(call("GET", "/engine-rest/task", null, Map.of()).status()).isEqualTo(401);
        assertThat(call("GET", "/engine-rest/task", null,
                Map.of("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString("anna:wrong".getBytes(StandardCharsets.UTF_8))))
            .status()).isEqualTo(401);
    }

    private int count(String sql) {
        return jdbc.sql(sql).query(Integer.class).single();
    }

}
