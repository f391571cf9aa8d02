/**
 * Promises: classification, the SLA policy decision, business calendars with public holidays, due times, the
 * acknowledgement, SLA alert rows.
 * <p>
 * May use: root, automation, conversation, customer.
 */
package org.asyncdesk.sla;
