package org.asyncdesk;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code asyncdesk.escalation}. Here (not in {@code escalation}) because identity setup,
 * Tasklist filters, API authentication and the SLA code all need the managers' group, and
 * {@code sla} may not depend on {@code escalation}.
 *
 * @param from sender address of SLA alert e-mails
 * @param managersGroup Camunda group of the escalation managers: breach alerts (and
 * warnings nobody else can receive) go to its members, breached tasks get it as candidate
 * group, it oversees every team
 */
@ConfigurationProperties("asyncdesk.escalation")
public record EscalationProperties(@DefaultValue("asyncdesk@localhost") String from,
        @DefaultValue("escalation-managers") String managersGroup) {

    public EscalationProperties {
        TeamsProperties.requireGroupId(managersGroup, "asyncdesk.escalation.managers-group");
    }
}
