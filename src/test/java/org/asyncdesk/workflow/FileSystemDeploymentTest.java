package org.asyncdesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.asyncdesk.support.ProcessTest;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/** bpmn/ and forms/ are deployed from the file system; only changed files make new versions. */
@ProcessTest
class FileSystemDeploymentTest {

    @Autowired RepositoryService repository;

    @TempDir Path folder;

    @Test
    void unchangedFilesMakeNoNewVersionAndAChangedOneDoes() throws Exception {
        Files.createDirectories(folder.resolve("bpmn"));
        Files.createDirectories(folder.resolve("forms"));
        Files.copy(Path.of("bpmn/conversation.bpmn"), folder.resolve("bpmn/conversation.bpmn"));
        Files.copy(Path.of("forms/respond.form"), folder.resolve("forms/respond.form"));
        var deployer = new FileSystemDeployer(repository, new DeploymentProperties(folder.toString()));
        long before = versions();

        deployer.deploy();
        long afterFirst = versions();
        var again = deployer.deploy();

        assertThat(again.versions()).isEmpty();
        assertThat(versions()).isEqualTo(afterFirst);

        Path bpmn = folder.resolve("bpmn/conversation.bpmn");
        Files.writeString(bpmn, Files.readString(bpmn).replace("name=\"Respond to customer\"", "name=\"Answer the customer\""));
        var changed = deployer.deploy();

        assertThat(changed.versions()).singleElement().asString().startsWith("process conversation v");
        assertThat(versions()).isEqualTo(afterFirst + 1);
        assertThat(afterFirst).isGreaterThanOrEqualTo(before);
        var latest = repository.createProcessDefinitionQuery().processDefinitionKey("conversation").latestVersion().singleResult();
        assertThat(repository.getBpmnModelInstance(latest.getId()).getModelElementById("RespondToCustomer")
                .getAttributeValue("name")).isEqualTo("Answer the customer");
    }

    private long versions() {
        return repository.createProcessDefinitionQuery().processDefinitionKey("conversation").count();
    }
}
