package org.asyncdesk.conversation;

import java.time.Instant;

import org.asyncdesk.customer.CustomerIdentity;

/**
 * @param identityVerified false while the identity the customer gave is only claimed (a
 * web chat's e-mail address before its confirmation link was used, an e-mail no trusted
 * server authenticated): the conversation then has a provisional profile of its own and
 * shows nobody else's data
 * @param claimedIdentity the identity claimed (channel key and address) for such a
 * conversation, else null; kept after confirmation
 */
public record Conversation(String id, String customerId, ConversationStatus status, Channel channel,
        Channel lastInboundChannel, String language, Instant createdAt, Instant updatedAt, Instant resolvedAt,
        boolean identityVerified, CustomerIdentity claimedIdentity) {

    /** A conversation of a known (confirmed) identity. */
    public Conversation(String id, String customerId, ConversationStatus status, Channel channel,
            Channel lastInboundChannel, String language, Instant createdAt, Instant updatedAt, Instant resolvedAt) {
        this(id, customerId, status, channel, lastInboundChannel, language, createdAt, updatedAt, resolvedAt, true,
                null);
    }
}
