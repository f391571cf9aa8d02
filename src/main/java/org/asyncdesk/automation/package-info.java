/**
 * Automation: what Asyncdesk works out from the customer's words without an agent. The
 * classifier ({@code ${classifier}}: intent and language of a conversation) and language
 * detection (Lingua), in linear time on hostile input.
 * <p>
 * May use: conversation, customer, knowledge, template.
 */
package org.asyncdesk.automation;
