package org.asyncdesk.escalation;

import org.asyncdesk.conversation.CompletionRefused;
import org.asyncdesk.conversation.ProcessVocabulary;
import org.asyncdesk.conversation.Transcript;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * {@code ${handover}}: the agent chose outcome {@code handover}. In:
 * {@code handoverGroup} and/or {@code handoverUser} (at least one; they must exist in
 * Camunda identity), {@code handoverNote} (required), {@code agent}. Stores the note as
 * an internal note (never sent to the customer) and a transcript event naming who handed
 * over to whom; sets {@code candidateGroup} (when a group is given) and
 * {@code handoverAssignee} (when a user is given) for the next agent task. The SLA due
 * dates stay as they are: a handover does not reset the clock. Run it synchronously after
 * the task: a bad input then refuses the completion with the message in Tasklist.
 */
@Component("handover")
public class Handover implements JavaDelegate {

    private final Transcript transcript;

    public Handover(Transcript transcript) {
        this.transcript = transcript;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String conversationId = ProcessVocabulary.conversationId(execution);
        String group = text(execution.getVariable(ProcessVocabulary.VAR_HANDOVER_GROUP));
        String user = text(execution.getVariable(ProcessVocabulary.VAR_HANDOVER_USER));
        String note = text(execution.getVariable(ProcessVocabulary.VAR_HANDOVER_NOTE));
        String agent = execution.getVariable(ProcessVocabulary.VAR_AGENT) instanceof String a ? a : "an agent";
        if (group == null && user == null) {
            throw new CompletionRefused(
                    "Hand over to a group or a person: fill in 'Hand over to group' or " + "'Hand over to person'");
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
        transcript.recordNote(conversationId, agent, "Handover to " + target + ": " + note);
        transcript.recordEvent(conversationId,
                "Handed over by " + agent + " to " + target + " (SLA due time unchanged)");
        if (group != null) {
            execution.setVariable(ProcessVocabulary.VAR_CANDIDATE_GROUP, group);
        }
        if (user != null) {
            execution.setVariable(ProcessVocabulary.VAR_HANDOVER_ASSIGNEE, user);
        }
        execution.removeVariable(ProcessVocabulary.VAR_HANDOVER_GROUP);
        execution.removeVariable(ProcessVocabulary.VAR_HANDOVER_USER);
        execution.removeVariable(ProcessVocabulary.VAR_HANDOVER_NOTE);
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s.strip() : null;
    }

}
