package org.asyncdesk.workflow;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.asyncdesk.conversation.Conversation;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.ProcessMessages;
import org.asyncdesk.conversation.TranscriptView;
import org.asyncdesk.customer.Customer;
import org.asyncdesk.customer.CustomerIdentity;
import org.asyncdesk.customer.CustomerService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * {@code ${respondTask}}: task listener for agent tasks on a conversation (events create, assignment, complete).
 * <ul>
 * <li>create: fills the form's read-only variables (task-local): {@code transcript}, {@code customerName},
 * {@code customerIdentities}, {@code customerTier}; clears last round's {@code outcome} and {@code replyText}.</li>
 * <li>assignment: records in the transcript who took the conversation.</li>
 * <li>complete: checks the outcome (one of {@code allowedOutcomes}), stores the reply (outcome {@code reply}) and
 * the optional {@code internalNote}; sets {@code agent}. A bad combination refuses the completion with a clear
 * message in Tasklist.</li>
 * </ul>
 */
@Component("respondTask")
public class RespondTask implements TaskListener {

    static final Set<String> OUTCOMES = Set.of("reply", "resolve", "handover", "callback");

    private final ConversationService conversations;
    private final CustomerService customers;
    private final TranscriptView view;
    private final ReplySender replySender;

    public RespondTask(ConversationService conversations, CustomerService customers, TranscriptView view,
                       ReplySender replySender) {
        this.conversations = conversations;
        this.customers = customers;
        this.view = view;
        this.replySender = replySender;
    }

    @Override
    public void notify(DelegateTask task) {
        switch (task.getEventName()) {
            case EVENTNAME_CREATE -> created(task);
            case EVENTNAME_ASSIGNMENT -> assigned(task);
            case EVENTNAME_COMPLETE -> completing(task);
            default -> { }
        }
    }

    private void created(DelegateTask task) {
        String conversationId = conversationId(task);
        Conversation conversation = conversations.find(conversationId).orElseThrow();
        Customer customer = customers.find(conversation.customerId()).orElseThrow();
        List<CustomerIdentity> identities = customers.identitiesOf(customer.id());
        task.getExecution().removeVariable(ProcessMessages.VAR_OUTCOME);
        task.getExecution().removeVariable(ProcessMessages.VAR_REPLY_TEXT);
        task.getExecution().removeVariable("internalNote");
        task.setVariableLocal(TranscriptView.VARIABLE, view.render(conversationId));
        task.setVariableLocal("customerName", customer.displayName());
        task.setVariableLocal("customerTier", customer.tier());
        task.setVariableLocal("customerIdentities", identities.stream()
                .map(i -> i.channel() + ": " + i.address()).collect(Collectors.joining(", ")));
        task.setVariableLocal("conversationLink", "/api/conversations/" + conversationId);
    }

    private void assigned(DelegateTask task) {
        if (task.getAssignee() != null) {
            String conversationId = conversationId(task);
            conversations.recordEventFromTask(conversationId, "Taken by " + task.getAssignee());
            task.setVariableLocal(TranscriptView.VARIABLE, view.render(conversationId));
        }
    }

    private void completing(DelegateTask task) {
        String conversationId = conversationId(task);
        Object outcome = task.getVariable(ProcessMessages.VAR_OUTCOME);
        if (!(outcome instanceof String o) || !OUTCOMES.contains(o)) {
            throw new ProcessEngineException("Choose an outcome: one of " + String.join(", ", OUTCOMES.stream().sorted().toList()));
        }
        String agent = agent(task);
        task.getExecution().setVariable("agent", agent);
        if (task.getVariable("internalNote") instanceof String note && !note.isBlank()) {
            conversations.recordNoteFromTask(conversationId, agent, note.strip());
            task.getExecution().removeVariable("internalNote");
        }
        if ("reply".equals(o)) {
            Object text = task.getVariable(ProcessMessages.VAR_REPLY_TEXT);
            if (!(text instanceof String s) || s.isBlank()) {
                throw new ProcessEngineException("Write a reply before completing with outcome 'reply'");
            }
            replySender.recordReply(task.getExecution(), conversations.find(conversationId).orElseThrow());
        }
    }

    private static String agent(DelegateTask task) {
        if (task.getAssignee() != null) {
            return task.getAssignee();
        }
        Authentication auth = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        return auth != null ? auth.getUserId() : "Support";
    }

    private static String conversationId(DelegateTask task) {
        return (String) task.getVariable(ProcessMessages.VAR_CONVERSATION_ID);
    }
}
