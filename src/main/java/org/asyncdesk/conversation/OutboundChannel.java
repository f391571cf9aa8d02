package org.asyncdesk.conversation;

/**
 * Sends a reply to the customer on one channel. Each channel package provides one; a
 * channel without credentials falls back to the sandbox. Implementations throw on failure
 * so that the engine job retries and, when retries are exhausted, raises an incident.
 */
public interface OutboundChannel {

    Channel channel();

    /**
     * @return the provider's id for the sent message, or null when the channel has none
     */
    String send(OutboundMessage message);

}
