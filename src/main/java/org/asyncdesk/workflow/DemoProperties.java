package org.asyncdesk.workflow;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled create the demo users (anna, ben, greta, tom, maria, otto, admin) at
 * start-up. Off by default; on in the {@code demo} profile, which
 * {@code ./mvnw spring-boot:run} activates. Refused with an {@code asyncdesk.public-url}
 * that is not a loopback address. When off, demo users that still have the demo password
 * are deleted at start-up.
 * @param password the demo users' password (also what "still has the demo password" is
 * checked against)
 */
@ConfigurationProperties("asyncdesk.demo")
public record DemoProperties(@DefaultValue("false") boolean enabled, @DefaultValue("demo") String password) {
}
