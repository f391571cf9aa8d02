package org.asyncdesk.escalation;

import org.asyncdesk.conversation.CompletionRefused;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.ProcessMessages;
import org.asyncdesk.sla.SlaVariables;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code ${handover}}: the agent chose outcome {@code handover}. In: {@code handoverGroup} and/or
 * {@code handoverUser} (at least one; they must exist in Camunda identity), {@code handoverNote} (required),
 * {@code agent}. Stores the note as an internal note (never sent to the customer) and a transcript event naming who
 * handed over to whom; sets {@code candidateGroup} (when a group is given) and {@code handoverAssignee} (when a user
 * is given) for the next agent task. The SLA due dates stay as they are: a handover does not reset the clock.
 * Run it synchronously after the task: a bad input then refuses the completion with the message in Tasklist.
 */
@Component("handover")
public class Handover implements JavaDelegate {

    public static final String GROUP = "handoverGroup";
    public static final String USER = "handoverUser";
    public static final String NOTE = "handoverNote";

    private final ConversationService conversations;

    public Handover(ConversationService conversations) {
        this.conversations = conversations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String conversationId = ProcessMessages.conversationId(execution);
        String group = text(execution.getVariable(GROUP));
        String user = text(execution.getVariable(USER));
        String note = text(execution.getVariable(NOTE));
        String agent = execution.getVariable("agent") instanceof String a ? a : "an agent";
        if (group == null && user == null) {
            throw new CompletionRefused("Hand over to a group or a person: fill in 'Hand over to group' or "
                    + "'Hand over to person'");
        }
        if (note == null) {
            throw new CompletionRefused("Write a handover note for the next agent");
        }
        IdentityService identity = execution.getProcessEngineServices().getIdentityService();
        if (group != null && identity.createGroupQuery().groupId(group).count() == 0) {
            throw new CompletionRefused("There is no group '" + group + "' to hand over to");
        }
        if (user != null && identity.createUserQuery().userId(user).count() == 0) {
            throw new CompletionRefused("There is no user '" + user + "' to hand over to");
        }
        String target = user != null && group != null ? user + " (group " + group + ")"
                : user != null ? user : "group " + group;
        conversations.recordNote(conversationId, agent, "Handover to " + target + ": " + note);
        conversations.recordEvent(conversationId, "Handed over by " + agent + " to " + target
                + " (SLA due time unchanged)");
        if (group != null) {
            execution.setVariable(SlaVariables.CANDIDATE_GROUP, group);
        }
        if (user != null) {
            execution.setVariable(SlaVariables.HANDOVER_ASSIGNEE, user);
        }
        execution.removeVariable(GROUP);
        execution.removeVariable(USER);
        execution.removeVariable(NOTE);
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s.strip() : null;
    }
}
