package org.asyncdesk.workflow;

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

import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.Direction;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.support.PostgresTest;
import org.asyncdesk.support.TasklistSession;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 10, High 1, reproduced against the running application on PostgreSQL: anna (team
 * agents) completes her own task through the engine REST API with {@code conversationId}
 * set to a conversation of agents-de. Refused, on every endpoint that takes variables,
 * with a JSON error naming the variable; her note is not in that conversation and her
 * next task shows her own customer. What Tasklist submits for each outcome still works.
 */
@PostgresTest
class ForeignConversationCompletionIT {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    TaskService tasks;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ConversationService conversations;

    @Autowired
    Transcript transcript;

    @Autowired
    ManagementService management;

    private final HttpClient http = HttpClient.newHttpClient();

    record Reply(int status, JsonNode body, String text) {
    }

    @Test
    void annaCannotCompleteHerTaskIntoAnAgentsDeConversation() throws Exception {
        Opened mine = open("Olivia Own", "olivia.own@example.com", "Where is my parcel? Order 4711.");
        Opened foreign = open("Greta Fremd", "greta.fremd@example.com",
                "Wo ist meine Bestellung? Ich warte schon seit einer Woche auf das Paket.");
        Task foreignTask = awaitTask(foreign.id());
        assertThat(groups(foreignTask)).containsExactly("agents-de");
        Task task = awaitTask(mine.id());
        String taskId = task.getId();
        String instance = task.getProcessInstanceId();
        assertThat(call("POST", "/engine-rest/task/" + taskId + "/claim", Map.of("userId", "anna"), "anna").status())
            .isEqualTo(204);

        Map<String, Object> attack = variables("outcome", "handover", "handoverUser", "anna", "handoverNote",
                "Anna was here", "conversationId", foreign.id());
        Reply completed = call("POST", "/engine-rest/task/" + taskId + "/complete", Map.of("variables", attack),
                "anna");
        assertThat(completed.status()).as(completed.text()).isEqualTo(403);
        assertThat(completed.body().path("type").asText()).isEqualTo("AuthorizationException");
        assertThat(completed.body().path("message").asText()).contains("may never set conversationId");
        Reply submitted = call("POST", "/engine-rest/task/" + taskId + "/submit-form", Map.of("variables", attack),
                "anna");
        assertThat(submitted.status()).as(submitted.text()).isEqualTo(403);
        assertThat(submitted.body().path("message").asText()).contains("conversationId");

        for (String own : List.of("customerId", "slaState", "slaFirstResponse", "respondDue", "priority",
                "escalated")) {
            Reply r = call("POST", "/engine-rest/task/" + taskId + "/complete",
                    Map.of("variables", variables("outcome", "resolve", own, "x")), "anna");
            assertThat(r.status()).as(own + ": " + r.text()).isEqualTo(403);
            assertThat(r.body().path("message").asText()).contains(own);
        }
        Reply unknown = call("POST", "/engine-rest/task/" + taskId + "/complete",
                Map.of("variables", variables("outcome", "steal")), "anna");
        assertThat(unknown.status()).as(unknown.text()).isEqualTo(400);
        assertThat(unknown.body().path("message").asText()).contains("'steal' is not one this process handles");

        // what the task's own checks refuse is bad input too, never a server error
        for (Map<String, Object> incomplete : List.of(variables("outcome", "reply", "replyText", " "),
                variables("outcome", "handover", "handoverNote", "to nobody"),
                variables("outcome", "handover", "handoverUser", "nobody-here", "handoverNote", "x"))) {
            Reply r = call("POST", "/engine-rest/task/" + taskId + "/complete", Map.of("variables", incomplete),
                    "anna");
            assertThat(r.status()).as(r.text()).isEqualTo(400);
            assertThat(r.body().path("message").asText()).containsAnyOf("Write a reply", "Hand over to a group",
                    "There is no user");
        }

        // the endpoints around the completion
        Map<String, Object> value = Map.of("value", foreign.id(), "type", "String");
        Map<String, Object> modification = Map.of("modifications", Map.of("conversationId", value));
        for (Reply r : List.of(call("PUT", "/engine-rest/task/" + taskId + "/variables/conversationId", value, "anna"),
                call("POST", "/engine-rest/task/" + taskId + "/variables", modification, "anna"),
                call("PUT", "/engine-rest/task/" + taskId + "/localVariables/conversationId", value, "anna"),
                call("POST", "/engine-rest/task/" + taskId + "/localVariables", modification, "anna"),
                call("PUT", "/engine-rest/process-instance/" + instance + "/variables/conversationId", value, "anna"),
                call("POST", "/engine-rest/process-instance/" + instance + "/variables", modification, "anna"),
                call("PUT", "/engine-rest/execution/" + instance + "/localVariables/conversationId", value, "anna"),
                call("POST", "/engine-rest/task/" + taskId + "/bpmnError",
                        Map.of("errorCode", "x", "variables", variables("conversationId", foreign.id())), "anna"),
                call("POST", "/engine-rest/task/" + taskId + "/bpmnEscalation",
                        Map.of("escalationCode", "x", "variables", variables("conversationId", foreign.id())), "anna"),
                // an escalation manager may update tasks, but not their variables
                call("PUT", "/engine-rest/task/" + taskId + "/variables/conversationId", value, "maria"))) {
            assertThat(r.status()).as(r.text()).isEqualTo(403);
        }
        // Tasklist's own API, with anna's session
        AgentSession tasklist = new AgentSession("anna");
        Reply viaTasklist = tasklist.post("/camunda/api/engine/engine/default/task/" + taskId + "/submit-form",
                Map.of("variables", attack));
        assertThat(viaTasklist.status()).as(viaTasklist.text()).isEqualTo(403);
        assertThat(viaTasklist.body().path("message").asText()).contains("conversationId");

        assertThat(tasks.createTaskQuery().taskId(taskId).count()).as("anna's task is still open").isEqualTo(1);
        assertThat(runtime.getVariable(instance, "conversationId")).isEqualTo(mine.id());
        assertThat(entries(foreign.id(), Direction.NOTE)).isEmpty();
        assertThat(entries(foreign.id(), Direction.EVENT)).noneMatch(e -> e.contains("anna"));

        // what Tasklist submits for a handover to herself: every field the form shows,
        // empty ones included
        Reply handover = tasklist.post("/camunda/api/engine/engine/default/task/" + taskId + "/submit-form",
                Map.of("variables",
                        variables("outcome", "handover", "handoverGroup", null, "handoverUser", "anna", "handoverNote",
                                "Parcel stuck in the depot, I follow up", "sameCustomerAs", "", "internalNote", "")));
        assertThat(handover.status()).as(handover.text()).isEqualTo(204);
        Task next = await().atMost(Duration.ofSeconds(30))
            .until(() -> tasks.createTaskQuery().processInstanceBusinessKey(mine.id()).taskAssignee("anna").list(),
                    l -> l.size() == 1)
            .get(0);
        JsonNode form = call("GET", "/engine-rest/task/" + next.getId() + "/form-variables", null, "anna").body();
        assertThat(form.path("transcript").path("value").asText()).contains("Where is my parcel?")
            .contains("Parcel stuck in the depot")
            .doesNotContain("Wo ist meine Bestellung");
        assertThat(form.path("customerName").path("value").asText()).isEqualTo("Olivia Own");
        assertThat(entries(foreign.id(), Direction.NOTE)).isEmpty();

        // a reply, as Tasklist sends it, reaches her customer only
        Reply reply = tasklist.post("/camunda/api/engine/engine/default/task/" + next.getId() + "/submit-form",
                Map.of("variables",
                        variables("cannedResponse", null, "replyText", "Your parcel leaves the depot today.",
                                "replyChannel", "webchat", "outcome", "reply", "sameCustomerAs", "", "internalNote",
                                "")));
        assertThat(reply.status()).as(reply.text()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> chat(mine).contains("Your parcel leaves the depot today."));
        assertThat(chat(foreign)).doesNotContain("Your parcel leaves the depot today.").doesNotContain("Anna was here");
    }

    @Test
    void everyOutcomeAsTasklistSubmitsItCompletesThroughTheEngineRestApi() throws Exception {
        Opened c = open("Paula Phone", "paula.phone@example.com", "My kettle arrived broken, please call me.");
        AgentSession tasklist = new AgentSession("anna");
        Task first = awaitTask(c.id());
        assertThat(call("POST", "/engine-rest/task/" + first.getId() + "/claim", Map.of("userId", "anna"), "anna")
            .status()).isEqualTo(204);
        Reply callback = call("POST", "/engine-rest/task/" + first.getId() + "/submit-form", Map.of("variables",
                variables("outcome", "callback", "sameCustomerAs", "", "internalNote", "Wants to talk about a refund")),
                "anna");
        assertThat(callback.status()).as(callback.text()).isEqualTo(204);

        Task call = await().atMost(Duration.ofSeconds(30))
            .until(() -> tasks.createTaskQuery()
                .processInstanceBusinessKey(c.id())
                .taskDefinitionKey("CallBack")
                .list(), l -> l.size() == 1)
            .get(0);
        assertThat(
                call("POST", "/engine-rest/task/" + call.getId() + "/claim", Map.of("userId", "anna"), "anna").status())
            .isEqualTo(204);
        Reply notes = tasklist.post("/camunda/api/engine/engine/default/task/" + call.getId() + "/submit-form",
                Map.of("variables",
                        variables("callNotes", "Refund agreed, confirming in writing", "callOutcome", "follow-up")));
        assertThat(notes.status()).as(notes.text()).isEqualTo(204);

        Task again = await().atMost(Duration.ofSeconds(30))
            .until(() -> tasks.createTaskQuery()
                .processInstanceBusinessKey(c.id())
                .taskDefinitionKey("RespondToCustomer")
                .list(), l -> l.size() == 1)
            .get(0);
        assertThat(call("POST", "/engine-rest/task/" + again.getId() + "/claim", Map.of("userId", "anna"), "anna")
            .status()).isEqualTo(204);
        Reply resolve = call("POST", "/engine-rest/task/" + again.getId() + "/complete", Map.of("variables",
                variables("outcome", "resolve", "sameCustomerAs", "", "internalNote", "Refund sent")), "anna");
        assertThat(resolve.status()).as(resolve.text()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30))
            .until(() -> conversations.find(c.id()).orElseThrow().status().name(), "RESOLVED"::equals);
        assertThat(entries(c.id(), Direction.NOTE)).anySatisfy(n -> assertThat(n).contains("Refund agreed"));
    }

    // ---- the customer's side: the web chat API

    record Opened(String id, String token) {
    }

    private Opened open(String name, String email, String text) throws Exception {
        Reply r = call("POST", "/api/webchat/conversations", Map.of("name", name, "email", email, "text", text), null);
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return new Opened(r.body().get("conversationId").asText(), r.body().get("token").asText());
    }

    private String chat(Opened c) throws Exception {
        var b = HttpRequest
            .newBuilder(URI.create("http://localhost:" + port + "/api/webchat/conversations/" + c.id() + "/messages"))
            .header("Authorization", "Bearer " + c.token())
            .timeout(Duration.ofSeconds(20));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * The conversation's one open task, once the instance's due jobs (classify,
     * acknowledge, shop lookup) are done: they refresh the task's form, and a completion
     * at the same moment would lose the optimistic lock.
     */
    private Task awaitTask(String conversationId) {
        Task task = await().atMost(Duration.ofSeconds(30))
            .until(() -> tasks.createTaskQuery().processInstanceBusinessKey(conversationId).list(), l -> l.size() == 1)
            .get(0);
        await().atMost(Duration.ofSeconds(30))
            .until(() -> management.createJobQuery()
                .processInstanceId(task.getProcessInstanceId())
                .executable()
                .count() == 0);
        return task;
    }

    private List<String> groups(Task t) {
        return tasks.getIdentityLinksForTask(t.getId())
            .stream()
            .map(IdentityLink::getGroupId)
            .filter(g -> g != null)
            .sorted()
            .toList();
    }

    private List<String> entries(String conversationId, Direction direction) {
        return transcript.of(conversationId)
            .stream()
            .filter(m -> m.direction() == direction)
            .map(TranscriptMessage::body)
            .toList();
    }

    // ---- the agent's side: the engine REST API (HTTP Basic) and Tasklist's API (session
    // and CSRF token)

    private static Map<String, Object> variables(Object... namesAndValues) {
        Map<String, Object> vars = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("value", namesAndValues[i + 1]);
            vars.put((String) namesAndValues[i], v);
        }
        return vars;
    }

    private Reply call(String method, String path, Object body, String user) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(20));
        if (user != null) {
            b.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)));
        }
        return send(http, b, method, body);
    }

    private Reply send(HttpClient client, HttpRequest.Builder b, String method, Object body) throws Exception {
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        else {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = r.body() == null || r.body().isBlank()
                || !r.body().strip().startsWith("{") && !r.body().strip().startsWith("[") ? null
                        : json.readTree(r.body());
        return new Reply(r.statusCode(), node, r.statusCode() + " " + r.body());
    }

    /**
     * Logged in to Tasklist like the browser: the session cookie and Camunda's CSRF
     * token.
     */
    private final class AgentSession {

        private final TasklistSession session;

        AgentSession(String user) throws Exception {
            session = new TasklistSession(base(), user, "demo");
        }

        Reply post(String path, Object body) throws Exception {
            HttpResponse<String> r = session.postJson(path, json.writeValueAsString(body));
            JsonNode node = r.body() == null || r.body().isBlank()
                    || !r.body().strip().startsWith("{") && !r.body().strip().startsWith("[") ? null
                            : json.readTree(r.body());
            return new Reply(r.statusCode(), node, r.statusCode() + " " + r.body());
        }

    }

    private String base() {
        return "http://localhost:" + port;
    }

}
