package org.asyncdesk.workflow;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a deployed diagram may contain beyond the documented vocabulary (docs/modeling.md,
 * "What a diagram may contain"). Both widen what a process owner can run inside the
 * engine, with the engine's rights: leave them off unless every process owner may also
 * change the Java code.
 *
 * @param allowScripts allow script tasks, {@code camunda:script}, script conditions and
 * DMN script expressions
 * @param allowedClasses fully qualified Java delegate classes a diagram may name in
 * {@code camunda:class}
 */
@ConfigurationProperties("asyncdesk.deployment")
public record DiagramGuardProperties(@DefaultValue("false") boolean allowScripts,
        @DefaultValue List<String> allowedClasses) {
}
