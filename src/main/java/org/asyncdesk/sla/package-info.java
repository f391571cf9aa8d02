/**
 * Promises: the SLA policy decision, business calendars with public holidays, due times,
 * the acknowledgement, SLA alert rows.
 * <p>
 * May use: root, conversation, customer, template.
 */
package org.asyncdesk.sla;
