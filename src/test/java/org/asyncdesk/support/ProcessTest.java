package org.asyncdesk.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * A test of the real application wiring on in-memory H2 with no background threads: the test moves the clock
 * (ClockUtil), executes jobs and dispatches the inbox itself. See {@link Conversations} for the usual steps.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest
@ActiveProfiles("test")
public @interface ProcessTest {
}
