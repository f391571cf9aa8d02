package org.asyncdesk.workflow;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Prints a refused start as Spring Boot's "APPLICATION FAILED TO START" box instead of a
 * bare stack trace.
 */
public class StartupRefusedAnalyzer extends AbstractFailureAnalyzer<StartupRefused> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StartupRefused cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }

}
