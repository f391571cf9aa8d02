package org.asyncdesk.conversation;

import java.time.Instant;
import java.util.List;

/**
 * A customer's message as every channel hands it over, normalised.
 *
 * @param senderAddress the customer's address on that channel (e-mail, phone, WhatsApp
 * id, PSID)
 * @param language ISO 639-1 code when the channel or the customer told us, else null
 * @param attachments media the customer sent (metadata only); empty for plain text
 * @param threadConversationId the conversation this message says it continues (an e-mail
 * reply's In-Reply-To/References or subject tag), else null
 * @param senderVerified whether the channel vouches for {@code senderAddress}: a
 * provider's signed webhook does, an e-mail only with a passing DMARC (or aligned DKIM)
 * result from a trusted receiving server. An unverified sender never reaches a profile or
 * conversation of that address that is not itself unverified (see
 * ConversationService#conversationFor)
 */
public record CustomerMessage(Channel channel, String providerMessageId, String senderAddress, String senderName,
        String language, String text, Instant receivedAt, List<Attachment> attachments, String threadConversationId,
        boolean senderVerified) {

    public CustomerMessage {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    /** A message whose sender the channel vouches for (signed provider webhooks). */
    public CustomerMessage(Channel channel, String providerMessageId, String senderAddress, String senderName,
            String language, String text, Instant receivedAt, List<Attachment> attachments,
            String threadConversationId) {
        this(channel, providerMessageId, senderAddress, senderName, language, text, receivedAt, attachments,
                threadConversationId, true);
    }

    public CustomerMessage(Channel channel, String providerMessageId, String senderAddress, String senderName,
            String language, String text, Instant receivedAt) {
        this(channel, providerMessageId, senderAddress, senderName, language, text, receivedAt, List.of(), null, true);
    }
}
