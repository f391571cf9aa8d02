package org.asyncdesk.workflow;

import java.util.Set;

import org.asyncdesk.conversation.CompletionRefused;
import org.asyncdesk.conversation.ProcessVocabulary;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptView;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * {@code ${callbackTask}}: task listener for the call-back task (events create,
 * assignment, complete), for issues that need a real-time conversation.
 * <ul>
 * <li>create: fills the form like an agent task ({@link AgentForm}: transcript, customer,
 * {@code customerPhone}); clears {@code callOutcome} and {@code callNotes}.</li>
 * <li>assignment: records in the transcript who took the call.</li>
 * <li>complete: requires {@code callOutcome} ({@code resolved} or {@code follow-up}) and
 * {@code callNotes}; stores the notes as an internal note; sets {@code agent}.</li>
 * </ul>
 */
@Component("callbackTask")
public class CallbackTask implements TaskListener {

    static final Set<String> OUTCOMES = Set.of("resolved", "follow-up");

    private final Transcript transcript;

    private final TranscriptView view;

    private final AgentForm form;

    public CallbackTask(Transcript transcript, TranscriptView view, AgentForm form) {
        this.transcript = transcript;
        this.view = view;
        this.form = form;
    }

    @Override
    public void notify(DelegateTask task) {
        switch (task.getEventName()) {
            case EVENTNAME_CREATE -> {
                task.getExecution().removeVariable(ProcessVocabulary.VAR_CALL_OUTCOME);
                task.getExecution().removeVariable(ProcessVocabulary.VAR_CALL_NOTES);
                form.fill(task);
            }
            case EVENTNAME_ASSIGNMENT -> {
                if (task.getAssignee() != null) {
                    String conversationId = RespondTask.conversationId(task);
                    transcript.recordEventFromTask(conversationId, "Call-back taken by " + task.getAssignee());
                    task.setVariableLocal(ProcessVocabulary.TASK_TRANSCRIPT, view.render(conversationId));
                }
            }
            case EVENTNAME_COMPLETE -> completing(task);
            default -> {
            }
        }
    }

    private void completing(DelegateTask task) {
        Object outcome = task.getVariable(ProcessVocabulary.VAR_CALL_OUTCOME);
        if (!(outcome instanceof String o) || !OUTCOMES.contains(o)) {
            throw new CompletionRefused("Choose how the call ended: resolved or follow-up");
        }
        if (!(task.getVariable(ProcessVocabulary.VAR_CALL_NOTES) instanceof String notes) || notes.isBlank()) {
            throw new CompletionRefused("Write down what was agreed on the call");
        }
        String agent = RespondTask.agent(task);
        task.getExecution().setVariable(ProcessVocabulary.VAR_AGENT, agent);
        transcript.recordNoteFromTask(RespondTask.conversationId(task), agent, "Call-back ("
                + ("resolved".equals(o) ? "resolved on the phone" : "follow-up in writing") + "): " + notes.strip());
    }

}
