package org.asyncdesk.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * A test of the real application wiring on in-memory H2 with no background threads: the
 * test moves the clock (ClockUtil), executes jobs and dispatches the inbox itself. See
 * {@link Conversations} for the usual steps. Mail goes to the JVM's {@link MailServer},
 * provider calls to its {@link ProviderStub}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest
@ActiveProfiles("test")
@ContextConfiguration(initializers = { MailServer.class, ProviderStub.class })
public @interface ProcessTest {

}
