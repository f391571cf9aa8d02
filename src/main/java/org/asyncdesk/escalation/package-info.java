/**
 * Alerts to escalation managers and handovers between agents and teams.
 * <p>
 * May use: root, conversation, customer, sla.
 */
package org.asyncdesk.escalation;
