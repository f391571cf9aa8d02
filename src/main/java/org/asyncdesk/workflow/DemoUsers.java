package org.asyncdesk.workflow;

import java.util.ArrayList;
import java.util.List;

import org.asyncdesk.EscalationProperties;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The demo users of {@code ./mvnw spring-boot:run} (profile {@code demo}): created when
 * demo is on, retired when it is off. Retiring deletes a demo user only while it still
 * has the demo password, so a real user who happens to carry a demo name (an "admin" or
 * "anna" whose password was changed) stays.
 */
@Component
class DemoUsers {

    /**
     * User info key marking a demo-named user whose password is not the demo one: it is
     * never checked again.
     */
    static final String KEPT = "asyncdesk.demo-name-kept";

    private static final Logger log = LoggerFactory.getLogger(DemoUsers.class);

    record DemoUser(String id, String first, String last, List<String> groups) {
    }

    private final DemoProperties demo;

    private final List<DemoUser> users;

    public DemoUsers(DemoProperties demo, EscalationProperties escalation) {
        this.demo = demo;
        // the shipped teams (TeamsProperties.SHIPPED), always configured
        this.users = List.of(new DemoUser("anna", "Anna", "Agent", List.of("agents")),
                new DemoUser("ben", "Ben", "Agent", List.of("agents", "agents-de")),
                new DemoUser("greta", "Greta", "Agentin", List.of("agents-de")),
                new DemoUser("tom", "Tom", "Tier-two", List.of("tier2")),
                new DemoUser("maria", "Maria", "Manager", List.of(escalation.managersGroup())),
                new DemoUser("otto", "Otto", "Owner", List.of(IdentitySetup.PROCESS_OWNERS)),
                new DemoUser("admin", "Ada", "Admin", List.of(Groups.CAMUNDA_ADMIN)));
    }

    public boolean enabled() {
        return demo.enabled();
    }

    public String password() {
        return demo.password();
    }

    public List<String> ids() {
        return users.stream().map(DemoUser::id).toList();
    }

    /**
     * Creates the missing demo users (password {@code asyncdesk.demo.password}) and their
     * memberships.
     */
    void create(IdentityService identity) {
        for (DemoUser u : users) {
            if (identity.createUserQuery().userId(u.id()).count() == 0) {
                User user = identity.newUser(u.id());
                user.setFirstName(u.first());
                user.setLastName(u.last());
                user.setEmail(u.id() + "@asyncdesk.example");
                user.setPassword(demo.password());
                identity.saveUser(user);
            }
            for (String g : u.groups()) {
                if (identity.createUserQuery().userId(u.id()).memberOfGroup(g).count() == 0) {
                    identity.createMembership(u.id(), g);
                }
            }
        }
    }

    /**
     * Deletes every demo user that still has the demo password, with its memberships and
     * authorizations (so a user created later under that name inherits nothing). A
     * demo-named user with another password is kept and marked, so it is checked once
     * only: Camunda counts a failed {@link IdentityService#checkPassword} as a failed
     * login, and a locked user fails every check, hence the lock is lifted for the check
     * and after a failed one.
     * @return the ids deleted
     */
    List<String> retire(IdentityService identity, AuthorizationService authorizations) {
        List<String> deleted = new ArrayList<>();
        for (String id : ids()) {
            if (identity.createUserQuery().userId(id).count() == 0 || identity.getUserInfo(id, KEPT) != null) {
                continue;
            }
            identity.unlockUser(id);
            if (identity.checkPassword(id, demo.password())) {
                for (var a : authorizations.createAuthorizationQuery().userIdIn(id).list()) {
                    authorizations.deleteAuthorization(a.getId());
                }
                identity.deleteUser(id);
                deleted.add(id);
            }
            else {
                identity.unlockUser(id);
                identity.setUserInfo(id, KEPT, "password is not the demo one");
                log.info("demo is off; user {} has a demo name but its own password and is kept", id);
            }
        }
        if (!deleted.isEmpty()) {
            log.warn("demo is off: deleted the demo users that still had the demo password: {}", deleted);
        }
        return deleted;
    }

}
