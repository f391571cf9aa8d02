package org.asyncdesk.workflow;

import static org.asyncdesk.conversation.ProcessVocabulary.*;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.variable.value.TypedValue;
import org.springframework.stereotype.Component;

/**
 * Which variables a task completion may set: the outcome variable and the ones its
 * outcome allows ({@link TaskCompletionProperties}). A completion may never set what
 * Asyncdesk owns (the conversation, the customer, the SLA clock, the priority, the
 * escalation flags …): listeners and delegates act on those, and an agent who set
 * {@code conversationId} to another team's conversation read and wrote that conversation
 * (issue 10). The engine enforces this on every path ({@link CompletionGuardPlugin});
 * this class only decides.
 */
@Component
class CompletionAllowlist {

    /**
     * The variables of docs/modeling.md, "Process variables set by Java", and the agent
     * form's read-only views.
     */
    static final Set<String> PROTECTED = Set.of(VAR_CONVERSATION_ID, VAR_CUSTOMER_ID, VAR_CHANNEL, VAR_LANGUAGE,
            VAR_CUSTOMER_TIER, VAR_REOPENED, VAR_LAST_CUSTOMER_MESSAGE_AT, VAR_AGENT, VAR_LAST_REPLY_AT, VAR_INTENT,
            VAR_PRIORITY, VAR_CANDIDATE_GROUP, VAR_RESPOND_DUE, VAR_RESOLUTION_DUE, VAR_RESOLUTION_STARTED_AT,
            VAR_ESCALATED, VAR_RESOLUTION_BREACHED, VAR_HANDOVER_ASSIGNEE, VAR_REPLY_MESSAGE_ID, VAR_CALLBACK_DUE,
            VAR_CALLBACK_REQUESTED_AT, VAR_RESOLVED_BY, VAR_RECENT_ORDERS, VAR_LAST_ORDER_NUMBER, VAR_TRACKING_LINK,
            TASK_TRANSCRIPT, TASK_DUE_TEXT, TASK_CUSTOMER_NAME, TASK_CUSTOMER_IDENTITIES, TASK_CUSTOMER_PHONE,
            TASK_REPLY_CHANNELS, TASK_CANNED_RESPONSES, VAR_IDENTITY_VERIFIED, TASK_IDENTITY_NOTICE, TASK_WAITING_SINCE,
            VAR_SENTIMENT, VAR_SENTIMENT_SCORE, VAR_EMOTION, TASK_MOOD, TASK_MOOD_NOTICE, VAR_FAQ_ARTICLE,
            VAR_FAQ_SCORE, VAR_AUTOMATED, VAR_BOT_RESOLVED, VAR_CONFIRM_TIMEOUT);

    /**
     * {@code slaFirstResponse}, {@code slaState}, {@code slaWarningAt} … and any later
     * {@code sla*} variable.
     */
    private static final Pattern SLA = Pattern.compile("sla[A-Z0-9_].*");

    /**
     * Why a command was refused: a bad or missing outcome (the agent chooses again) or
     * variables it may not set.
     */
    public enum Kind {

        OUTCOME, VARIABLES

    }

    public record Refusal(Kind kind, String message, Set<String> variables) {
    }

    private final Map<String, TaskCompletionProperties.Task> tasks;

    public CompletionAllowlist(TaskCompletionProperties properties) {
        this.tasks = properties.tasks();
    }

    public static boolean isProtected(String name) {
        return PROTECTED.contains(name) || SLA.matcher(name).matches();
    }

    /**
     * Checks a completion (complete, submit-form, resolve) of the task with these
     * variables.
     * @param taskKey the task definition key
     * @param taskName what the agent sees (for the message)
     * @param variables what the completion sets; null for none
     */
    public Optional<Refusal> completion(String taskKey, String taskName, Map<String, ?> variables) {
        Map<String, ?> given = variables == null ? Map.of() : variables;
        Optional<String> key = configuredKey(taskKey);
        if (key.isEmpty()) {
            if (given.isEmpty()) {
                return Optional.empty();
            }
            Set<String> refused = new TreeSet<>(given.keySet());
            return Optional.of(new Refusal(Kind.VARIABLES,
                    "Refused: completing '" + taskName + "' may not set " + String.join(", ", refused)
                            + ": no variables are allowed for task " + taskKey
                            + " (a process owner lists them under asyncdesk.tasks." + taskKey + ".outcomes.<outcome>)",
                    refused));
        }
        TaskCompletionProperties.Task task = tasks.get(key.get());
        String outcomeVariable = task.outcomeVariable();
        String choices = String.join(", ", new TreeSet<>(task.outcomes().keySet()));
        Object value = plain(given.get(outcomeVariable));
        if (value == null || (value instanceof String s && s.isBlank())) {
            return Optional.of(new Refusal(Kind.OUTCOME,
                    "Choose an outcome: one of " + choices
                            + (outcomeVariable.equals(TaskCompletionProperties.DEFAULT_OUTCOME_VARIABLE) ? ""
                                    : " (" + outcomeVariable + ")"),
                    Set.of()));
        }
        Optional<String> outcome = value instanceof String s ? match(task.outcomes().keySet(), s) : Optional.empty();
        if (outcome.isEmpty()) {
            return Optional.of(new Refusal(Kind.OUTCOME,
                    "Choose an outcome: '" + value + "' is not one this process handles; one of " + choices
                            + " (a process owner adds an outcome in" + " the diagram and under asyncdesk.tasks."
                            + key.get() + ".outcomes)",
                    Set.of()));
        }
        Set<String> allowed = TaskCompletionProperties.names(task, outcome.get());
        Set<String> refused = new TreeSet<>();
        for (String name : given.keySet()) {
            if (!allowed.contains(name)) {
                refused.add(name);
            }
        }
        if (refused.isEmpty()) {
            return Optional.empty();
        }
        List<String> own = refused.stream().filter(CompletionAllowlist::isProtected).toList();
        List<String> other = refused.stream().filter(n -> !isProtected(n)).toList();
        StringBuilder m = new StringBuilder("Refused: completing '").append(taskName)
            .append("' with outcome '")
            .append(outcome.get())
            .append("' may set only ")
            .append(String.join(", ", new TreeSet<>(allowed)));
        if (!own.isEmpty()) {
            m.append("; it may never set ")
                .append(String.join(", ", own))
                .append(" (Asyncdesk keeps these from the conversation itself)");
        }
        if (!other.isEmpty()) {
            m.append("; not allowed for this outcome: ")
                .append(String.join(", ", other))
                .append(" (a process owner allows a variable under asyncdesk.tasks.")
                .append(key.get())
                .append(".outcomes.")
                .append(outcome.get())
                .append(")");
        }
        return Optional.of(new Refusal(Kind.VARIABLES, m.toString(), refused));
    }

    /**
     * A BPMN error or escalation thrown from a task (engine REST API) carries no
     * variables.
     */
    public Optional<Refusal> thrownFromTask(String taskName, Map<String, ?> variables) {
        if (variables == null || variables.isEmpty()) {
            return Optional.empty();
        }
        Set<String> refused = new TreeSet<>(variables.keySet());
        return Optional.of(new Refusal(Kind.VARIABLES, "Refused: a BPMN error or escalation from '" + taskName
                + "' may not set variables (" + String.join(", ", refused) + "); complete the task with an outcome",
                refused));
    }

    /**
     * Setting or removing variables directly (task, execution, process instance) is for
     * administrators only.
     */
    public Refusal directChange(Collection<String> names) {
        Set<String> refused = new TreeSet<>(names);
        return new Refusal(Kind.VARIABLES,
                "Refused: only administrators change variables of a conversation "
                        + "directly; agents set them by completing their task with an outcome"
                        + (refused.isEmpty() ? "" : " (refused: " + String.join(", ", refused) + ")"),
                refused);
    }

    /**
     * The configured key for a task; environment variables lower-case map keys, so the
     * case may differ.
     */
    private Optional<String> configuredKey(String taskKey) {
        return taskKey == null ? Optional.empty() : match(tasks.keySet(), taskKey);
    }

    private static Optional<String> match(Collection<String> keys, String value) {
        if (keys.contains(value)) {
            return Optional.of(value);
        }
        String lower = value.toLowerCase(Locale.ROOT);
        return keys.stream().filter(k -> k.toLowerCase(Locale.ROOT).equals(lower)).findFirst();
    }

    private static Object plain(Object value) {
        return value instanceof TypedValue typed ? typed.getValue() : value;
    }

}
