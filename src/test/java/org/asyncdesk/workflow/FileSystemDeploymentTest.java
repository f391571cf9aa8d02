package org.asyncdesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import org.asyncdesk.DeploymentProperties;
import org.asyncdesk.support.ProcessTest;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * bpmn/ and forms/ are deployed from the file system: only changed files make new
 * versions, a file saved while the application runs is deployed within seconds, and an
 * invalid file is rejected while its previous version keeps serving. Each test works in
 * its own temporary folder with its own process, decision and form keys.
 */
@ProcessTest
@ExtendWith(OutputCaptureExtension.class)
class FileSystemDeploymentTest {

    @Autowired
    RepositoryService repository;

    @Autowired
    DeployedFiles deployedFiles;

    @TempDir
    Path folder;

    private FileSystemDeployer deployer;

    private final String key = "watch" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @BeforeEach
    void folders() throws Exception {
        Files.createDirectories(folder.resolve("bpmn"));
        Files.createDirectories(folder.resolve("forms"));
    }

    @AfterEach
    void stop() {
        if (deployer != null) {
            deployer.stopWatching();
        }
    }

    @Test
    void unchangedFilesMakeNoNewVersionAndAChangedOneDoes() throws Exception {
        Files.copy(Path.of("bpmn/conversation.bpmn"), folder.resolve("bpmn/conversation.bpmn"));
        Files.copy(Path.of("forms/respond.form"), folder.resolve("forms/respond.form"));
        deployer = new FileSystemDeployer(repository, deployedFiles, DeploymentProperties.unwatched(folder.toString()));
        long before = versions("conversation");

        deployer.deploy();
        long afterFirst = versions("conversation");
        var again = deployer.deploy();
        var fresh = new FileSystemDeployer(repository, deployedFiles, DeploymentProperties.unwatched(folder.toString()))
            .deploy();

        assertThat(again.versions()).isEmpty();
        assertThat(fresh.versions()).as("a restart with unchanged files").isEmpty();
        assertThat(versions("conversation")).isEqualTo(afterFirst);

        Path bpmn = folder.resolve("bpmn/conversation.bpmn");
        Files.writeString(bpmn,
                Files.readString(bpmn).replace("name=\"Respond to customer\"", "name=\"Answer the customer\""));
        var changed = deployer.deploy();

        assertThat(changed.versions()).singleElement().asString().startsWith("process conversation v");
        assertThat(versions("conversation")).isEqualTo(afterFirst + 1);
        assertThat(afterFirst).as("the shipped files, already live since start-up, make no new version")
            .isEqualTo(before);
        assertThat(respondTaskName()).isEqualTo("Answer the customer");

        // the other tests in this JVM expect the shipped diagram: restoring it is a
        // change of its own
        Files.copy(Path.of("bpmn/conversation.bpmn"), bpmn, StandardCopyOption.REPLACE_EXISTING);
        assertThat(deployer.deploy().versions()).singleElement().asString().startsWith("process conversation v");
        assertThat(respondTaskName()).isEqualTo("Respond to customer");
    }

    @Test
    void aFileRestoredToItsEarlierContentIsDeployedAgainWhateverTheClockSaid() throws Exception {
        Path file = folder.resolve("bpmn/restored.bpmn");
        deployer = new FileSystemDeployer(repository, deployedFiles, DeploymentProperties.unwatched(folder.toString()));
        try {
            // the first version is deployed by a node whose clock runs a year ahead (or
            // before a test pinned it back)
            ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofDays(366))));
            Files.writeString(file, process(key, "First"));
            deployer.deploy();
            ClockUtil.reset();
            Files.writeString(file, process(key, "Second"));
            deployer.deploy();
            assertThat(taskName(key)).isEqualTo("Second");

            Files.writeString(file, process(key, "First"));
            var restored = deployer.deploy();

            assertThat(restored.versions()).containsExactly("process " + key + " v3 (bpmn/restored.bpmn)");
            assertThat(taskName(key)).isEqualTo("First");
        }
        finally {
            ClockUtil.reset();
        }
    }

    private String respondTaskName() {
        var latest = repository.createProcessDefinitionQuery()
            .processDefinitionKey("conversation")
            .latestVersion()
            .singleResult();
        return repository.getBpmnModelInstance(latest.getId())
            .getModelElementById("RespondToCustomer")
            .getAttributeValue("name");
    }

    @Test
    void aFileSavedWhileTheApplicationRunsIsDeployedWithinSeconds(CapturedOutput output) throws Exception {
        Files.writeString(folder.resolve("bpmn/live.bpmn"), process(key, "Respond"));
        Files.writeString(folder.resolve("forms/live.form"), form(key + "-form", "Reply"));
        deployer = new FileSystemDeployer(repository, deployedFiles,
                new DeploymentProperties(folder.toString(), true, Duration.ofMillis(100)));

        deployer.deployAtStartup();
        assertThat(versions(key)).isEqualTo(1);
        assertThat(output.getOut()).contains("process " + key + " v1 (bpmn/live.bpmn)")
            .contains("form " + key + "-form v1 (forms/live.form)");

        Files.writeString(folder.resolve("bpmn/live.bpmn"), process(key, "Answer"));
        await().atMost(Duration.ofSeconds(10)).until(() -> versions(key) == 2);
        assertThat(taskName(key)).isEqualTo("Answer");
        await().atMost(Duration.ofSeconds(5))
            .until(() -> output.getOut().contains("process " + key + " v2 (bpmn/live.bpmn)"));

        Files.writeString(folder.resolve("forms/live.form"), form(key + "-form", "Your answer"));
        await().atMost(Duration.ofSeconds(10))
            .until(() -> output.getOut().contains("form " + key + "-form v2 (forms/live.form)"));
        assertThat(versions(key)).as("the unchanged process makes no new version").isEqualTo(2);
    }

    @Test
    void invalidFilesAreRejectedByNameWhileValidOnesBesideThemDeploy(CapturedOutput output) throws Exception {
        Files.writeString(folder.resolve("bpmn/broken.bpmn"), process(key + "a", "First"));
        Files.writeString(folder.resolve("bpmn/invalid.bpmn"), process(key + "b", "First"));
        Files.writeString(folder.resolve("bpmn/good.bpmn"), process(key + "c", "First"));
        Files.writeString(folder.resolve("bpmn/rules.dmn"), decision(key + "d", "UNIQUE"));
        Files.writeString(folder.resolve("forms/answer.form"), form(key + "-form", "Reply"));
        deployer = new FileSystemDeployer(repository, deployedFiles, DeploymentProperties.unwatched(folder.toString()));
        assertThat(deployer.deploy().rejected()).isEmpty();

        String broken = process(key + "a", "Second");
        Files.writeString(folder.resolve("bpmn/broken.bpmn"), broken.substring(0, broken.indexOf("</bpmn:process>")));
        Files.writeString(folder.resolve("bpmn/invalid.bpmn"),
                process(key + "b", "Second").replace("targetRef=\"end\"", "targetRef=\"nowhere\""));
        Files.writeString(folder.resolve("bpmn/good.bpmn"), process(key + "c", "Second"));
        Files.writeString(folder.resolve("bpmn/rules.dmn"), decision(key + "d", "SOMETIMES"));
        Files.writeString(folder.resolve("forms/answer.form"), "{\"id\": \"" + key + "-form\", \"components\": [");
        var result = deployer.deploy();

        assertThat(result.rejected()).containsOnlyKeys("bpmn/broken.bpmn", "bpmn/invalid.bpmn", "bpmn/rules.dmn",
                "forms/answer.form");
        assertThat(result.rejected().get("bpmn/invalid.bpmn")).contains("nowhere");
        assertThat(result.rejected().get("forms/answer.form")).startsWith("invalid JSON at line 1");
        assertThat(result.versions()).containsExactly("process " + key + "c v2 (bpmn/good.bpmn)");
        assertThat(taskName(key + "a")).isEqualTo("First");
        assertThat(taskName(key + "b")).isEqualTo("First");
        assertThat(taskName(key + "c")).isEqualTo("Second");
        assertThat(repository.createDecisionDefinitionQuery().decisionDefinitionKey(key + "d").count()).isEqualTo(1);
        for (String file : result.rejected().keySet()) {
            assertThat(output.getOut())
                .contains("rejected " + file + " (in " + folder.toAbsolutePath().normalize() + "): ")
                .contains("The previous version keeps serving");
        }

        // an invalid file is not reported again until it changes; fixed, it deploys
        assertThat(deployer.deploy().rejected()).isEmpty();
        Files.writeString(folder.resolve("bpmn/broken.bpmn"), broken);
        var fixed = deployer.deploy();
        assertThat(fixed.versions()).containsExactly("process " + key + "a v2 (bpmn/broken.bpmn)");
        assertThat(taskName(key + "a")).isEqualTo("Second");
    }

    private long versions(String processKey) {
        return repository.createProcessDefinitionQuery().processDefinitionKey(processKey).count();
    }

    private String taskName(String processKey) {
        var latest = repository.createProcessDefinitionQuery()
            .processDefinitionKey(processKey)
            .latestVersion()
            .singleResult();
        return repository.getBpmnModelInstance(latest.getId()).getModelElementById("task").getAttributeValue("name");
    }

    static String process(String key, String taskName) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                                  xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                                  id="defs" targetNamespace="http://asyncdesk.org/test">
                  <bpmn:process id="%s" isExecutable="true" camunda:historyTimeToLive="P1D">
                    <bpmn:startEvent id="start" />
                    <bpmn:userTask id="task" name="%s" />
                    <bpmn:endEvent id="end" />
                    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
                    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
                  </bpmn:process>
                </bpmn:definitions>
                """.formatted(key, taskName);
    }

    static String decision(String key, String hitPolicy) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="defs" name="Test"
                             namespace="http://camunda.org/schema/1.0/dmn">
                  <decision id="%s" name="Routing test">
                    <decisionTable id="table" hitPolicy="%s">
                      <input id="in"><inputExpression id="inExpr" typeRef="string"><text>language</text></inputExpression></input>
                      <output id="out" name="candidateGroup" typeRef="string" />
                      <rule id="rule"><inputEntry id="when"><text>"de"</text></inputEntry><outputEntry id="then"><text>"agents-de"</text></outputEntry></rule>
                    </decisionTable>
                  </decision>
                </definitions>
                """
            .formatted(key, hitPolicy);
    }

    static String form(String id, String label) {
        return """
                {"id": "%s", "type": "default", "schemaVersion": 16,
                 "components": [{"id": "reply", "key": "replyText", "label": "%s", "type": "textarea"}]}
                """.formatted(id, label);
    }

}
