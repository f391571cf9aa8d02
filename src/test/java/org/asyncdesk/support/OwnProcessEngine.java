package org.asyncdesk.support;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Makes the engine REST API and the Camunda webapps of a test's server use that test's
 * own engine. They find the engine by name in Camunda's static registry
 * ({@link ProcessEngines}), where every Spring context of the test JVM registers its
 * engine as {@code default} and the last one started wins: a test's HTTP calls to
 * {@code /engine-rest} or {@code /camunda} otherwise reach whichever cached context
 * started last, with its own database and configuration. Use with {@code @ExtendWith}
 * after the Spring extension; the previous engine is put back afterwards.
 */
public class OwnProcessEngine implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
        .create(OwnProcessEngine.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        ProcessEngine own = SpringExtension.getApplicationContext(context).getBean(ProcessEngine.class);
        ProcessEngine previous = ProcessEngines.getProcessEngines().get(own.getName());
        if (previous != null) {
            context.getStore(NAMESPACE).put("previous", previous);
        }
        ProcessEngines.registerProcessEngine(own);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ProcessEngine previous = context.getStore(NAMESPACE).remove("previous", ProcessEngine.class);
        if (previous != null) {
            ProcessEngines.registerProcessEngine(previous);
        }
    }

}
