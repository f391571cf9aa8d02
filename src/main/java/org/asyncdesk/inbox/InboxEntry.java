package org.asyncdesk.inbox;

import java.time.Instant;

import java.util.List;

import org.asyncdesk.conversation.Attachment;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.CustomerMessage;

/** A stored inbound message and where it stands on its way into the engine. */
record InboxEntry(long id, Channel channel, String providerMessageId, String senderAddress, String senderName,
        String language, String body, String conversationId, Long messageId, InboxStatus status, int attempts,
        String lastError, Instant receivedAt, List<Attachment> attachments, String threadConversationId,
        boolean senderVerified) {

    public CustomerMessage toCustomerMessage() {
        return new CustomerMessage(channel, providerMessageId, senderAddress, senderName, language, body, receivedAt,
                attachments, threadConversationId, senderVerified);
    }

    InboxEntry attachedTo(String conversation, long message) {
        return new InboxEntry(id, channel, providerMessageId, senderAddress, senderName, language, body, conversation,
                message, status, attempts, lastError, receivedAt, attachments, threadConversationId, senderVerified);
    }
}
