package org.asyncdesk.workflow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.asyncdesk.EscalationProperties;
import org.asyncdesk.TeamsProperties;
import org.asyncdesk.conversation.ProcessVocabulary;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The shared Tasklist filters of the contract, kept in sync at every start: created when
 * missing, brought back to their definition (query, properties, which groups may read
 * them) when changed, never duplicated (matched by name; extra copies are removed). All
 * are sorted by due date, the SLA due time of the respond round.
 * <p>
 * The filters select by state, not by team: which tasks a user sees in them is decided by
 * Camunda's task authorizations (an agent only sees tasks of their candidate groups, an
 * escalation manager sees all). Who may read them follows {@code asyncdesk.teams} and
 * {@code asyncdesk.escalation.managers-group}, so a configured team keeps its filters
 * across restarts.
 */
@Component
class TasklistFilters {

    public static final String MY_CONVERSATIONS = "My conversations";

    public static final String MY_TEAM = "My team – by SLA due";

    public static final String SLA_AT_RISK = "SLA at risk or breached";

    public static final String ESCALATED = "Escalated";

    public static final String CALL_BACKS = "Call-backs";

    private static final Logger log = LoggerFactory.getLogger(TasklistFilters.class);

    private final FilterService filters;

    private final TaskService tasks;

    private final AuthorizationService authorizations;

    private final TeamsProperties teams;

    private final String managers;

    public TasklistFilters(FilterService filters, TaskService tasks, AuthorizationService authorizations,
            TeamsProperties teams, EscalationProperties escalation) {
        this.filters = filters;
        this.tasks = tasks;
        this.authorizations = authorizations;
        this.teams = teams;
        this.managers = escalation.managersGroup();
    }

    /**
     * A filter as it must be: name, position in Tasklist, description, query, groups that
     * may read it.
     */
    record Definition(String name, int priority, String description, Supplier<TaskQuery> query, List<String> groups) {
    }

    List<Definition> definitions() {
        List<String> teamIds = teams.ids();
        List<String> teamsAndManagers = Stream.concat(teamIds.stream(), Stream.of(managers)).toList();
        List<String> callBackTeamsAndManagers = Stream
            .concat(teamIds.stream().filter(t -> teams.team(t).seesCallBacks()), Stream.of(managers))
            .toList();
        return List.of(
                new Definition(MY_CONVERSATIONS, -10, "Conversations assigned to me, most urgent first",
                        () -> tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}").orderByDueDate().asc(),
                        teamsAndManagers),
                new Definition(MY_TEAM, -5, "Unclaimed and claimed conversations of my teams, by SLA due time",
                        () -> tasks.createTaskQuery()
                            .taskCandidateGroupInExpression("${currentUserGroups()}")
                            .includeAssignedTasks()
                            .orderByDueDate()
                            .asc(),
                        teamIds),
                new Definition(SLA_AT_RISK, 0, "Conversations whose answer is due soon or overdue",
                        () -> tasks.createTaskQuery()
                            .processVariableValueNotEquals(ProcessVocabulary.VAR_SLA_STATE,
                                    ProcessVocabulary.SLA_ON_TRACK)
                            .orderByDueDate()
                            .asc(),
                        teamsAndManagers),
                new Definition(ESCALATED, 5, "Conversations that breached an SLA at least once",
                        () -> tasks.createTaskQuery()
                            .processVariableValueEquals(ProcessVocabulary.VAR_ESCALATED, true)
                            .orderByDueDate()
                            .asc(),
                        List.of(managers)),
                new Definition(CALL_BACKS, 10, "Customers waiting for a call-back, by due time",
                        () -> tasks.createTaskQuery().taskDefinitionKey("CallBack").orderByDueDate().asc(),
                        callBackTeamsAndManagers));
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(10)
    public void sync() {
        List<String> created = new ArrayList<>();
        for (Definition d : definitions()) {
            // of several copies keep the one groups were granted (the one agents have
            // been using); ids carry no order
            List<Filter> sameName = new ArrayList<>(filters.createFilterQuery().filterName(d.name()).list());
            sameName.sort(
                    Comparator
                        .comparingLong((Filter f) -> -authorizations.createAuthorizationQuery()
                            .resourceType(Resources.FILTER)
                            .resourceId(f.getId())
                            .count())
                        .thenComparing(Filter::getId));
            Filter filter = sameName.isEmpty() ? filters.newTaskFilter() : sameName.get(0);
            sameName.stream().skip(1).forEach(extra -> filters.deleteFilter(extra.getId()));
            if (sameName.isEmpty()) {
                created.add(d.name());
            }
            filter.setName(d.name());
            filter.setOwner(null);
            filter.setProperties(properties(d));
            filter.setQuery(d.query().get());
            filters.saveFilter(filter);
            syncReaders(filter.getId(), d.groups());
        }
        if (!created.isEmpty()) {
            log.info("Tasklist filters created: {}", String.join(", ", created));
        }
    }

    private static Map<String, Object> properties(Definition d) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("description", d.description());
        properties.put("priority", d.priority());
        properties.put("refresh", true);
        // shown in each task of the list; copied onto the task (AgentForm), since agents
        // cannot read the instance's
        properties.put("variables",
                List.of(Map.of("name", ProcessVocabulary.VAR_CHANNEL, "label", "Channel"),
                        Map.of("name", ProcessVocabulary.VAR_LANGUAGE, "label", "Language"),
                        Map.of("name", ProcessVocabulary.VAR_SLA_STATE, "label", "SLA"),
                        Map.of("name", ProcessVocabulary.TASK_WAITING_SINCE, "label", "Waiting since"),
                        Map.of("name", ProcessVocabulary.TASK_MOOD, "label", "Mood")));
        properties.put("showUndefinedVariable", false);
        return properties;
    }

    /**
     * Exactly the definition's groups may read the filter (group grants only: a user's
     * own grants stay).
     */
    private void syncReaders(String filterId, List<String> groups) {
        var existing = authorizations.createAuthorizationQuery()
            .resourceType(Resources.FILTER)
            .resourceId(filterId)
            .list()
            .stream()
            .filter(a -> a.getGroupId() != null)
            .toList();
        for (Authorization a : existing) {
            if (!groups.contains(a.getGroupId())) {
                authorizations.deleteAuthorization(a.getId());
            }
        }
        for (String group : groups) {
            boolean granted = existing.stream()
                .anyMatch(a -> group.equals(a.getGroupId()) && a.getAuthorizationType() == Authorization.AUTH_TYPE_GRANT
                        && a.isPermissionGranted(Permissions.READ));
            if (!granted) {
                existing.stream()
                    .filter(a -> group.equals(a.getGroupId()))
                    .forEach(a -> authorizations.deleteAuthorization(a.getId()));
                Authorization a = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
                a.setGroupId(group);
                a.setResource(Resources.FILTER);
                a.setResourceId(filterId);
                a.addPermission(Permissions.READ);
                authorizations.saveAuthorization(a);
            }
        }
    }

}
