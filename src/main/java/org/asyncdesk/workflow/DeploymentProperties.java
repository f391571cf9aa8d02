package org.asyncdesk.workflow;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param path folder holding {@code bpmn/} and {@code forms/}; the working directory by default, so that
 *             {@code ./mvnw spring-boot:run} in the repository serves the files a process owner edits
 */
@ConfigurationProperties("asyncdesk.deployment")
public record DeploymentProperties(@DefaultValue(".") String path) {

    /** A plain file-system path (Spring would otherwise resolve "." against the servlet context). */
    public Path folder() {
        return Path.of(path).toAbsolutePath().normalize();
    }
}
