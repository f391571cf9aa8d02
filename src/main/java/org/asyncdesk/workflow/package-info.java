/**
 * The engine side: the beans BPMN may call (the vocabulary), deployment from bpmn/ and
 * forms/ with the diagram guard, task completion allowlists, Tasklist filters, identity
 * and demo setup, start-up checks.
 * <p>
 * May use: root, conversation, customer, sla, load, template.
 */
package org.asyncdesk.workflow;
