/**
 * Conversations and their transcripts: opening, finding the conversation a message belongs to, correlation into
 * the engine, outbound channels and delivery states, message templates, the transcript view on agent tasks. Knows
 * no channel, inbox or workflow.
 * <p>
 * May use: customer.
 */
package org.asyncdesk.conversation;
