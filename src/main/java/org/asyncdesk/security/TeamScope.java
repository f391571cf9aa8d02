package org.asyncdesk.security;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.task.Task;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which conversations a user may see outside Tasklist (sandbox, customer profiles), by
 * the same rule as Camunda's task permissions: a conversation belongs to the team it is
 * routed to (its {@code candidateGroup}, set by {@code bpmn/routing.dmn} and by
 * handovers), and a user also sees the conversations with an open task for one of their
 * groups or assigned to them. Escalation managers and administrators see every
 * conversation.
 */
@Component
public class TeamScope {

    static final Set<String> SEE_EVERYTHING = Set.of("escalation-managers", "camunda-admin");

    private static final String CANDIDATE_GROUP = "candidateGroup";

    // engine queries take ids in chunks: IN lists stay well below database limits
    private static final int CHUNK = 500;

    private final IdentityService identity;

    private final HistoryService history;

    private final TaskService tasks;

    private final JdbcClient jdbc;

    public TeamScope(IdentityService identity, HistoryService history, TaskService tasks, JdbcClient jdbc) {
        this.identity = identity;
        this.history = history;
        this.tasks = tasks;
        this.jdbc = jdbc;
    }

    public boolean seesEverything(String user) {
        return groupsOf(user).stream().anyMatch(SEE_EVERYTHING::contains);
    }

    /**
     * @return those of {@code conversationIds} that {@code user} may see
     */
    public Set<String> visible(String user, Collection<String> conversationIds) {
        Set<String> ids = conversationIds.stream().filter(id -> id != null).collect(Collectors.toSet());
        Set<String> groups = groupsOf(user);
        if (ids.isEmpty() || groups.stream().anyMatch(SEE_EVERYTHING::contains)) {
            return ids;
        }
        Set<String> visible = new HashSet<>();
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += CHUNK) {
            String[] chunk = all.subList(from, Math.min(all.size(), from + CHUNK)).toArray(String[]::new);
            Map<String, String> conversationOfInstance = new HashMap<>();
            for (HistoricProcessInstance p : history.createHistoricProcessInstanceQuery()
                .processInstanceBusinessKeyIn(chunk)
                .list()) {
                conversationOfInstance.put(p.getId(), p.getBusinessKey());
            }
            if (!conversationOfInstance.isEmpty() && !groups.isEmpty()) {
                for (HistoricVariableInstance v : history.createHistoricVariableInstanceQuery()
                    .processInstanceIdIn(conversationOfInstance.keySet().toArray(String[]::new))
                    .variableName(CANDIDATE_GROUP)
                    .list()) {
                    if (v.getValue() instanceof String g && groups.contains(g)) {
                        visible.add(conversationOfInstance.get(v.getProcessInstanceId()));
                    }
                }
            }
            if (!groups.isEmpty()) {
                tasks.createTaskQuery()
                    .processInstanceBusinessKeyIn(chunk)
                    .taskCandidateGroupIn(List.copyOf(groups))
                    .list()
                    .stream()
                    .map(Task::getProcessInstanceId)
                    .map(conversationOfInstance::get)
                    .forEach(visible::add);
            }
            tasks.createTaskQuery()
                .processInstanceBusinessKeyIn(chunk)
                .taskAssignee(user)
                .list()
                .stream()
                .map(Task::getProcessInstanceId)
                .map(conversationOfInstance::get)
                .forEach(visible::add);
        }
        visible.remove(null);
        return visible;
    }

    /** A customer is visible with any of their conversations. */
    public boolean seesCustomer(String user, String customerId) {
        if (seesEverything(user)) {
            return true;
        }
        List<String> conversations = jdbc.sql("select id from conversation where customer_id = :c")
            .param("c", customerId)
            .query(String.class)
            .list();
        return !visible(user, conversations).isEmpty();
    }

    private Set<String> groupsOf(String user) {
        if (user == null) {
            return Set.of();
        }
        return identity.createGroupQuery()
            .groupMember(user)
            .list()
            .stream()
            .map(Group::getId)
            .collect(Collectors.toSet());
    }

}
