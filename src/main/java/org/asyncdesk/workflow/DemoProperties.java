package org.asyncdesk.workflow;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled create the demo users (anna, ben, greta, tom, maria, otto, admin; password {@code demo}) at start-up.
 *                On for the embedded default; switch it off in production.
 * @param password the demo users' password
 */
@ConfigurationProperties("asyncdesk.demo")
public record DemoProperties(@DefaultValue("false") boolean enabled, @DefaultValue("demo") String password) {
}
