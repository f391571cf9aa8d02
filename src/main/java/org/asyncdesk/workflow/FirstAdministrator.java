package org.asyncdesk.workflow;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Camunda Admin offers an anonymous setup page ({@code /camunda/app/admin/default/setup})
 * that lets anyone create an administrator while {@code camunda-admin} has no member. So
 * the start is refused then, before the web server listens. Checked once the engine is
 * built, that is after the starter created the configured first administrator
 * ({@code camunda.bpm.admin-user}) and after {@link DemoGuardPlugin} retired the demo
 * users. With demo on, the demo {@code admin} is created at start-up and the node is a
 * loopback-only try-out.
 */
@Component
class FirstAdministrator {

    FirstAdministrator(IdentityService identity, DemoUsers demo,
            @Value("${camunda.bpm.admin-user.id:}") String configuredId) {
        if (demo.enabled() || identity.createUserQuery().memberOfGroup(Groups.CAMUNDA_ADMIN).count() > 0) {
            return;
        }
        String action = "Configure a first administrator: camunda.bpm.admin-user.id and camunda.bpm.admin-user.password "
                + "(environment CAMUNDA_BPM_ADMINUSER_ID and CAMUNDA_BPM_ADMINUSER_PASSWORD; docker compose: "
                + "ASYNCDESK_ADMIN_PASSWORD). Camunda creates that user with this password when it does not exist yet "
                + "and puts it into camunda-admin. For a local try-out with demo users: ./mvnw spring-boot:run.";
        if (!configuredId.isBlank()) {
            throw new StartupRefused("Group camunda-admin has no member, and the configured first administrator "
                    + "camunda.bpm.admin-user.id=" + configuredId + " names a user that already exists (Camunda only "
                    + "creates a missing one and leaves existing users as they are): Camunda's anonymous setup page "
                    + "would let anyone make themselves administrator.",
                    "Name a user id that does not exist yet. " + action);
        }
        throw new StartupRefused("Group camunda-admin has no member and no first administrator is configured: "
                + "Camunda's anonymous setup page (/camunda/app/admin/default/setup) would let anyone make themselves "
                + "administrator.", action);
    }

}
