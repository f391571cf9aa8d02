package org.asyncdesk.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The running application (random port, own in-memory H2, no background threads as in
 * {@link ProcessTest}) configured as in production behind a TLS-terminating proxy: public
 * URL {@code https://desk.example.com}, the only trusted proxy {@code 10.9.8.7} (so the
 * tests' own requests from loopback are untrusted clients), channels sandboxed, and a
 * mail server that does not answer (port 1). Demo users are refused with such a public
 * URL, so demo is off: the first administrator {@code admin} is configured as in
 * production and the agents are {@link StaffUsers}, all with password
 * {@link StaffUsers#PASSWORD}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.datasource.url=jdbc:h2:mem:asyncdesk-edge;DB_CLOSE_DELAY=-1",
                "asyncdesk.public-url=" + BehindHttpsProxyTest.PUBLIC_URL, "asyncdesk.trusted-proxies=10.9.8.7",
                "spring.mail.port=1", "asyncdesk.demo.enabled=false", "camunda.bpm.admin-user.id=admin",
                "camunda.bpm.admin-user.password=" + StaffUsers.PASSWORD })
@ActiveProfiles("test")
@Import(StaffUsers.class)
public @interface BehindHttpsProxyTest {

    String PUBLIC_URL = "https://desk.example.com";

}
