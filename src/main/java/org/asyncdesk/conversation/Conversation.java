package org.asyncdesk.conversation;

import java.time.Instant;

public record Conversation(
        String id,
        String customerId,
        ConversationStatus status,
        Channel channel,
        Channel lastInboundChannel,
        String language,
        Instant createdAt,
        Instant updatedAt,
        Instant resolvedAt) {
}
