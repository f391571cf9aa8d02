package org.asyncdesk.workflow;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param rewriteAuthorizationChecks run the engine's task query and variable instance
 * query with the authorization check rewritten for scale ({@link AuthorizationQueries},
 * docs/tasklist-scale.md): the same rows are admitted, in time that grows with the open
 * tasks instead of with their square. On by default; off runs the engine's own queries
 * unchanged.
 */
@ConfigurationProperties("asyncdesk.tasklist")
public record TasklistProperties(@DefaultValue("true") boolean rewriteAuthorizationChecks) {
}
