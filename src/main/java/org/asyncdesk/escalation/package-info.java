/**
 * Alerts to escalation managers and handovers between agents and teams.
 * <p>
 * May use: root, conversation, customer, sla, template.
 */
package org.asyncdesk.escalation;
