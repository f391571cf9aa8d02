package org.asyncdesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.asyncdesk.support.ProcessTest;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The shared Tasklist filters select the right tasks for the right people, sorted by due
 * date, and are kept in sync. Tasks come from a small test-only process with the
 * contract's task ids and variables.
 */
@ProcessTest
class TasklistFiltersTest {

    @Autowired
    TasklistFilters tasklistFilters;

    @Autowired
    FilterService filters;

    @Autowired
    TaskService tasks;

    @Autowired
    RuntimeService runtime;

    @Autowired
    RepositoryService repository;

    @Autowired
    IdentityService identity;

    @Autowired
    AuthorizationService authorizations;

    private final Set<String> mine = new HashSet<>();

    @BeforeEach
    void deployTestProcesses() {
        repository.createDeployment()
            .name("filter-test")
            .enableDuplicateFiltering(true)
            .addModelInstance("respond-test.bpmn",
                    Bpmn.createExecutableProcess("filterTestRespond")
                        .camundaHistoryTimeToLive(1)
                        .startEvent()
                        .userTask("RespondToCustomer")
                        .camundaCandidateGroups("${candidateGroup}")
                        .endEvent()
                        .done())
            .addModelInstance("callback-test.bpmn",
                    Bpmn.createExecutableProcess("filterTestCallBack")
                        .camundaHistoryTimeToLive(1)
                        .startEvent()
                        .userTask("CallBack")
                        .camundaCandidateGroups("agents")
                        .endEvent()
                        .done())
            .deploy();
    }

    @AfterEach
    void cleanUp() {
        identity.clearAuthentication();
        mine.forEach(id -> runtime.deleteProcessInstance(id, "test done"));
    }

    @Test
    void eachFilterShowsTheMatchingTasksOfTheUsersTeamsByDueDate() {
        String onTrack = respond("agents", "on-track", false, 180);
        String atRiskSoon = respond("agents", "at-risk", false, 60);
        String atRiskLater = respond("agents", "at-risk", false, 120);
        String germanBreached = respond("agents-de", "breached", true, 30);
        String callBack = start("filterTestCallBack", Map.of(), 90);
        tasks.claim(tasks.createTaskQuery().processInstanceId(onTrack).singleResult().getId(), "anna");

        as("anna", "agents");
        // call-backs are tasks of the agents team too
        assertThat(list(TasklistFilters.MY_TEAM)).containsExactly(atRiskSoon, callBack, atRiskLater, onTrack);
        assertThat(list(TasklistFilters.MY_CONVERSATIONS)).containsExactly(onTrack);
        assertThat(list(TasklistFilters.SLA_AT_RISK)).containsExactly(atRiskSoon, atRiskLater);
        assertThat(list(TasklistFilters.CALL_BACKS)).containsExactly(callBack);
        assertThat(visibleFilters()).containsExactlyInAnyOrder(TasklistFilters.MY_CONVERSATIONS,
                TasklistFilters.MY_TEAM, TasklistFilters.SLA_AT_RISK, TasklistFilters.CALL_BACKS);

        // counted as listed: the rewritten authorization SQL (AuthorizationQueries)
        // admits the same tasks to both
        assertThat(count(TasklistFilters.MY_TEAM)).isEqualTo(4);
        assertThat(count(TasklistFilters.SLA_AT_RISK)).isEqualTo(2);

        as("greta", "agents-de");
        assertThat(list(TasklistFilters.MY_TEAM)).containsExactly(germanBreached);
        assertThat(list(TasklistFilters.SLA_AT_RISK)).containsExactly(germanBreached);
        assertThat(count(TasklistFilters.MY_TEAM)).isEqualTo(1);
        assertThat(visibleFilters()).containsExactlyInAnyOrder(TasklistFilters.MY_CONVERSATIONS,
                TasklistFilters.MY_TEAM, TasklistFilters.SLA_AT_RISK);

        as("maria", "escalation-managers");
        assertThat(list(TasklistFilters.ESCALATED)).containsExactly(germanBreached);
        assertThat(list(TasklistFilters.SLA_AT_RISK)).containsExactly(germanBreached, atRiskSoon, atRiskLater);
        assertThat(count(TasklistFilters.SLA_AT_RISK)).isEqualTo(3);
        assertThat(visibleFilters()).containsExactlyInAnyOrder(TasklistFilters.MY_CONVERSATIONS,
                TasklistFilters.SLA_AT_RISK, TasklistFilters.ESCALATED, TasklistFilters.CALL_BACKS);
    }

    /**
     * The three ways a task is readable: its own grant, a grant on its definition's key,
     * a '*' grant.
     */
    @Test
    void aGrantOnTheDefinitionKeyShowsThatDefinitionsTasksOnly() {
        String respond = respond("agents", "on-track", false, 60);
        String callBack = start("filterTestCallBack", Map.of(), 90);
        as("tom", "tier2");
        assertThat(visible()).isEmpty();
        identity.clearAuthentication();
        var grant = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        grant.setGroupId("tier2");
        grant.setResource(Resources.PROCESS_DEFINITION);
        grant.setResourceId("filterTestCallBack");
        grant.addPermission(Permissions.READ_TASK);
        authorizations.saveAuthorization(grant);
        try {
            as("tom", "tier2");
            assertThat(visible()).containsExactly(callBack);
            assertThat(tasks.createTaskQuery().processInstanceIdIn(respond, callBack).count()).isEqualTo(1);
        }
        finally {
            identity.clearAuthentication();
            authorizations.deleteAuthorization(grant.getId());
        }
    }

    private List<String> visible() {
        return tasks.createTaskQuery()
            .processInstanceIdIn(mine.toArray(String[]::new))
            .list()
            .stream()
            .map(Task::getProcessInstanceId)
            .toList();
    }

    @Test
    void syncCreatesMissingFiltersRestoresChangedOnesAndRemovesDuplicates() {
        Filter team = byName(TasklistFilters.MY_TEAM).get(0);
        team.setQuery(tasks.createTaskQuery().taskCandidateGroup("tier2"));
        filters.saveFilter(team);
        Filter copy = filters.newTaskFilter(TasklistFilters.MY_TEAM).setQuery(tasks.createTaskQuery());
        filters.saveFilter(copy);
        var leak = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        leak.setGroupId("process-owners");
        leak.setResource(Resources.FILTER);
        leak.setResourceId(team.getId());
        leak.addPermission(Permissions.READ);
        authorizations.saveAuthorization(leak);
        filters.deleteFilter(byName(TasklistFilters.CALL_BACKS).get(0).getId());

        tasklistFilters.sync();
        tasklistFilters.sync();

        for (var d : tasklistFilters.definitions()) {
            assertThat(byName(d.name())).as(d.name()).hasSize(1);
        }
        Filter restored = byName(TasklistFilters.MY_TEAM).get(0);
        assertThat(restored.getId()).isEqualTo(team.getId());
        assertThat(((TaskQueryImpl) restored.getQuery()).getCandidateGroup()).isNull();
        assertThat(authorizations.createAuthorizationQuery()
            .resourceType(Resources.FILTER)
            .resourceId(team.getId())
            .list()).extracting("groupId").containsExactlyInAnyOrder("agents", "agents-de", "tier2");
        String german = respond("agents-de", "on-track", false, 60);
        as("greta", "agents-de");
        assertThat(list(TasklistFilters.MY_TEAM)).containsExactly(german);
    }

    private String respond(String group, String slaState, boolean escalated, int dueInMinutes) {
        return start("filterTestRespond", Map.of("candidateGroup", group, "slaState", slaState, "escalated", escalated,
                "conversationId", UUID.randomUUID().toString()), dueInMinutes);
    }

    private String start(String key, Map<String, Object> variables, int dueInMinutes) {
        String id = runtime.startProcessInstanceByKey(key, variables).getId();
        mine.add(id);
        Task task = tasks.createTaskQuery().processInstanceId(id).singleResult();
        task.setDueDate(Date.from(Instant.now().plus(dueInMinutes, ChronoUnit.MINUTES)));
        tasks.saveTask(task);
        return id;
    }

    private void as(String user, String... groups) {
        identity.setAuthentication(user, List.of(groups));
    }

    private List<String> list(String filterName) {
        Filter filter = byName(filterName).get(0);
        List<Task> found = filters.list(filter.getId());
        return found.stream().map(Task::getProcessInstanceId).filter(mine::contains).toList();
    }

    /**
     * The filter's count, narrowed to this test's instances (other tests leave tasks in
     * the shared engine).
     */
    private long count(String filterName) {
        return filters.count(byName(filterName).get(0).getId(),
                tasks.createTaskQuery().processInstanceIdIn(mine.toArray(String[]::new)));
    }

    private List<String> visibleFilters() {
        return filters.createFilterQuery()
            .list()
            .stream()
            .map(Filter::getName)
            .filter(n -> tasklistFilters.definitions().stream().anyMatch(d -> d.name().equals(n)))
            .toList();
    }

    private List<Filter> byName(String name) {
        var auth = identity.getCurrentAuthentication();
        identity.clearAuthentication();
        try {
            return filters.createFilterQuery().filterName(name).list();
        }
        finally {
            if (auth != null) {
                identity.setAuthentication(auth);
            }
        }
    }

}
