package org.asyncdesk.workflow;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.model.bpmn.instance.ConditionExpression;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.InclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.springframework.stereotype.Component;

/**
 * The outcomes the diagram handles after an agent task: every value that a condition on
 * the task's outgoing flows, or on the flows of the gateways right after it, compares
 * {@code outcome} with ({@code ${outcome == 'reply'}}, {@code ${'reply' eq outcome}}). So
 * a modeler who adds a flow for a new outcome and deploys has it accepted, and an outcome
 * no flow handles is refused before the process would fail on the gateway.
 * <p>
 * Read from the task's own model (engine-cached, and without the caller needing read
 * permission on process definitions: escalation managers complete tasks without it), kept
 * per process definition and task.
 */
@Component
class ModeledOutcomes {

    private static final Pattern OUTCOME_TEST = Pattern
        .compile("\\boutcome\\s*(?:==|\\beq\\b)\\s*(['\"])(.+?)\\1|(['\"])(.+?)\\3\\s*(?:==|\\beq\\b)\\s*outcome\\b");

    private final Map<String, Set<String>> byTask = new ConcurrentHashMap<>();

    Set<String> of(DelegateTask task) {
        return byTask.computeIfAbsent(task.getProcessDefinitionId() + "/" + task.getTaskDefinitionKey(),
                key -> read((FlowNode) task.getBpmnModelElementInstance()));
    }

    /**
     * Follows the task's outgoing flows through exclusive and inclusive gateways,
     * collecting the outcome tests.
     */
    static Set<String> read(FlowNode task) {
        // by sourceRef: a diagram need not list a node's <outgoing> children, the engine
        // does not require them
        Map<String, List<SequenceFlow>> flowsFrom = task.getModelInstance()
            .getModelElementsByType(SequenceFlow.class)
            .stream()
            .collect(Collectors.groupingBy(f -> f.getSource().getId()));
        Set<String> outcomes = new TreeSet<>();
        Set<String> seen = new HashSet<>();
        Deque<FlowNode> next = new ArrayDeque<>();
        next.add(task);
        while (!next.isEmpty()) {
            FlowNode node = next.poll();
            if (!seen.add(node.getId())) {
                continue;
            }
            for (SequenceFlow flow : flowsFrom.getOrDefault(node.getId(), List.of())) {
                ConditionExpression condition = flow.getConditionExpression();
                if (condition != null && condition.getTextContent() != null) {
                    Matcher m = OUTCOME_TEST.matcher(condition.getTextContent());
                    while (m.find()) {
                        outcomes.add(m.group(2) != null ? m.group(2) : m.group(4));
                    }
                }
                if (flow.getTarget() instanceof ExclusiveGateway || flow.getTarget() instanceof InclusiveGateway) {
                    next.add(flow.getTarget());
                }
            }
        }
        return Set.copyOf(outcomes);
    }

}
