package org.asyncdesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.asyncdesk.conversation.ProcessVocabulary;
import org.asyncdesk.support.PostgresTest;
import org.asyncdesk.support.TasklistSession;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Tasklist's list with the rewritten authorization SQL (issue 11,
 * docs/tasklist-scale.md), on PostgreSQL through Tasklist's own API (session, CSRF token,
 * HAL list with the filter's variables) and the engine REST API: a task of agents-de is
 * neither listed, counted nor openable for anna (agents), ben (both teams) and maria
 * (escalation managers) see it; anna's list shows her task's channel, language, SLA state
 * and waiting time.
 */
@PostgresTest
class TasklistTeamListIT {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    TaskService tasks;

    @Autowired
    ManagementService management;

    @Autowired
    FilterService filters;

    @Autowired
    ProcessEngineConfigurationImpl engineConfiguration;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anAgentListsCountsAndOpensOnlyHerTeamsTasksAndSeesTheirColumns() throws Exception {
        assertThat(engineConfiguration.getSqlSessionFactory()
            .getConfiguration()
            .getMappedStatement("selectTaskCountByQueryCriteria")
            .getResource()).as("the rewritten task query is the one the engine runs")
            .contains(AuthorizationQueries.PREFIX);

        Task mine = awaitTask(open("Lisa List", "lisa.list@example.com", "Where is my parcel? Order 5511."));
        Task german = awaitTask(open("Gerd Liste", "gerd.liste@example.com",
                "Wo ist meine Bestellung? Ich warte schon seit einer Woche auf das Paket."));
        List<String> both = List.of(mine.getProcessInstanceId(), german.getProcessInstanceId());
        String myTeam = filters.createFilterQuery().filterName(TasklistFilters.MY_TEAM).singleResult().getId();
        String atRisk = filters.createFilterQuery().filterName(TasklistFilters.SLA_AT_RISK).singleResult().getId();

        Session anna = new Session("anna");
        JsonNode annas = anna.list(myTeam, both);
        assertThat(ids(annas)).containsExactly(mine.getId());
        assertThat(annas.get("count").asLong()).isEqualTo(1);
        assertThat(anna.count(myTeam, both)).isEqualTo(1);
        assertThat(anna.count(atRisk, both)).isZero();
        // the columns of the list, from the task's own variables (anna may not read the
        // instance's)
        Map<String, String> columns = new HashMap<>();
        annas.path("_embedded")
            .path("task")
            .get(0)
            .path("_embedded")
            .path("variable")
            .forEach(v -> columns.put(v.get("name").asText(), v.path("value").asText()));
        assertThat(columns).containsEntry("channel", "webchat")
            .containsEntry("language", "en")
            .containsEntry("slaState", "on-track")
            .containsKey(ProcessVocabulary.TASK_WAITING_SINCE);
        assertThat(columns.get(ProcessVocabulary.TASK_WAITING_SINCE)).isNotBlank();

        // the engine REST API: neither listed, counted nor openable
        String query = "?processInstanceIdIn=" + String.join(",", both);
        assertThat(rest("/engine-rest/task" + query, "anna").body()).hasSize(1);
        assertThat(rest("/engine-rest/task/count" + query, "anna").body().get("count").asLong()).isEqualTo(1);
        assertThat(rest(
                "/engine-rest/task/count?candidateGroup=agents-de&processInstanceIdIn=" + german.getProcessInstanceId(),
                "anna")
            .body()
            .get("count")
            .asLong()).isZero();
        assertThat(rest("/engine-rest/task/" + german.getId(), "anna").status()).isIn(403, 404);
        assertThat(rest("/engine-rest/task/" + german.getId() + "/variables", "anna").status()).isIn(403, 404);
        assertThat(
                rest("/engine-rest/process-instance/" + german.getProcessInstanceId() + "/variables", "anna").status())
            .isIn(403, 404);
        assertThat(rest("/engine-rest/variable-instance?processInstanceIdIn=" + german.getProcessInstanceId(), "anna")
            .body()).isEmpty();

        Session ben = new Session("ben");
        assertThat(ids(ben.list(myTeam, both))).containsExactlyInAnyOrder(mine.getId(), german.getId());
        assertThat(ben.count(myTeam, both)).isEqualTo(2);
        assertThat(rest("/engine-rest/task/" + german.getId(), "ben").status()).isEqualTo(200);

        Session maria = new Session("maria");
        assertThat(maria.count(atRisk, both)).isZero();
        assertThat(rest("/engine-rest/task/count" + query, "maria").body().get("count").asLong()).isEqualTo(2);
    }

    private static List<String> ids(JsonNode halList) {
        List<String> ids = new ArrayList<>();
        halList.path("_embedded").path("task").forEach(t -> ids.add(t.get("id").asText()));
        return ids;
    }

    private String open(String name, String email, String text) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/webchat/conversations"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers
                .ofString(json.writeValueAsString(Map.of("name", name, "email", email, "text", text))))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json.readTree(r.body()).get("conversationId").asText();
    }

    /**
     * The conversation's open task once its due jobs ran (they fill the task's
     * variables).
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

    record Reply(int status, JsonNode body) {
    }

    private Reply rest(String path, String user) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + path))
            .header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8)))
            .timeout(Duration.ofSeconds(20))
            .build(), HttpResponse.BodyHandlers.ofString());
        String body = r.body().strip();
        return new Reply(r.statusCode(), body.startsWith("{") || body.startsWith("[") ? json.readTree(body) : null);
    }

    /** Tasklist's session, as the browser holds it. */
    private final class Session {

        private final TasklistSession session;

        Session(String user) throws Exception {
            session = new TasklistSession(base(), user, "demo");
        }

        /**
         * Tasklist's list request (HAL, the filter's variables, the count), narrowed to
         * these instances.
         */
        JsonNode list(String filterId, List<String> instances) throws Exception {
            return post("/camunda/api/engine/engine/default/filter/" + filterId + "/list?firstResult=0&maxResults=15",
                    Map.of("processVariables", List.of(), "taskVariables", List.of(), "caseInstanceVariables",
                            List.of(), "sorting", List.of(Map.of("sortBy", "dueDate", "sortOrder", "asc")), "active",
                            true, "processInstanceIdIn", instances));
        }

        long count(String filterId, List<String> instances) throws Exception {
            return post("/camunda/api/engine/engine/default/filter/" + filterId + "/count",
                    Map.of("processInstanceIdIn", instances))
                .get("count")
                .asLong();
        }

        private JsonNode post(String path, Object body) throws Exception {
            HttpResponse<String> r = session.postJson(path, json.writeValueAsString(body));
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            return json.readTree(r.body());
        }

    }

    private String base() {
        return "http://localhost:" + port;
    }

}
