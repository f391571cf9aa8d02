package org.asyncdesk.conversation;

import java.time.Instant;

/** One transcript entry. */
public record TranscriptMessage(long id, String conversationId, Direction direction, Channel channel, String author,
        String body, Instant createdAt, String providerMessageId, DeliveryState deliveryState) {

    public boolean visibleToCustomer() {
        return direction == Direction.IN || direction == Direction.OUT;
    }
}
