package org.asyncdesk.workflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Tasklist filters for agents, created at start-up when missing and brought back to their definition when changed,
 * never duplicated (matched by name).
 */
@Component
public class TasklistFilters {

    public static final String MY_CONVERSATIONS = "My conversations";
    public static final String MY_TEAM = "My team – by SLA due";

    private final FilterService filters;
    private final TaskService tasks;
    private final AuthorizationService authorizations;

    public TasklistFilters(FilterService filters, TaskService tasks, AuthorizationService authorizations) {
        this.filters = filters;
        this.tasks = tasks;
        this.authorizations = authorizations;
    }

    record Definition(String name, int priority, String description, Supplier<TaskQuery> query, List<String> groups) {
    }

    List<Definition> definitions() {
        List<String> everyone = List.of(IdentitySetup.AGENTS, IdentitySetup.ESCALATION_MANAGERS,
                IdentitySetup.PROCESS_OWNERS);
        return List.of(
                new Definition(MY_CONVERSATIONS, -10, "Conversations assigned to me, most urgent first",
                        () -> tasks.createTaskQuery().taskAssigneeExpression("${currentUser()}")
                                .orderByDueDate().asc(), everyone),
                new Definition(MY_TEAM, -5, "Unclaimed and claimed conversations of my teams, by SLA due time",
                        () -> tasks.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}")
                                .includeAssignedTasks().orderByDueDate().asc(), everyone));
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(10)
    public void sync() {
        for (Definition d : definitions()) {
            Filter filter = filters.createFilterQuery().filterName(d.name()).list().stream().findFirst()
                    .orElseGet(filters::newTaskFilter);
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("description", d.description());
            properties.put("priority", d.priority());
            properties.put("refresh", true);
            filter.setName(d.name());
            filter.setOwner(null);
            filter.setProperties(properties);
            filter.setQuery(d.query().get());
            filters.saveFilter(filter);
            for (String group : d.groups()) {
                boolean granted = authorizations.createAuthorizationQuery().resourceType(Resources.FILTER)
                        .resourceId(filter.getId()).groupIdIn(group).count() > 0;
                if (!granted) {
                    Authorization a = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
                    a.setGroupId(group);
                    a.setResource(Resources.FILTER);
                    a.setResourceId(filter.getId());
                    a.addPermission(Permissions.READ);
                    authorizations.saveAuthorization(a);
                }
            }
        }
    }
}
