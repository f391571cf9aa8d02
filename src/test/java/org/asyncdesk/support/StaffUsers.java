package org.asyncdesk.support;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;

/**
 * Real (non-demo) agents for tests of an application configured as in production, where
 * demo users are refused: the same names and teams as the demo users, with a password of
 * their own ({@link #PASSWORD}). Created once the groups exist (after IdentitySetup).
 */
@TestConfiguration(proxyBeanMethods = false)
public class StaffUsers {

    public static final String PASSWORD = "staff-secret-7";

    private static final Map<String, List<String>> USERS = Map.of("anna", List.of("agents"), "ben",
            List.of("agents", "agents-de"), "greta", List.of("agents-de"), "maria", List.of("escalation-managers"));

    private final IdentityService identity;

    StaffUsers(IdentityService identity) {
        this.identity = identity;
    }

    @EventListener(ApplicationReadyEvent.class)
    @Order(5)
    void create() {
        USERS.forEach((id, groups) -> {
            if (identity.createUserQuery().userId(id).count() == 0) {
                User user = identity.newUser(id);
                user.setFirstName(id);
                user.setLastName("Staff");
                user.setPassword(PASSWORD);
                identity.saveUser(user);
            }
            for (String g : groups) {
                if (identity.createUserQuery().userId(id).memberOfGroup(g).count() == 0) {
                    identity.createMembership(id, g);
                }
            }
        });
    }

}
