package org.asyncdesk.workflow;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.asyncdesk.EscalationProperties;
import org.asyncdesk.TeamsProperties;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The groups Asyncdesk's roles map to, with their authorizations (always), and the demo
 * users (only with {@code asyncdesk.demo.enabled}, the {@code demo} profile;
 * {@link DemoUsers}). Idempotent: runs at every start, creates what is missing and brings
 * the authorizations it manages back to their definition (so a permission granted too
 * widely by hand is taken back).
 * <p>
 * The teams are those of {@code asyncdesk.teams} ({@link TeamsProperties}), the managers'
 * group is {@code asyncdesk.escalation.managers-group}: a team added there gets its group
 * and grants at the next start and keeps them at every later one. Teams get no general
 * task permission: an agent sees a task only because Camunda grants
 * {@code default-user-permission-name-for-task} on it to its candidate groups and
 * assignee.
 */
@Component
class IdentitySetup {

    public static final String PROCESS_OWNERS = "process-owners";

    private static final Logger log = LoggerFactory.getLogger(IdentitySetup.class);

    private final IdentityService identity;

    private final AuthorizationService authorizations;

    private final DemoUsers demo;

    private final TeamsProperties teams;

    private final String managers;

    public IdentitySetup(IdentityService identity, AuthorizationService authorizations, DemoUsers demo,
            TeamsProperties teams, EscalationProperties escalation) {
        this.identity = identity;
        this.authorizations = authorizations;
        this.demo = demo;
        this.teams = teams;
        this.managers = escalation.managersGroup();
    }

    private record Grant(String group, Resource resource, String resourceId) {
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(0)
    public void setUp() {
        for (String team : teams.ids()) {
            group(team, teams.team(team).name(), "WORKFLOW");
        }
        group(managers, "Escalation managers", "WORKFLOW");
        group(PROCESS_OWNERS, "Process owners", "WORKFLOW");
        group(Groups.CAMUNDA_ADMIN, "Camunda administrators", Groups.GROUP_TYPE_SYSTEM);

        Map<Grant, Set<Permission>> grants = new LinkedHashMap<>();
        for (String g : concat(teams.ids(), List.of(managers, PROCESS_OWNERS))) {
            add(grants, g, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
            // a task's form needs its process definition and the form's deployment
            add(grants, g, Resources.PROCESS_DEFINITION, ANY, Permissions.READ);
            add(grants, g, Resources.DEPLOYMENT, ANY, Permissions.READ);
            add(grants, g, Resources.USER, ANY, Permissions.READ);
            add(grants, g, Resources.GROUP, ANY, Permissions.READ);
        }
        // escalation managers oversee all conversations of all teams
        add(grants, managers, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
        add(grants, managers, Resources.TASK, ANY, Permissions.READ, Permissions.UPDATE);
        add(grants, managers, Resources.PROCESS_INSTANCE, ANY, Permissions.READ);
        add(grants, managers, Resources.PROCESS_DEFINITION, ANY, Permissions.READ_HISTORY, Permissions.READ_INSTANCE,
                Permissions.READ_TASK);
        // process owners deploy from the Modeler, watch their processes in Cockpit and
        // migrate running instances;
        // they do not work on or delete conversations
        add(grants, PROCESS_OWNERS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
        add(grants, PROCESS_OWNERS, Resources.DEPLOYMENT, ANY, Permissions.CREATE);
        add(grants, PROCESS_OWNERS, Resources.PROCESS_DEFINITION, ANY, Permissions.READ_HISTORY,
                Permissions.READ_INSTANCE, ProcessDefinitionPermissions.MIGRATE_INSTANCE);
        add(grants, PROCESS_OWNERS, Resources.DECISION_DEFINITION, ANY, Permissions.READ, Permissions.READ_HISTORY);
        add(grants, PROCESS_OWNERS, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, Permissions.READ);
        add(grants, PROCESS_OWNERS, Resources.PROCESS_INSTANCE, ANY, Permissions.READ);
        for (Resources r : Resources.values()) {
            add(grants, Groups.CAMUNDA_ADMIN, r, ANY, Permissions.ALL);
        }
        grants.forEach(this::sync);

        if (demo.enabled()) {
            demo.create(identity);
            log.info("demo users ready: anna (agents), ben (agents, agents-de), greta (agents-de), tom (tier2), "
                    + "maria ({}), otto (process-owners), admin (camunda-admin); "
                    + "demo is the profile of ./mvnw spring-boot:run only", managers);
        }
    }

    /** Creates the group, or gives it the configured name. */
    private void group(String id, String name, String type) {
        Group g = identity.createGroupQuery().groupId(id).singleResult();
        if (g == null) {
            g = identity.newGroup(id);
            g.setType(type);
        }
        else if (name.equals(g.getName())) {
            return;
        }
        g.setName(name);
        identity.saveGroup(g);
    }

    private static void add(Map<Grant, Set<Permission>> grants, String group, Resource resource, String resourceId,
            Permission... permissions) {
        grants.computeIfAbsent(new Grant(group, resource, resourceId), k -> new LinkedHashSet<>())
            .addAll(List.of(permissions));
    }

    /** One grant per group and resource, with exactly the given permissions. */
    private void sync(Grant grant, Set<Permission> permissions) {
        Permission[] wanted = permissions.toArray(Permission[]::new);
        var existing = authorizations.createAuthorizationQuery()
            .groupIdIn(grant.group())
            .resourceType(grant.resource())
            .resourceId(grant.resourceId())
            .list()
            .stream()
            .filter(a -> a.getAuthorizationType() == AUTH_TYPE_GRANT)
            .toList();
        var auth = existing.isEmpty() ? authorizations.createNewAuthorization(AUTH_TYPE_GRANT) : existing.get(0);
        for (var duplicate : existing.stream().skip(1).toList()) {
            authorizations.deleteAuthorization(duplicate.getId());
        }
        AuthorizationEntity target = new AuthorizationEntity(AUTH_TYPE_GRANT);
        target.setResource(grant.resource());
        target.setPermissions(wanted);
        if (auth.getId() != null && ((AuthorizationEntity) auth).getPermissions() == target.getPermissions()) {
            return;
        }
        auth.setGroupId(grant.group());
        auth.setResource(grant.resource());
        auth.setResourceId(grant.resourceId());
        auth.setPermissions(wanted);
        authorizations.saveAuthorization(auth);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

}
