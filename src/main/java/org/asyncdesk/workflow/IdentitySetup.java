package org.asyncdesk.workflow;

import static org.camunda.bpm.engine.authorization.Authorization.ANY;
import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The groups Asyncdesk's roles map to, with their authorizations (always), and the demo users (only when
 * {@code asyncdesk.demo.enabled}). Idempotent: runs at every start and creates only what is missing.
 */
@Component
public class IdentitySetup {

    public static final String AGENTS = "agents";
    public static final String ESCALATION_MANAGERS = "escalation-managers";
    public static final String PROCESS_OWNERS = "process-owners";

    private static final Logger log = LoggerFactory.getLogger(IdentitySetup.class);

    private final IdentityService identity;
    private final AuthorizationService authorizations;
    private final DemoProperties demo;

    public IdentitySetup(IdentityService identity, AuthorizationService authorizations, DemoProperties demo) {
        this.identity = identity;
        this.authorizations = authorizations;
        this.demo = demo;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(0)
    public void setUp() {
        group(AGENTS, "Agents", "WORKFLOW");
        group(ESCALATION_MANAGERS, "Escalation managers", "WORKFLOW");
        group(PROCESS_OWNERS, "Process owners", "WORKFLOW");
        group(Groups.CAMUNDA_ADMIN, "Camunda administrators", Groups.GROUP_TYPE_SYSTEM);

        for (String g : List.of(AGENTS, ESCALATION_MANAGERS, PROCESS_OWNERS)) {
            grant(g, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
            // the form of a task needs its process definition (and the form's deployment)
            grant(g, Resources.PROCESS_DEFINITION, ANY, Permissions.READ);
            grant(g, Resources.DEPLOYMENT, ANY, Permissions.READ);
            grant(g, Resources.USER, ANY, Permissions.READ);
            grant(g, Resources.GROUP, ANY, Permissions.READ);
        }
        // escalation managers oversee all conversations
        grant(ESCALATION_MANAGERS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
        grant(ESCALATION_MANAGERS, Resources.TASK, ANY, Permissions.READ, Permissions.UPDATE);
        grant(ESCALATION_MANAGERS, Resources.PROCESS_INSTANCE, ANY, Permissions.READ);
        grant(ESCALATION_MANAGERS, Resources.PROCESS_DEFINITION, ANY, Permissions.READ_HISTORY,
                Permissions.READ_INSTANCE, Permissions.READ_TASK);
        // process owners deploy from the Modeler and watch their processes in Cockpit
        grant(PROCESS_OWNERS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
        grant(PROCESS_OWNERS, Resources.DEPLOYMENT, ANY, Permissions.ALL);
        grant(PROCESS_OWNERS, Resources.PROCESS_DEFINITION, ANY, Permissions.ALL);
        grant(PROCESS_OWNERS, Resources.DECISION_DEFINITION, ANY, Permissions.ALL);
        grant(PROCESS_OWNERS, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, Permissions.ALL);
        grant(PROCESS_OWNERS, Resources.PROCESS_INSTANCE, ANY, Permissions.READ);
        grant(Groups.CAMUNDA_ADMIN, Resources.values(), Permissions.ALL);

        if (demo.enabled()) {
            demoUsers();
        }
    }

    private void demoUsers() {
        Map<String, String[]> users = Map.of(
                "anna", new String[] {"Anna", "Agent", AGENTS},
                "ben", new String[] {"Ben", "Agent", AGENTS},
                "maria", new String[] {"Maria", "Manager", ESCALATION_MANAGERS},
                "otto", new String[] {"Otto", "Owner", PROCESS_OWNERS},
                "admin", new String[] {"Ada", "Admin", Groups.CAMUNDA_ADMIN});
        users.forEach((id, u) -> {
            if (identity.createUserQuery().userId(id).count() == 0) {
                User user = identity.newUser(id);
                user.setFirstName(u[0]);
                user.setLastName(u[1]);
                user.setEmail(id + "@asyncdesk.example");
                user.setPassword(demo.password());
                identity.saveUser(user);
                identity.createMembership(id, u[2]);
            }
        });
        log.info("demo users ready: anna, ben (agents), maria (escalation-managers), otto (process-owners), "
                + "admin (camunda-admin); turn off with asyncdesk.demo.enabled=false");
    }

    private void group(String id, String name, String type) {
        if (identity.createGroupQuery().groupId(id).count() == 0) {
            Group g = identity.newGroup(id);
            g.setName(name);
            g.setType(type);
            identity.saveGroup(g);
        }
    }

    private void grant(String group, Resource resource, String resourceId, Permission... permissions) {
        var auth = authorizations.createAuthorizationQuery().groupIdIn(group)
                .resourceType(resource).resourceId(resourceId).list().stream()
                .filter(a -> a.getAuthorizationType() == AUTH_TYPE_GRANT).findFirst()
                .orElseGet(() -> {
                    var a = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
                    a.setGroupId(group);
                    a.setResource(resource);
                    a.setResourceId(resourceId);
                    return a;
                });
        boolean changed = auth.getId() == null;
        for (Permission p : permissions) {
            if (!auth.isPermissionGranted(p)) {
                auth.addPermission(p);
                changed = true;
            }
        }
        if (changed) {
            authorizations.saveAuthorization(auth);
        }
    }

    private void grant(String group, Resources[] resources, Permission permission) {
        for (Resources r : resources) {
            grant(group, r, ANY, permission);
        }
    }
}
