package org.asyncdesk.escalation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code asyncdesk.escalation}.
 *
 * @param from          sender address of SLA alert e-mails
 * @param managersGroup Camunda group whose members get breach alerts (and warnings nobody else can receive)
 */
@ConfigurationProperties("asyncdesk.escalation")
public record EscalationProperties(
        @DefaultValue("asyncdesk@localhost") String from,
        @DefaultValue("escalation-managers") String managersGroup) {
}
