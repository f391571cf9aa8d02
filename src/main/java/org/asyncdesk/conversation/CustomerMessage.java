package org.asyncdesk.conversation;

import java.time.Instant;

/**
 * A customer's message as every channel hands it over, normalised.
 *
 * @param senderAddress the customer's address on that channel (e-mail, phone, WhatsApp id, PSID)
 * @param language      ISO 639-1 code when the channel or the customer told us, else null
 */
public record CustomerMessage(
        Channel channel,
        String providerMessageId,
        String senderAddress,
        String senderName,
        String language,
        String text,
        Instant receivedAt) {
}
