package org.asyncdesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;

import org.asyncdesk.support.Conversations;
import org.asyncdesk.support.MailServer;
import org.asyncdesk.support.ProviderStub;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * Teams and the escalation managers' group come from configuration only: a team that
 * exists nowhere but in {@code asyncdesk.teams} gets its group, its Tasklist filters and
 * the agent API, and keeps them when identity setup and filter sync run again (a
 * restart); a renamed managers' group is the one that sees the Escalated filter, is added
 * to breached tasks and receives the breach alert. Own in-memory database: the settings
 * differ from the other process tests'.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.datasource.url=jdbc:h2:mem:asyncdesk-teams;DB_CLOSE_DELAY=-1",
                "asyncdesk.teams.returns.name=Returns desk", "asyncdesk.teams.returns.language=en",
                "asyncdesk.escalation.managers-group=supervisors" })
@ActiveProfiles("test")
@ContextConfiguration(initializers = { MailServer.class, ProviderStub.class })
class ConfiguredTeamsTest {

    @LocalServerPort
    int port;

    @Autowired
    IdentitySetup identitySetup;

    @Autowired
    TasklistFilters tasklistFilters;

    @Autowired
    IdentityService identity;

    @Autowired
    AuthorizationService authorizations;

    @Autowired
    FilterService filters;

    @Autowired
    TaskService tasks;

    @Autowired
    RuntimeService runtime;

    @Autowired
    RepositoryService repository;

    @Autowired
    Conversations steps;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void tearDown() {
        identity.clearAuthentication();
        Conversations.resetClock();
    }

    @Test
    void aTeamConfiguredOnlyInPropertiesGetsItsGroupFiltersAndApiAccessAndKeepsThemAfterARestart() throws Exception {
        assertThat(identity.createGroupQuery().groupId("returns").singleResult().getName()).isEqualTo("Returns desk");
        user("rita", "returns");
        user("walter");
        repository.createDeployment()
            .name("configured-team-test")
            .enableDuplicateFiltering(true)
            .addModelInstance("configured-team-test.bpmn",
                    Bpmn.createExecutableProcess("configuredTeamTest")
                        .camundaHistoryTimeToLive(1)
                        .startEvent()
                        .userTask("RespondToCustomer")
                        .camundaCandidateGroups("returns")
                        .endEvent()
                        .done())
            .deploy();
        String returnsTask = runtime.startProcessInstanceByKey("configuredTeamTest", Map.of("slaState", "at-risk"))
            .getId();

        ritaWorksAsATeamMember(returnsTask);

        // a restart: identity setup and the filter sync run again and keep what the team
        // was given
        identitySetup.setUp();
        tasklistFilters.sync();
        ritaWorksAsATeamMember(returnsTask);

        runtime.deleteProcessInstance(returnsTask, "test done");
    }

    private void ritaWorksAsATeamMember(String returnsTask) throws Exception {
        assertThat(authorizations.isUserAuthorized("rita", List.of("returns"), Permissions.ACCESS,
                Resources.APPLICATION, "tasklist"))
            .isTrue();
        identity.setAuthentication("rita", List.of("returns"));
        try {
            assertThat(visibleFilters()).containsExactlyInAnyOrder(TasklistFilters.MY_CONVERSATIONS,
                    TasklistFilters.MY_TEAM, TasklistFilters.SLA_AT_RISK);
            assertThat(list(TasklistFilters.MY_TEAM)).containsExactly(returnsTask);
            assertThat(list(TasklistFilters.SLA_AT_RISK)).containsExactly(returnsTask);
        }
        finally {
            identity.clearAuthentication();
        }
        // the agent API: past authentication and the group check (an unknown customer is
        // 404, not 403)
        assertThat(get("/api/customers/" + UUID.randomUUID(), "rita").statusCode()).isEqualTo(404);
        assertThat(get("/api/customers/" + UUID.randomUUID(), "walter").statusCode()).isEqualTo(403);
    }

    @Test
    void theConfiguredManagersGroupSeesTheEscalatedFilterIsAddedToBreachedTasksAndGetsTheAlert() throws Exception {
        assertThat(identity.createUserQuery().memberOfGroup("supervisors").list()).extracting(User::getId)
            .containsExactly("maria");
        assertThat(identity.createGroupQuery().groupId("escalation-managers").count()).isZero();
        identity.setAuthentication("maria", List.of("supervisors"));
        try {
            assertThat(visibleFilters()).containsExactlyInAnyOrder(TasklistFilters.MY_CONVERSATIONS,
                    TasklistFilters.SLA_AT_RISK, TasklistFilters.ESCALATED, TasklistFilters.CALL_BACKS);
        }
        finally {
            identity.clearAuthentication();
        }
        assertThat(get("/api/customers/" + UUID.randomUUID(), "maria").statusCode()).isEqualTo(404);

        ClockUtil.setCurrentTime(new Date());
        String id = steps.open("Clara Kunde", "Where is my order?");
        String pi = runtime.createProcessInstanceQuery().processInstanceBusinessKey(id).singleResult().getId();
        Instant due = ((Date) runtime.getVariable(pi, "respondDue")).toInstant();
        ClockUtil.setCurrentTime(Date.from(due.plusSeconds(1)));
        steps.executeJobs();

        Task task = steps.task(id);
        assertThat(tasks.getIdentityLinksForTask(task.getId())).extracting(IdentityLink::getGroupId)
            .filteredOn(g -> g != null)
            .containsExactlyInAnyOrder("agents", "supervisors");
        String subject = "SLA breached: conversation " + id.substring(0, 8);
        assertThat(MailServer.get()
            .findReceivedMessages(u -> "maria@asyncdesk.example".equals(u.getEmail()),
                    m -> subject(m).contains(subject))
            .count()).isEqualTo(1);
    }

    private void user(String id, String... groups) {
        if (identity.createUserQuery().userId(id).count() == 0) {
            User u = identity.newUser(id);
            u.setPassword("secret");
            identity.saveUser(u);
        }
        for (String g : groups) {
            if (identity.createUserQuery().userId(id).memberOfGroup(g).count() == 0) {
                identity.createMembership(id, g);
            }
        }
    }

    private List<String> visibleFilters() {
        return filters.createFilterQuery()
            .list()
            .stream()
            .map(Filter::getName)
            .filter(n -> tasklistFilters.definitions().stream().anyMatch(d -> d.name().equals(n)))
            .toList();
    }

    private List<String> list(String filterName) {
        Filter filter = filters.createFilterQuery().filterName(filterName).singleResult();
        return filters.list(filter.getId()).stream().map(t -> ((Task) t).getProcessInstanceId()).toList();
    }

    private HttpResponse<String> get(String path, String user) throws Exception {
        String password = "maria".equals(user) ? "demo" : "secret";
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Authorization",
                    "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject() == null ? "" : m.getSubject();
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
