package org.asyncdesk;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param path folder holding {@code bpmn/}, {@code forms/} and {@code knowledge/}; the
 * working directory by default, so that {@code ./mvnw spring-boot:run} in the repository
 * serves the files a process owner edits
 * @param watch redeploy (and reload) changed files while the application runs (checked
 * every {@code watchInterval})
 * @param watchInterval how often the folder is checked for changed files
 */
@ConfigurationProperties("asyncdesk.deployment")
public record DeploymentProperties(@DefaultValue(".") String path, @DefaultValue("true") boolean watch,
        @DefaultValue("2s") Duration watchInterval) {

    /** Deploys {@code path} without watching it (tools and tests). */
    public static DeploymentProperties unwatched(String path) {
        return new DeploymentProperties(path, false, Duration.ofSeconds(2));
    }

    /**
     * A plain file-system path (Spring would otherwise resolve "." against the servlet
     * context).
     */
    public Path folder() {
        return Path.of(path).toAbsolutePath().normalize();
    }
}
