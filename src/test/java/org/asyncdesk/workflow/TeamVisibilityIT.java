package org.asyncdesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.asyncdesk.support.PostgresTest;
import org.asyncdesk.TeamsProperties;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Agents see only their teams' tasks through the engine REST API (what Tasklist uses);
 * managers see all.
 */
@PostgresTest
class TeamVisibilityIT {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    RepositoryService repository;

    @Autowired
    RuntimeService runtime;

    @Autowired
    AuthorizationService authorizations;

    @Autowired
    TeamsProperties teams;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aGermanTeamTaskIsVisibleToTheGermanTeamOnly() throws Exception {
        repository.createDeployment()
            .name("team-visibility-test")
            .enableDuplicateFiltering(true)
            .addModelInstance("team-test.bpmn",
                    Bpmn.createExecutableProcess("teamVisibilityTest")
                        .camundaHistoryTimeToLive(1)
                        .startEvent()
                        .userTask("RespondToCustomer")
                        .camundaCandidateGroups("${candidateGroup}")
                        .endEvent()
                        .done())
            .deploy();
        String german = runtime.startProcessInstanceByKey("teamVisibilityTest", Map.of("candidateGroup", "agents-de"))
            .getId();
        String tier2 = runtime.startProcessInstanceByKey("teamVisibilityTest", Map.of("candidateGroup", "tier2"))
            .getId();

        assertThat(tasks(german, "anna")).isEmpty();
        assertThat(tasks(german, "tom")).isEmpty();
        JsonNode seenByGreta = tasks(german, "greta");
        assertThat(seenByGreta).hasSize(1);
        assertThat(tasks(german, "ben")).as("ben works in agents and agents-de").hasSize(1);
        assertThat(tasks(german, "maria")).as("escalation managers oversee every team").hasSize(1);
        assertThat(tasks(tier2, "tom")).hasSize(1);
        assertThat(tasks(tier2, "greta")).isEmpty();

        String taskId = seenByGreta.get(0).get("id").asText();
        assertThat(get("/engine-rest/task/" + taskId, "anna").statusCode()).isIn(403, 404);
        assertThat(post("/engine-rest/task/" + taskId + "/claim", "{\"userId\":\"anna\"}", "anna").statusCode())
            .isIn(403, 404);
        assertThat(post("/engine-rest/task/" + taskId + "/claim", "{\"userId\":\"greta\"}", "greta").statusCode())
            .isEqualTo(204);
    }

    @Test
    void noTeamHoldsAGeneralTaskPermission() {
        for (var resource : new Resources[] { Resources.TASK, Resources.PROCESS_DEFINITION,
                Resources.PROCESS_INSTANCE }) {
            for (Authorization a : authorizations.createAuthorizationQuery()
                .resourceType(resource)
                .resourceId("*")
                .list()) {
                if (a.getGroupId() != null && teams.ids().contains(a.getGroupId())) {
                    assertThat(a.isPermissionGranted(Permissions.READ_TASK)).as("%s %s", a.getGroupId(), resource)
                        .isFalse();
                    assertThat(resource).as("%s may not read every task or instance", a.getGroupId())
                        .isEqualTo(Resources.PROCESS_DEFINITION);
                }
            }
        }
    }

    private JsonNode tasks(String processInstanceId, String user) throws Exception {
        HttpResponse<String> r = get("/engine-rest/task?processInstanceId=" + processInstanceId, user);
        assertThat(r.statusCode()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private HttpResponse<String> get(String path, String user) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Authorization", basic(user))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String user) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Authorization", basic(user))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    }

}
