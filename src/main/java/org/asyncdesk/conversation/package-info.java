/**
 * Conversations and their transcripts: the conversation record
 * ({@code ConversationService}), which conversation a message belongs to
 * ({@code ConversationRouter}), web chat access, the transcript, the one place that
 * correlates into the engine ({@code EngineGateway}), the outbox and delivery states, the
 * names shared with the diagrams ({@code ProcessVocabulary}), outbound channels, the
 * transcript view on agent tasks. Knows no channel, inbox or workflow.
 * <p>
 * May use: customer.
 */
package org.asyncdesk.conversation;
