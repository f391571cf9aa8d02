package org.asyncdesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.asyncdesk.support.PostgresTest;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A process owner presses "Deploy" in the Camunda Modeler 5: exactly its multipart
 * request to {@code /engine-rest/deployment/create} (fields in the Modeler's order, the
 * diagram as a {@code text/xml} part named after the file, HTTP Basic). The next
 * conversation runs on the new version; running conversations stay on theirs until a
 * process owner migrates them with the migration API (README). An agent may not deploy.
 */
@PostgresTest
class ModelerDeployIT {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    ManagementService management;

    @Autowired
    RepositoryService repository;

    @Autowired
    IdentityService identity;

    private final HttpClient http = HttpClient.newHttpClient();

    record Reply(int status, JsonNode body) {
    }

    @Test
    void aProcessOwnerDeploysFromTheModelerAndTheNextConversationUsesTheNewVersion() throws Exception {
        String running = openConversation("Mona Modeler", "Before the new version");
        String runningDefinition = awaitTask(running).get("processDefinitionId").asText();

        String changed = Files.readString(Path.of("bpmn/conversation.bpmn"))
            .replace("name=\"Customer conversation\"", "name=\"Customer conversation (deployed from the Modeler)\"");
        Reply deployed = modelerDeploy("otto", "conversation", "conversation.bpmn", changed);

        assertThat(deployed.status()).as("%s", deployed.body()).isEqualTo(200);
        assertThat(deployed.body().get("source").asText()).isEqualTo("Camunda Modeler");
        JsonNode definition = deployed.body().get("deployedProcessDefinitions").elements().next();
        assertThat(definition.get("key").asText()).isEqualTo("conversation");
        assertThat(definition.get("name").asText()).isEqualTo("Customer conversation (deployed from the Modeler)");
        String newDefinition = definition.get("id").asText();

        String next = openConversation("Nina Next", "After the new version");
        assertThat(awaitTask(next).get("processDefinitionId").asText()).isEqualTo(newDefinition);
        assertThat(awaitTask(running).get("processDefinitionId").asText())
            .as("running conversations keep their version")
            .isEqualTo(runningDefinition);

        // pressing Deploy again with nothing changed makes no new version
        // (deploy-changed-only)
        Reply again = modelerDeploy("otto", "conversation", "conversation.bpmn", changed);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("deployedProcessDefinitions").size()).isZero();

        // the process owner migrates the running conversation to the new version (README:
        // migration API)
        Reply plan = call("POST", "/engine-rest/migration/generate", Map.of("sourceProcessDefinitionId",
                runningDefinition, "targetProcessDefinitionId", newDefinition, "updateEventTriggers", true), "otto");
        assertThat(plan.status()).as("%s", plan.body()).isEqualTo(200);
        String instance = awaitTask(running).get("processInstanceId").asText();
        Reply migrated = call("POST", "/engine-rest/migration/execute",
                Map.of("migrationPlan", plan.body(), "processInstanceIds", List.of(instance)), "otto");
        assertThat(migrated.status()).as("%s", migrated.body()).isEqualTo(204);
        assertThat(awaitTask(running).get("processDefinitionId").asText()).isEqualTo(newDefinition);
    }

    @Test
    void aProcessOwnerCannotMakeHimselfAdminByDeployingADiagram() throws Exception {
        String key = "grantAdmin" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Reply refused = modelerDeploy("otto", "innocent", "innocent.bpmn", DiagramGuardTest.attack(key));

        assertThat(refused.status()).as("%s", refused.body()).isEqualTo(400);
        assertThat(refused.body().get("type").asText()).isEqualTo("ParseException");
        assertThat(refused.body().get("message").asText()).contains("GrantAdmin").contains("getProcessEngineServices");
        JsonNode problem = refused.body().at("/details/innocent.bpmn/errors/0");
        assertThat(problem.get("mainElementId").asText()).isEqualTo("GrantAdmin");
        assertThat(problem.get("message").asText()).contains(DiagramGuardTest.GRANT_ADMIN);

        // the deployed timer would have fired within a second; whatever jobs exist for
        // it, run them now
        for (var job : management.createJobQuery().processDefinitionKey(key).list()) {
            management.executeJob(job.getId());
        }
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(key).count()).isZero();
        assertThat(identity.createGroupQuery().groupMember("otto").list()).extracting("id")
            .containsExactly("process-owners");
    }

    @Test
    void anAgentMayNotDeploy() throws Exception {
        String bpmn = FileSystemDeploymentTest.process("agentDeploy" + UUID.randomUUID().toString().substring(0, 8),
                "X");
        Reply refused = modelerDeploy("anna", "agent-attempt", "agent-attempt.bpmn", bpmn);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("type").asText()).isEqualTo("AuthorizationException");
    }

    /**
     * The request Camunda Modeler 5 sends (its CamundaAPI.deployDiagram), as a browser's
     * FormData encodes it.
     */
    private Reply modelerDeploy(String user, String deploymentName, String fileName, String xml) throws Exception {
        String boundary = "----WebKitFormBoundary" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        field(body, boundary, "deployment-name", deploymentName);
        field(body, boundary, "deployment-source", "Camunda Modeler");
        field(body, boundary, "deploy-changed-only", "true");
        write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileName + "\"; filename=\""
                + fileName + "\"\r\nContent-Type: text/xml\r\n\r\n");
        body.write(xml.getBytes(StandardCharsets.UTF_8));
        write(body, "\r\n--" + boundary + "--\r\n");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/engine-rest/deployment/create"))
            .header("Authorization", basic(user))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isBlank() ? null : json.readTree(r.body()));
    }

    private static void field(ByteArrayOutputStream body, String boundary, String name, String value) {
        write(body,
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
    }

    private static void write(ByteArrayOutputStream body, String s) {
        body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private String openConversation(String name, String text) throws Exception {
        Reply opened = call("POST", "/api/webchat/conversations", Map.of("name", name, "email",
                UUID.randomUUID().toString().substring(0, 8) + "@example.com", "text", text), null);
        assertThat(opened.status()).isEqualTo(201);
        return opened.body().get("conversationId").asText();
    }

    private JsonNode awaitTask(String conversationId) {
        return await().atMost(Duration.ofSeconds(20))
            .until(() -> call("GET", "/engine-rest/task?processInstanceBusinessKey=" + conversationId, null, "anna")
                .body(), t -> t.size() == 1)
            .get(0);
    }

    private Reply call(String method, String path, Object body, String user) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20));
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
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body() == null || r.body().isBlank() ? null : json.readTree(r.body()));
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    }

}
