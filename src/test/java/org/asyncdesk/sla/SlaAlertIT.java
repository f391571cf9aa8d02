package org.asyncdesk.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.asyncdesk.DeploymentProperties;
import org.asyncdesk.support.MailServer;
import org.asyncdesk.support.PostgresTest;
import org.asyncdesk.workflow.DeployedFiles;
import org.asyncdesk.workflow.FileSystemDeployer;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The whole SLA path on PostgreSQL with the real job executor and inbox: a process owner
 * shortens the web chat target in sla-policy.dmn (8 seconds, 24/7) and deploys it; a
 * customer writes on the web chat, gets the acknowledgement with the answer time, nobody
 * answers, the escalation manager receives the breach e-mail.
 */
@PostgresTest
class SlaAlertIT {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    RepositoryService repository;

    @Autowired
    DeployedFiles deployedFiles;

    @Autowired
    RuntimeService runtime;

    @Autowired
    TaskService tasks;

    @Autowired
    SlaAlertRepository alerts;

    @TempDir
    Path folder;

    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode call(String method, String path, Object body, Map<String, String> headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(20));
        headers.forEach(b::header);
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        else {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isLessThan(300);
        return json.readTree(r.body());
    }

    @Test
    void aWebChatMessageIsAcknowledgedAndItsBreachAlertsTheManagerWithinSeconds() throws Exception {
        Files.createDirectories(folder.resolve("bpmn"));
        Files.createDirectories(folder.resolve("forms"));
        for (String f : List.of("bpmn/conversation.bpmn", "bpmn/sla-policy.dmn", "bpmn/routing.dmn",
                "forms/respond.form")) {
            Files.copy(Path.of(f), folder.resolve(f));
        }
        Path dmn = folder.resolve("bpmn/sla-policy.dmn");
        String original = Files.readString(dmn);
        Files.writeString(dmn,
                original
                    .replace("<outputEntry id=\"Rule_Messaging_firstResponse\"><text>\"PT4H\"</text>",
                            "<outputEntry id=\"Rule_Messaging_firstResponse\"><text>\"PT8S\"</text>")
                    .replace("<outputEntry id=\"Rule_Messaging_calendar\"><text>\"support\"</text>",
                            "<outputEntry id=\"Rule_Messaging_calendar\"><text>\"24/7\"</text>"));
        FileSystemDeployer deployer = new FileSystemDeployer(repository, deployedFiles,
                DeploymentProperties.unwatched(folder.toString()));
        deployer.deploy();
        try {
            JsonNode opened = call("POST", "/api/webchat/conversations", Map.of("name", "Petra Probe", "email",
                    "petra.sla@example.com", "text", "Where is my parcel? Order 98765."), Map.of());
            String id = opened.get("conversationId").asText();
            String token = opened.get("token").asText();

            // the acknowledgement arrives on the customer's page with the promised answer
            // time
            JsonNode ack = await().atMost(Duration.ofSeconds(15))
                .until(() -> call("GET", "/api/webchat/conversations/" + id + "/messages", null,
                        Map.of("Authorization", "Bearer " + token))
                    .get("messages"), m -> m.size() >= 2)
                .get(1);
            assertThat(ack.get("direction").asText()).isEqualTo("agent");
            assertThat(ack.get("text").asText()).startsWith("Hello Petra Probe, thank you for your message.")
                .contains("(Europe/Berlin)");

            String shortId = id.substring(0, 8);
            MimeMessage alert = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Arrays.stream(MailServer.get().getReceivedMessages())
                    .filter(m -> subjectOf(m).startsWith("[Asyncdesk] SLA breached: conversation " + shortId))
                    .findFirst(), Optional::isPresent)
                .orElseThrow();
            assertThat(Arrays.stream(alert.getRecipients(Message.RecipientType.TO)).map(Object::toString))
                .containsExactly("maria@asyncdesk.example");
            String pi = runtime.createProcessInstanceQuery().processInstanceBusinessKey(id).singleResult().getId();
            String taskId = tasks.createTaskQuery().processInstanceId(pi).singleResult().getId();
            String body = new String(alert.getInputStream().readAllBytes());
            assertThat(subjectOf(alert)).contains("(webchat)");
            assertThat(alert.getContentType()).startsWith("multipart/");
            String raw = new String(alert.getRawInputStream().readAllBytes());
            assertThat(raw + body).contains("task=" + taskId).contains("process-instance/" + pi);

            var recorded = alerts.ofConversation(id);
            assertThat(recorded).extracting(SlaAlert::kind).containsExactly("warning", "response-breach");
            SlaAlert breach = recorded.get(1);
            assertThat(breach.alertedAt()).isNotNull();
            Duration lateness = Duration.between(breach.dueAt(), breach.alertedAt());
            assertThat(lateness).as("alert lateness").isLessThan(Duration.ofSeconds(10));
            assertThat(tasks.createTaskQuery().processInstanceId(pi).singleResult().getPriority()).isEqualTo(100);
            assertThat(runtime.getVariable(pi, "slaState")).isEqualTo("breached");
            assertThat(breach.dueAt()).isBefore(Instant.now());
        }
        finally {
            Files.writeString(dmn, original);
            deployer.deploy();
        }
    }

    private static String subjectOf(MimeMessage m) {
        try {
            return m.getSubject() == null ? "" : m.getSubject();
        }
        catch (Exception e) {
            return "";
        }
    }

}
