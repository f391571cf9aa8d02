package org.asyncdesk.conversation;

/**
 * Spring event: a customer's message is in the transcript (published by
 * {@link Transcript#appendInbound}, in its transaction). Listeners that act on the engine
 * listen after commit, so that nothing they do can fail the message's delivery.
 *
 * @param instanceRunning false when the conversation is new or resolved: no instance runs
 * for it yet, so there is no need to ask the engine
 */
public record CustomerWrote(String conversationId, long messageId, String text, Channel channel,
        boolean instanceRunning) {
}
