package org.asyncdesk.sla;

import static org.asyncdesk.conversation.ProcessVocabulary.*;

import org.asyncdesk.EscalationProperties;
import org.asyncdesk.conversation.ProcessVocabulary;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * {@code ${slaTask}}: task listener (event {@code create}) for agent tasks that carry the
 * SLA. Gives the task the priority of the conversation's SLA state (on track: by
 * {@code priority} low 40, normal 50, high 60, urgent 70; at risk 75; breached 100), adds
 * the escalation managers' group ({@code asyncdesk.escalation.managers-group}) as
 * candidate group once the conversation breached, and assigns the task to
 * {@code handoverAssignee} when the previous agent handed it over to a person. The due
 * date itself is the task's {@code Due date} attribute: {@code ${respondDue}}.
 */
@Component("slaTask")
public class SlaTask implements TaskListener {

    private final String managers;

    public SlaTask(EscalationProperties escalation) {
        this.managers = escalation.managersGroup();
    }

    @Override
    public void notify(DelegateTask task) {
        if (!EVENTNAME_CREATE.equals(task.getEventName())) {
            return;
        }
        Object state = task.getVariable(VAR_SLA_STATE);
        boolean breached = SLA_BREACHED.equals(state) || Boolean.TRUE.equals(task.getVariable(VAR_RESOLUTION_BREACHED));
        int priority = breached ? SlaPolicy.PRIORITY_BREACHED
                : SLA_AT_RISK.equals(state) ? SlaPolicy.PRIORITY_AT_RISK : basePriority(task.getVariable(VAR_PRIORITY));
        task.setPriority(priority);
        if (breached) {
            task.addCandidateGroup(managers);
        }
        if (task.getVariable(VAR_HANDOVER_ASSIGNEE) instanceof String user && !user.isBlank()) {
            task.getExecution().removeVariable(VAR_HANDOVER_ASSIGNEE);
            task.setAssignee(user);
        }
    }

    /** The on-track priority of a {@code priority} value (e.g. high: 60). */
    public static int basePriority(Object priority) {
        return switch (priority == null ? "normal" : priority.toString()) {
            case "low" -> 40;
            case "high" -> 60;
            case "urgent" -> 70;
            default -> 50;
        };
    }

}
