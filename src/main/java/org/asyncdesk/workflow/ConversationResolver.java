package org.asyncdesk.workflow;

import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.ProcessVocabulary;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code ${conversationResolver}}: marks the conversation resolved; the customer's page
 * and the transcript show it. In: the conversation of the business key; optional
 * {@code resolvedBy} (text for the transcript, e.g. "after 3 days of silence"); otherwise
 * the {@code agent} who chose outcome resolve.
 */
@Component("conversationResolver")
public class ConversationResolver implements JavaDelegate {

    private final ConversationService conversations;

    public ConversationResolver(ConversationService conversations) {
        this.conversations = conversations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String conversationId = ProcessVocabulary.conversationId(execution);
        String by = execution.getVariable(ProcessVocabulary.VAR_RESOLVED_BY) instanceof String s && !s.isBlank() ? s
                : "by " + (execution.getVariable(ProcessVocabulary.VAR_AGENT) instanceof String a ? a : "an agent");
        conversations.resolve(conversationId, by);
    }

}
