package org.asyncdesk.inbox;

import java.time.Instant;

import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.CustomerMessage;

/** A stored inbound message and where it stands on its way into the engine. */
public record InboxEntry(
        long id,
        Channel channel,
        String providerMessageId,
        String senderAddress,
        String senderName,
        String language,
        String body,
        String conversationId,
        Long messageId,
        InboxStatus status,
        int attempts,
        String lastError,
        Instant receivedAt) {

    public CustomerMessage toCustomerMessage() {
        return new CustomerMessage(channel, providerMessageId, senderAddress, senderName, language, body, receivedAt);
    }
}
