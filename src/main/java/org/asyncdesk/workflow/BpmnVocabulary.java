package org.asyncdesk.workflow;

import java.util.Map;
import java.util.Set;

/**
 * What an expression in a diagram may name: the beans of {@code docs/modeling.md} with
 * the members it documents, the engine's context objects with a few read-only members,
 * the result of a business rule task, and a few engine functions. The one place this list
 * lives: the deployment check ({@link ExpressionCheck}) and the beans the engine resolves
 * at run time ({@link DiagramGuardPlugin}) both read it, and a test holds
 * docs/modeling.md to it.
 */
final class BpmnVocabulary {

    /**
     * Bean name -> members an expression may use on it (methods or properties); empty:
     * only the bean itself.
     */
    static final Map<String, Set<String>> BEANS = Map.ofEntries(Map.entry("replySender", Set.of()),
            Map.entry("respondTask", Set.of()), Map.entry("callbackTask", Set.of()),
            Map.entry("agentForm", Set.of("refresh")),
            Map.entry("shop",
                    Set.of("configured", "ordersUrl", "headers", "requestConfig", "summary", "lastOrderNumber",
                            "trackingLink")),
            Map.entry("conversationResolver", Set.of()), Map.entry("classifier", Set.of()),
            Map.entry("slaPolicy",
                    Set.of("startConversation", "customerWaiting", "handedOverByAssistant", "warning", "startCallback",
                            "breach")),
            Map.entry("assistant", Set.of("propose", "answer", "confirmed", "resolve", "handOver")),
            Map.entry("slaTask", Set.of()), Map.entry("acknowledgement", Set.of()),
            Map.entry("escalationAlert", Set.of()), Map.entry("handover", Set.of()),
            Map.entry("conversationPolicy", Set.of("silenceTimeout")));

    /**
     * The engine's context objects: passed as an argument to a bean
     * ({@code ${slaPolicy.warning(execution)}}) and read through these members only.
     * Anything else on them (getProcessEngineServices(), getProcessEngine(), setters)
     * reaches the engine's services and so every user's rights.
     */
    static final Map<String, Set<String>> CONTEXT = Map.of("execution",
            Set.of("getVariable", "getVariableLocal", "hasVariable", "hasVariableLocal", "processBusinessKey",
                    "getProcessBusinessKey", "businessKey", "getBusinessKey", "processInstanceId",
                    "getProcessInstanceId", "currentActivityId", "getCurrentActivityId", "eventName", "getEventName"),
            "task",
            Set.of("getVariable", "getVariableLocal", "hasVariable", "hasVariableLocal", "id", "getId", "name",
                    "getName", "assignee", "getAssignee", "priority", "getPriority", "dueDate", "getDueDate",
                    "taskDefinitionKey", "getTaskDefinitionKey", "eventName", "getEventName", "processInstanceId",
                    "getProcessInstanceId"));

    /**
     * The result variable of a business rule task and what may be read from it, at any
     * depth.
     */
    static final String DECISION_RESULT = "decisionResult";
    static final Set<String> DECISION_RESULT_MEMBERS = Set.of("getSingleResult", "singleResult", "getFirstResult",
            "firstResult", "getResultList", "resultList", "getSingleEntry", "singleEntry", "collectEntries", "get",
            "getEntry", "size", "isEmpty", "empty", "containsKey");

    /**
     * Engine functions: {@code ${now()}}, {@code ${dateTime().plusDays(2).toDate()}}, the
     * current user's id and groups.
     */
    static final Set<String> FUNCTIONS = Set.of("now", "dateTime", "currentUser", "currentUserGroups");
    static final Set<String> DATE_TIME_MEMBERS = Set.of("plusYears", "plusMonths", "plusWeeks", "plusDays", "plusHours",
            "plusMinutes", "plusSeconds", "minusYears", "minusMonths", "minusWeeks", "minusDays", "minusHours",
            "minusMinutes", "minusSeconds", "withTimeAtStartOfDay", "toDate");

    /**
     * Property names that lead from any object to classes, class loaders or the engine:
     * never, on anything.
     */
    static final Set<String> NEVER = Set.of("class", "getClass", "classLoader", "getClassLoader", "declaringClass",
            "module", "processEngine", "getProcessEngine", "processEngineServices", "getProcessEngineServices",
            "processEngineConfiguration", "forName", "newInstance", "runtime", "getRuntime");

    private BpmnVocabulary() {
    }

    /** The documented bean names. */
    public static Set<String> beans() {
        return BEANS.keySet();
    }

    public static boolean isBean(String name) {
        return BEANS.containsKey(name);
    }

}
