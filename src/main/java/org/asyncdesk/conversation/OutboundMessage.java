package org.asyncdesk.conversation;

import java.util.List;

import org.asyncdesk.customer.CustomerIdentity;

/**
 * A reply on its way out.
 *
 * @param transcriptMessageId the transcript entry this send belongs to (delivery state is
 * written there)
 * @param recipients the customer's identities; the channel picks the one it can use
 */
public record OutboundMessage(String conversationId, long transcriptMessageId, Channel channel, String customerName,
        List<CustomerIdentity> recipients, String language, String text) {

    public String addressOn(String channelKey) {
        return recipients.stream()
            .filter(r -> r.channel().equals(channelKey))
            .map(CustomerIdentity::address)
            .reduce((a, b) -> b)
            .orElse(null);
    }
}
