package org.asyncdesk.workflow;

import static org.asyncdesk.conversation.ProcessVocabulary.*;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code asyncdesk.tasks.<taskDefinitionKey>}: the variables a completion of a user task
 * may set, per outcome. A completion names its outcome in {@code outcome-variable}
 * (default {@code outcome}) and may set that variable plus the ones listed under
 * {@code outcomes.<outcome>}; anything else is refused ({@link CompletionAllowlist}). The
 * shipped tasks of {@code bpmn/conversation.bpmn} are always configured (what their forms
 * in {@code forms/} submit for each outcome); configuring one of their outcomes replaces
 * that outcome's list, a new outcome is added.
 *
 * @param tasks by task definition key (the user task's id in the diagram)
 */
@ConfigurationProperties("asyncdesk")
public record TaskCompletionProperties(Map<String, Task> tasks) {

    public static final String DEFAULT_OUTCOME_VARIABLE = VAR_OUTCOME;

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    /**
     * What the completions of one user task may set.
     *
     * @param outcomeVariable the variable that carries the agent's choice; default
     * {@code outcome}
     * @param outcomes outcome value → the variables a completion with it may set besides
     * the outcome variable
     */
    public record Task(String outcomeVariable, Map<String, List<String>> outcomes) {
    }

    /**
     * What {@code forms/respond.form} and {@code forms/callback.form} submit for each
     * outcome.
     */
    public static final Map<String, Task> SHIPPED = Map.of("RespondToCustomer", new Task(DEFAULT_OUTCOME_VARIABLE,
            ordered("reply", List
                .of(VAR_REPLY_TEXT, VAR_REPLY_CHANNEL, VAR_CANNED_RESPONSE, VAR_INTERNAL_NOTE, VAR_SAME_CUSTOMER_AS),
                    "handover",
                    List.of(VAR_HANDOVER_GROUP, VAR_HANDOVER_USER, VAR_HANDOVER_NOTE, VAR_INTERNAL_NOTE,
                            VAR_SAME_CUSTOMER_AS),
                    "callback", List.of(VAR_INTERNAL_NOTE, VAR_SAME_CUSTOMER_AS), "resolve",
                    List.of(VAR_INTERNAL_NOTE, VAR_SAME_CUSTOMER_AS))),
            "CallBack", new Task(VAR_CALL_OUTCOME,
                    ordered("resolved", List.of(VAR_CALL_NOTES), "follow-up", List.of(VAR_CALL_NOTES))));

    public TaskCompletionProperties {
        Map<String, Task> all = new LinkedHashMap<>(SHIPPED);
        if (tasks != null) {
            tasks.forEach((key, given) -> {
                String prefix = "asyncdesk.tasks." + key;
                Task base = all.getOrDefault(key, new Task(DEFAULT_OUTCOME_VARIABLE, Map.of()));
                String outcomeVariable = given == null || given.outcomeVariable() == null
                        || given.outcomeVariable().isBlank() ? base.outcomeVariable() : given.outcomeVariable().strip();
                Map<String, List<String>> outcomes = new LinkedHashMap<>(base.outcomes());
                if (given != null && given.outcomes() != null) {
                    given.outcomes()
                        .forEach((outcome, names) -> outcomes.put(outcome, names == null ? List.of()
                                : names.stream().filter(n -> n != null && !n.isBlank()).map(String::strip).toList()));
                }
                all.put(key, new Task(outcomeVariable, Map.copyOf(outcomes)));
                requireAllowed(prefix + ".outcome-variable", List.of(outcomeVariable));
                outcomes.forEach((outcome, names) -> requireAllowed(prefix + ".outcomes." + outcome, names));
            });
        }
        tasks = Map.copyOf(all);
    }

    /**
     * A configured list may not hand a completion what Asyncdesk owns (conversationId,
     * sla*, …).
     */
    private static void requireAllowed(String key, List<String> names) {
        for (String name : names) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(key + ": '" + name + "' is not a variable name");
            }
            if (CompletionAllowlist.isProtected(name)) {
                throw new IllegalArgumentException(key + ": '" + name + "' is set by Asyncdesk, a task completion may "
                        + "never set it (docs/modeling.md, \"What a completion may set\")");
            }
        }
    }

    private static Map<String, List<String>> ordered(Object... keysAndLists) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndLists.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) keysAndLists[i + 1];
            m.put((String) keysAndLists[i], names);
        }
        return m;
    }

    /** Variable names a list may contain: for messages. */
    static Set<String> names(Task task, String outcome) {
        Set<String> names = new LinkedHashSet<>();
        names.add(task.outcomeVariable());
        names.addAll(task.outcomes().getOrDefault(outcome, List.of()));
        return names;
    }
}
