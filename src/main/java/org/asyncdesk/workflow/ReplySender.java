package org.asyncdesk.workflow;

import java.util.Date;

import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.Conversation;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.Outbox;
import org.asyncdesk.conversation.ProcessVocabulary;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/**
 * {@code ${replySender}}: sends the agent's reply to the customer. In: the conversation
 * of the business key, {@code replyText}, optional {@code replyChannel} (default: the
 * channel the customer used last), {@code agent}. Out: {@code lastReplyAt};
 * {@code replyText} is cleared for the next round. A send that fails throws, so the job
 * retries and ends as an incident; the transcript shows the entry as failed.
 */
@Component("replySender")
public class ReplySender implements JavaDelegate {

    private final ConversationService conversations;

    private final Transcript transcript;

    private final Outbox outbox;

    public ReplySender(ConversationService conversations, Transcript transcript, Outbox outbox) {
        this.conversations = conversations;
        this.transcript = transcript;
        this.outbox = outbox;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String conversationId = ProcessVocabulary.conversationId(execution);
        Conversation conversation = conversations.find(conversationId).orElseThrow();
        // normally the respond form's completion stored the reply already (so a retry
        // never writes it twice)
        TranscriptMessage reply = execution.getVariable(ProcessVocabulary.VAR_REPLY_MESSAGE_ID) instanceof Long id
                ? transcript.message(id).orElseThrow() : recordReply(execution, conversation);
        // only a message of this conversation goes to this customer, whatever a variable
        // says
        if (!reply.conversationId().equals(conversationId)) {
            throw new IllegalStateException("replyMessageId " + reply.id() + " is not a message of this conversation");
        }
        outbox.send(conversation, reply, conversation.language());
        execution.removeVariable(ProcessVocabulary.VAR_REPLY_MESSAGE_ID);
        execution.removeVariable(ProcessVocabulary.VAR_REPLY_TEXT);
        execution.removeVariable(ProcessVocabulary.VAR_REPLY_CHANNEL);
        execution.setVariable(ProcessVocabulary.VAR_LAST_REPLY_AT, Date.from(reply.createdAt()));
    }

    /**
     * Stores the reply in the transcript; the respond task calls this on completion, BPMN
     * without it here.
     */
    TranscriptMessage recordReply(VariableScope scope, Conversation conversation) {
        String text = (String) scope.getVariable(ProcessVocabulary.VAR_REPLY_TEXT);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("replyText is empty: write a reply before choosing the outcome 'reply'");
        }
        Object chosen = scope.getVariable(ProcessVocabulary.VAR_REPLY_CHANNEL);
        Channel channel = chosen instanceof String s && !s.isBlank() ? Channel.fromKey(s)
                : conversation.lastInboundChannel();
        String agent = scope.getVariable(ProcessVocabulary.VAR_AGENT) instanceof String a ? a : "Support";
        TranscriptMessage reply = transcript.recordReply(conversation.id(), channel, agent, text.strip());
        scope.setVariable(ProcessVocabulary.VAR_REPLY_MESSAGE_ID, reply.id());
        return reply;
    }

}
