package org.asyncdesk.workflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.PreDestroy;
import org.asyncdesk.DeploymentProperties;
import org.asyncdesk.FolderWatch;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.Problem;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.persistence.entity.CamundaFormDefinitionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.repository.DeploymentBuilder;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Deploys {@code bpmn/*.bpmn}, {@code bpmn/*.dmn} and {@code forms/*.form} from the file
 * system at start-up and, with {@code asyncdesk.deployment.watch}, whenever a file
 * changes while the application runs.
 * <ul>
 * <li>Only changed files make new versions: a file is compared with the content this
 * deployer last put live under its name ({@link DeployedFiles}), so a restart with
 * unchanged files deploys nothing, on any node, and a file restored to an earlier content
 * is deployed again. Camunda's own duplicate filtering is used only for files never
 * recorded (a database from before the record existed): it picks "the latest" by
 * deployment time, which is wrong whenever a clock was behind an earlier deployment.</li>
 * <li>An invalid file (broken XML, invalid BPMN or DMN, invalid form JSON) is rejected
 * with a log line naming the file and the problem; its previous version keeps serving,
 * and valid changed files beside it still deploy. It is tried again when it changes.</li>
 * </ul>
 */
@Component
public class FileSystemDeployer {

    public static final String DEPLOYMENT_NAME = "asyncdesk";

    private static final Logger log = LoggerFactory.getLogger(FileSystemDeployer.class);

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String NOT_UTF8 = "\0not UTF-8";

    private final RepositoryService repository;

    private final DeployedFiles deployed;

    private final DeploymentProperties properties;

    /**
     * Content hash of each file as last handled (deployed, unchanged or rejected): only
     * differences are acted on.
     */
    private final Map<String, String> handled = new LinkedHashMap<>();

    private final FolderWatch watcher;

    private boolean warnedEmpty;

    public FileSystemDeployer(RepositoryService repository, DeployedFiles deployed, DeploymentProperties properties) {
        this.repository = repository;
        this.deployed = deployed;
        this.properties = properties;
        this.watcher = new FolderWatch("asyncdesk-deployment-watch", properties.watchInterval(), this::deployChanges);
    }

    /**
     * What a deployment run did: files looked at, new versions made, files rejected (with
     * the reason).
     */
    public record Result(List<String> resources, List<String> versions, Map<String, String> rejected) {

        static Result nothing(List<String> resources) {
            return new Result(resources, List.of(), Map.of());
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    public void deployAtStartup() {
        deploy();
        if (properties.watch()) {
            startWatching();
        }
    }

    /** Checks the folder every {@code watchInterval} and deploys what changed. */
    public void startWatching() {
        if (watcher.start()) {
            log.info("watching {} for changed BPMN, DMN and form files (every {})", base(), properties.watchInterval());
        }
    }

    @PreDestroy
    public void stopWatching() {
        watcher.stop();
    }

    private void deployChanges() {
        try {
            deploy();
        }
        catch (RuntimeException e) {
            // e.g. the database is briefly unreachable: try again at the next check
            log.warn("could not deploy changed files from {}: {}", base(), e.toString());
        }
    }

    /**
     * Deploys every file that changed since the last run (at the first run: every file,
     * Camunda skips unchanged).
     */
    public synchronized Result deploy() {
        Map<String, String> contents = read();
        if (contents.isEmpty()) {
            if (!warnedEmpty) {
                log.warn("no BPMN, DMN or form files under {} (set asyncdesk.deployment.path)", base());
                warnedEmpty = true;
            }
            return Result.nothing(List.of());
        }
        warnedEmpty = false;
        handled.keySet().retainAll(contents.keySet()); // a deleted file that comes back
                                                       // is looked at again
        Map<String, String> changed = new LinkedHashMap<>();
        contents.forEach((name, text) -> {
            if (!hash(text).equals(handled.get(name))) {
                changed.put(name, text);
            }
        });
        List<String> names = List.copyOf(contents.keySet());
        if (changed.isEmpty()) {
            return Result.nothing(names);
        }

        Map<String, String> rejected = new LinkedHashMap<>();
        Map<String, String> valid = new LinkedHashMap<>();
        changed.forEach((name, text) -> validate(name, text).ifPresentOrElse(problem -> rejected.put(name, problem),
                () -> valid.put(name, text)));

        List<String> versions = new ArrayList<>();
        if (!valid.isEmpty()) {
            try {
                versions.addAll(deployTogether(valid));
            }
            catch (RuntimeException together) {
                if (isTransient(together)) {
                    throw together;
                }
                // find the culprit: every valid file on its own
                for (var file : valid.entrySet()) {
                    try {
                        versions.addAll(deployTogether(Map.of(file.getKey(), file.getValue())));
                    }
                    catch (RuntimeException alone) {
                        if (isTransient(alone)) {
                            throw alone;
                        }
                        rejected.put(file.getKey(), describe(alone));
                    }
                }
            }
        }
        changed.forEach((name, text) -> handled.put(name, hash(text)));

        rejected.forEach((name, problem) -> log.error(
                "rejected {} (in {}): {}. The previous version keeps serving; " + "fix the file and save it again.",
                name, base(), problem.replaceAll("[.\\s]+$", "")));
        if (!versions.isEmpty()) {
            log.info("deployed from {}: {}", base(), String.join(", ", versions));
        }
        else if (rejected.isEmpty()) {
            log.info("bpmn/ and forms/ unchanged under {}: nothing deployed", base());
        }
        return new Result(names, versions, rejected);
    }

    private List<String> deployTogether(Map<String, String> files) {
        return deployed.exclusively(() -> {
            Map<String, String> recorded = deployed.hashes();
            Map<String, String> changed = new LinkedHashMap<>();
            Map<String, String> unrecorded = new LinkedHashMap<>();
            files.forEach((name, text) -> {
                String live = recorded.get(name);
                if (live == null) {
                    unrecorded.put(name, text);
                }
                else if (!live.equals(hash(text))) {
                    changed.put(name, text);
                }
                // equal: already live (deployed before a restart, or by another node)
            });
            List<String> versions = new ArrayList<>();
            versions.addAll(deploy(changed, false));
            versions.addAll(deploy(unrecorded, true));
            return versions;
        });
    }

    private List<String> deploy(Map<String, String> files, boolean duplicateFiltering) {
        if (files.isEmpty()) {
            return List.of();
        }
        DeploymentBuilder builder = repository.createDeployment().name(DEPLOYMENT_NAME).source("file system");
        if (duplicateFiltering) {
            builder.enableDuplicateFiltering(true);
        }
        files.forEach(builder::addString);
        DeploymentWithDefinitions deployment = builder.deployWithResult();
        files.forEach((name, text) -> deployed.record(name, hash(text), deployment.getId()));
        // a filtered deployment of nothing new returns an earlier deployment, without
        // deployed definitions
        List<String> versions = new ArrayList<>();
        if (deployment.getDeployedProcessDefinitions() != null) {
            deployment.getDeployedProcessDefinitions()
                .forEach(d -> versions
                    .add("process " + d.getKey() + " v" + d.getVersion() + " (" + d.getResourceName() + ")"));
        }
        if (deployment.getDeployedDecisionDefinitions() != null) {
            deployment.getDeployedDecisionDefinitions()
                .forEach(d -> versions
                    .add("decision " + d.getKey() + " v" + d.getVersion() + " (" + d.getResourceName() + ")"));
        }
        if (deployment instanceof DeploymentEntity entity) {
            List<CamundaFormDefinitionEntity> forms = entity.getDeployedArtifacts(CamundaFormDefinitionEntity.class);
            if (forms != null) {
                forms.forEach(f -> versions
                    .add("form " + f.getKey() + " v" + f.getVersion() + " (" + f.getResourceName() + ")"));
            }
        }
        return versions;
    }

    /** Checks Camunda cannot do (or words badly) before a deployment: the form JSON. */
    static Optional<String> validate(String name, String text) {
        if (text.startsWith(NOT_UTF8)) {
            return Optional.of("not UTF-8 text");
        }
        if (!name.endsWith(".form")) {
            return Optional.empty();
        }
        try {
            JsonNode form = JSON.readTree(text);
            if (form == null || !form.isObject()) {
                return Optional.of("not a Camunda Form: the file must hold a JSON object");
            }
            if (!form.path("id").isTextual() || form.path("id").asText().isBlank()) {
                return Optional.of("not a Camunda Form: \"id\" (the form id that user tasks reference) is missing");
            }
            if (!form.path("components").isArray()) {
                return Optional.of("not a Camunda Form: \"components\" must be a list");
            }
            return Optional.empty();
        }
        catch (JsonProcessingException e) {
            var at = e.getLocation();
            return Optional
                .of("invalid JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                        + ": " + e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source.*$", ""));
        }
    }

    /**
     * The engine's reason in one line: parse problems with their line and element, else
     * the root cause.
     */
    static String describe(RuntimeException e) {
        if (e instanceof ParseException parse && parse.getResorceReports() != null) {
            String problems = parse.getResorceReports()
                .stream()
                .flatMap(r -> r.getErrors().stream())
                .map(FileSystemDeployer::describe)
                .collect(Collectors.joining("; "));
            if (!problems.isBlank()) {
                return problems;
            }
        }
        Throwable root = e;
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (root.getMessage() != null && !text.toString().contains(root.getMessage())) {
                text.append(": ").append(root.getMessage());
            }
        }
        return text.toString().replaceAll("\\s+", " ").strip();
    }

    private static String describe(Problem p) {
        StringBuilder s = new StringBuilder();
        if (p.getLine() > 0) {
            s.append("line ").append(p.getLine()).append(", column ").append(p.getColumn()).append(": ");
        }
        s.append(p.getMessage().replaceAll("\\s+", " ").strip());
        if (p.getMainElementId() != null) {
            s.append(" (element ").append(p.getMainElementId()).append(")");
        }
        return s.toString();
    }

    /**
     * A database problem is no verdict on the file: it is tried again at the next check.
     */
    private static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException || t instanceof DataAccessException) {
                return true;
            }
        }
        return false;
    }

    private Map<String, String> read() {
        Map<String, String> contents = new LinkedHashMap<>();
        for (Path file : resources()) {
            String name = base().relativize(file).toString().replace('\\', '/');
            try {
                contents.put(name, Files.readString(file, StandardCharsets.UTF_8));
            }
            catch (MalformedInputException e) {
                contents.put(name, NOT_UTF8);
            }
            catch (NoSuchFileException e) {
                // deleted between listing and reading (an editor saving): picked up at
                // the next check
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return contents;
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

    private static String hash(String text) {
        try {
            return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> list(Path dir, String... suffixes) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                .filter(p -> Stream.of(suffixes)
                    .anyMatch(x -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(x)))
                .sorted()
                .toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

}
