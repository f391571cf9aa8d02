package org.asyncdesk.workflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Deploys {@code bpmn/*.bpmn}, {@code bpmn/*.dmn} and {@code forms/*.form} from the file system. Only changed files
 * make new versions, so a restart with unchanged files deploys nothing.
 */
@Component
public class FileSystemDeployer {

    public static final String DEPLOYMENT_NAME = "asyncdesk";
    private static final Logger log = LoggerFactory.getLogger(FileSystemDeployer.class);

    private final RepositoryService repository;
    private final DeploymentProperties properties;

    public FileSystemDeployer(RepositoryService repository, DeploymentProperties properties) {
        this.repository = repository;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void deployAtStartup() {
        deploy();
    }

    /** What a deployment run did. */
    public record Result(List<String> resources, List<String> versions) {
    }

    public synchronized Result deploy() {
        List<Path> files = resources();
        if (files.isEmpty()) {
            log.warn("no BPMN, DMN or form files under {} (set asyncdesk.deployment.path)", base().toAbsolutePath());
            return new Result(List.of(), List.of());
        }
        DeploymentBuilder builder = repository.createDeployment()
                .name(DEPLOYMENT_NAME)
                .source("file system")
                .enableDuplicateFiltering(true);
        List<String> names = new ArrayList<>();
        for (Path file : files) {
            String name = base().relativize(file).toString().replace('\\', '/');
            try {
                builder.addString(name, Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            names.add(name);
        }
        var before = repository.createDeploymentQuery().deploymentName(DEPLOYMENT_NAME)
                .orderByDeploymentTime().desc().listPage(0, 1).stream().map(d -> d.getId()).findFirst();
        DeploymentWithDefinitions deployment = builder.deployWithResult();
        List<String> versions = new ArrayList<>();
        if (before.isPresent() && before.get().equals(deployment.getId())) {
            log.info("bpmn/ and forms/ unchanged under {}: nothing deployed", base().toAbsolutePath());
            return new Result(names, versions);
        }
        if (deployment.getDeployedProcessDefinitions() != null) {
            deployment.getDeployedProcessDefinitions().forEach(d ->
                    versions.add("process " + d.getKey() + " v" + d.getVersion() + " (" + d.getResourceName() + ")"));
        }
        if (deployment.getDeployedDecisionDefinitions() != null) {
            deployment.getDeployedDecisionDefinitions().forEach(d ->
                    versions.add("decision " + d.getKey() + " v" + d.getVersion() + " (" + d.getResourceName() + ")"));
        }
        repository.getDeploymentResources(deployment.getId()).stream()
                .filter(r -> r.getName().endsWith(".form"))
                .forEach(r -> versions.add("form " + r.getName()));
        if (versions.isEmpty()) {
            log.info("bpmn/ and forms/ unchanged under {}: nothing deployed", base().toAbsolutePath());
        } else {
            log.info("deployed from {}: {}", base().toAbsolutePath(), String.join(", ", versions));
        }
        return new Result(names, versions);
    }

    List<Path> resources() {
        List<Path> files = new ArrayList<>();
        files.addAll(list(base().resolve("bpmn"), ".bpmn", ".dmn"));
        files.addAll(list(base().resolve("forms"), ".form"));
        return files;
    }

    private Path base() {
        return properties.folder();
    }

    private static List<Path> list(Path dir, String... suffixes) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(suffixes).anyMatch(x -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(x)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
