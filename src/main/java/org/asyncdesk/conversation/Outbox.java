package org.asyncdesk.conversation;

import org.asyncdesk.customer.Customer;
import org.asyncdesk.customer.CustomerService;
import org.springframework.stereotype.Service;

/**
 * Sends a message that is already in the transcript (an agent's reply, an automatic
 * message) on its channel, to the conversation's recipients. The transcript entry then
 * shows it sent, or failed when the provider refused: the failure is committed on its own
 * and the exception goes on, so the job retries and ends as an incident.
 */
@Service
public class Outbox {

    private final ConversationService conversations;

    private final CustomerService customers;

    private final OutboundChannels channels;

    private final DeliveryTracker delivery;

    public Outbox(ConversationService conversations, CustomerService customers, OutboundChannels channels,
            DeliveryTracker delivery) {
        this.conversations = conversations;
        this.customers = customers;
        this.channels = channels;
        this.delivery = delivery;
    }

    /**
     * @param language the language the message is written in (providers' templates and
     * headers follow it)
     */
    public void send(Conversation conversation, TranscriptMessage message, String language) {
        Customer customer = customers.find(conversation.customerId()).orElseThrow();
        var outbound = new OutboundMessage(conversation.id(), message.id(), message.channel(), customer.displayName(),
                conversations.recipients(conversation), language, message.body());
        String providerId;
        try {
            providerId = channels.of(message.channel()).send(outbound);
        }
        catch (RuntimeException e) {
            delivery.failed(message.id());
            throw e;
        }
        delivery.sent(message.id(), providerId);
    }

}
