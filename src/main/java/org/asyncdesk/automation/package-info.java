/**
 * Automation: what Asyncdesk works out from the customer's words without an agent. The
 * classifier ({@code ${classifier}}: intent and language of a conversation) and language
 * detection (Lingua), in linear time on hostile input; the customer's sentiment, read
 * again on every follow-up ({@code SentimentFollowUp}).
 * <p>
 * May use: conversation, customer, knowledge, sla, template.
 */
package org.asyncdesk.automation;
