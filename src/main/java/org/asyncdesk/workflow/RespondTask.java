package org.asyncdesk.workflow;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.asyncdesk.conversation.CompletionRefused;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.ProcessVocabulary;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptView;
import org.asyncdesk.customer.CustomerIdentity;
import org.asyncdesk.customer.CustomerService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * {@code ${respondTask}}: task listener for agent tasks on a conversation (events create,
 * assignment, complete).
 * <ul>
 * <li>create: fills the form's read-only variables (task-local, see {@link AgentForm});
 * clears last round's {@code outcome}, {@code replyText}, {@code internalNote},
 * {@code cannedResponse}, {@code replyChannel}.</li>
 * <li>assignment: records in the transcript who took the conversation.</li>
 * <li>complete: checks the outcome (one that the diagram's flows after the task test, see
 * {@link ModeledOutcomes}), stores the reply (outcome {@code reply}) and the optional
 * {@code internalNote}; merges the customer profile known under {@code sameCustomerAs}
 * (an e-mail address, phone number or Messenger id) into this conversation's customer;
 * sets {@code agent}. A bad combination refuses the completion with a clear message in
 * Tasklist.</li>
 * </ul>
 */
@Component("respondTask")
public class RespondTask implements TaskListener {

    private final ConversationService conversations;

    private final Transcript transcript;

    private final CustomerService customers;

    private final TranscriptView view;

    private final ReplySender replySender;

    private final AgentForm form;

    private final ModeledOutcomes outcomes;

    public RespondTask(ConversationService conversations, Transcript transcript, CustomerService customers,
            TranscriptView view, ReplySender replySender, AgentForm form, ModeledOutcomes outcomes) {
        this.conversations = conversations;
        this.transcript = transcript;
        this.customers = customers;
        this.view = view;
        this.replySender = replySender;
        this.form = form;
        this.outcomes = outcomes;
    }

    @Override
    public void notify(DelegateTask task) {
        switch (task.getEventName()) {
            case EVENTNAME_CREATE -> created(task);
            case EVENTNAME_ASSIGNMENT -> assigned(task);
            case EVENTNAME_COMPLETE -> completing(task);
            default -> {
            }
        }
    }

    private void created(DelegateTask task) {
        task.getExecution().removeVariable(ProcessVocabulary.VAR_OUTCOME);
        task.getExecution().removeVariable(ProcessVocabulary.VAR_REPLY_TEXT);
        task.getExecution().removeVariable(ProcessVocabulary.VAR_INTERNAL_NOTE);
        task.getExecution().removeVariable(ProcessVocabulary.VAR_CANNED_RESPONSE);
        task.getExecution().removeVariable(ProcessVocabulary.VAR_REPLY_CHANNEL);
        form.fill(task);
        // the first read of a definition parses its model: do it here, not in the agent's
        // completion, which races
        // with jobs that refresh the task (an acknowledgement updating the transcript)
        outcomes.of(task);
    }

    private void assigned(DelegateTask task) {
        if (task.getAssignee() != null) {
            String conversationId = conversationId(task);
            transcript.recordEventFromTask(conversationId, "Taken by " + task.getAssignee());
            task.setVariableLocal(ProcessVocabulary.TASK_TRANSCRIPT, view.render(conversationId));
        }
    }

    private void completing(DelegateTask task) {
        String conversationId = conversationId(task);
        Object outcome = task.getVariable(ProcessVocabulary.VAR_OUTCOME);
        Set<String> allowed = outcomes.of(task);
        if (!(outcome instanceof String o) || !allowed.contains(o)) {
            String choices = allowed.isEmpty() ? "none: no flow after this task tests 'outcome'"
                    : String.join(", ", allowed.stream().sorted().toList());
            throw new CompletionRefused(outcome == null || "".equals(outcome) ? "Choose an outcome: one of " + choices
                    : "Choose an outcome: '" + outcome + "' is not one this process handles; one of " + choices);
        }
        String agent = agent(task);
        task.getExecution().setVariable(ProcessVocabulary.VAR_AGENT, agent);
        if (task.getVariable(ProcessVocabulary.VAR_INTERNAL_NOTE) instanceof String note && !note.isBlank()) {
            transcript.recordNoteFromTask(conversationId, agent, note.strip());
            task.getExecution().removeVariable(ProcessVocabulary.VAR_INTERNAL_NOTE);
        }
        if (task.getVariable(ProcessVocabulary.VAR_SAME_CUSTOMER_AS) instanceof String other && !other.isBlank()) {
            mergeInto(conversationId, other.strip(), agent);
            task.getExecution().removeVariable(ProcessVocabulary.VAR_SAME_CUSTOMER_AS);
        }
        if ("reply".equals(o)) {
            Object text = task.getVariable(ProcessVocabulary.VAR_REPLY_TEXT);
            if (!(text instanceof String s) || s.isBlank()) {
                throw new CompletionRefused("Write a reply before completing with outcome 'reply'");
            }
            replySender.recordReply(task.getExecution(), conversations.find(conversationId).orElseThrow());
        }
    }

    /**
     * The agent found that this customer is the person known under another address: that
     * profile (identities, conversations) merges into this conversation's customer, whose
     * name and tier stay.
     */
    private void mergeInto(String conversationId, String address, String agent) {
        var conversation = conversations.find(conversationId).orElseThrow();
        if (!conversation.identityVerified()) {
            // whoever typed the address would get that profile's data: only the
            // customer's confirmation links it
            throw new CompletionRefused("This conversation's identity is unverified: profiles are not merged "
                    + "into it. It joins the right profile once the customer confirms their address (the link in "
                    + "our e-mail); leave 'Same person as' empty");
        }
        String here = conversation.customerId();
        String there = Stream.of("email", "whatsapp", "sms", "messenger")
            .map(channel -> customers.customerIdOf(new CustomerIdentity(channel, address)))
            .flatMap(Optional::stream)
            .findFirst()
            .orElseThrow(() -> new CompletionRefused("No customer is known under '" + address
                    + "': give the e-mail address, phone number or Messenger id of the other profile"));
        if (there.equals(here)) {
            throw new CompletionRefused("'" + address + "' already belongs to this customer");
        }
        try {
            customers.merge(there, here, agent);
        }
        catch (CustomerService.ProvisionalCustomer provisional) {
            throw new CompletionRefused(provisional.getMessage());
        }
        transcript.recordEventFromTask(conversationId,
                "Customer profile known under " + address + " merged into this one by " + agent);
    }

    static String agent(DelegateTask task) {
        if (task.getAssignee() != null) {
            return task.getAssignee();
        }
        Authentication auth = task.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        return auth != null ? auth.getUserId() : "Support";
    }

    static String conversationId(DelegateTask task) {
        return ProcessVocabulary.conversationId(task);
    }

}
