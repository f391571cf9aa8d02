package org.asyncdesk.workflow;

import java.util.List;

import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.Conversation;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.OutboundChannels;
import org.asyncdesk.conversation.OutboundMessage;
import org.asyncdesk.conversation.ProcessMessages;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.customer.Customer;
import org.asyncdesk.customer.CustomerIdentity;
import org.asyncdesk.customer.CustomerService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code ${replySender}}: sends the agent's reply to the customer.
 * In: the conversation of the business key, {@code replyText}, optional {@code replyChannel} (default: the channel the customer
 * used last), {@code agent}. Out: {@code lastReplyAt}; {@code replyText} is cleared for the next round.
 * A send that fails throws, so the job retries and ends as an incident; the transcript shows the entry as failed.
 */
@Component("replySender")
public class ReplySender implements JavaDelegate {

    static final String VAR_REPLY_MESSAGE_ID = "replyMessageId";

    private final ConversationService conversations;
    private final CustomerService customers;
    private final OutboundChannels channels;

    public ReplySender(ConversationService conversations, CustomerService customers, OutboundChannels channels) {
        this.conversations = conversations;
        this.customers = customers;
        this.channels = channels;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String conversationId = ProcessMessages.conversationId(execution);
        Conversation conversation = conversations.find(conversationId).orElseThrow();
        // normally the respond form's completion stored the reply already (so a retry never writes it twice)
        TranscriptMessage reply = execution.getVariable(VAR_REPLY_MESSAGE_ID) instanceof Long id
                ? conversations.message(id).orElseThrow()
                : recordReply(execution, conversation);
        // only a message of this conversation goes to this customer, whatever a variable says
        if (!reply.conversationId().equals(conversationId)) {
            throw new IllegalStateException("replyMessageId " + reply.id() + " is not a message of this conversation");
        }
        Customer customer = customers.find(conversation.customerId()).orElseThrow();
        // an unverified e-mail conversation is answered at the address the e-mail came from
        List<CustomerIdentity> identities = conversations.recipients(conversation);
        try {
            String providerId = channels.of(reply.channel()).send(new OutboundMessage(conversationId, reply.id(),
                    reply.channel(), customer.displayName(), identities, conversation.language(), reply.body()));
            conversations.setDeliveryState(reply.id(), "sent", providerId);
        } catch (RuntimeException e) {
            conversations.markDeliveryFailed(reply.id());
            throw e;
        }
        execution.removeVariable(VAR_REPLY_MESSAGE_ID);
        execution.removeVariable(ProcessMessages.VAR_REPLY_TEXT);
        execution.removeVariable("replyChannel");
        execution.setVariable("lastReplyAt", java.util.Date.from(reply.createdAt()));
    }

    /** Stores the reply in the transcript; the respond task calls this on completion, BPMN without it here. */
    TranscriptMessage recordReply(org.camunda.bpm.engine.delegate.VariableScope scope, Conversation conversation) {
        String text = (String) scope.getVariable(ProcessMessages.VAR_REPLY_TEXT);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("replyText is empty: write a reply before choosing the outcome 'reply'");
        }
        Object chosen = scope.getVariable("replyChannel");
        Channel channel = chosen instanceof String s && !s.isBlank()
                ? Channel.fromKey(s) : conversation.lastInboundChannel();
        String agent = scope.getVariable("agent") instanceof String a ? a : "Support";
        TranscriptMessage reply = conversations.recordReply(conversation.id(), channel, agent, text.strip());
        scope.setVariable(VAR_REPLY_MESSAGE_ID, reply.id());
        return reply;
    }
}
