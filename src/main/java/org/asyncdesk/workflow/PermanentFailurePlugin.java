package org.asyncdesk.workflow;

import org.asyncdesk.conversation.PermanentDeliveryFailure;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultFailedJobCommandFactory;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobCommandFactory;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.springframework.stereotype.Component;

/**
 * Makes a {@link PermanentDeliveryFailure} skip the rest of a job's retry cycle: the
 * engine's usual failed-job handling runs first (exception message and stack trace on the
 * job), then the retries drop to 0, which raises the Cockpit incident with the provider's
 * error text at once. Everything else keeps the modelled retry cycle
 * ({@code camunda:failedJobRetryTimeCycle}). Chosen over a BPMN error because a refused
 * reply is an operational problem for Cockpit, not a business path a modeler should have
 * to draw.
 */
@Component
class PermanentFailurePlugin extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        FailedJobCommandFactory standard = configuration.getFailedJobCommandFactory() != null
                ? configuration.getFailedJobCommandFactory() : new DefaultFailedJobCommandFactory();
        configuration.setFailedJobCommandFactory((jobId, exception) -> {
            Command<Object> usual = standard.getCommand(jobId, exception);
            if (!isPermanent(exception)) {
                return usual;
            }
            return context -> {
                usual.execute(context);
                JobEntity job = context.getJobManager().findJobById(jobId);
                if (job != null && job.getRetries() > 0) {
                    job.setRetries(0);
                }
                return null;
            };
        });
    }

    static boolean isPermanent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PermanentDeliveryFailure) {
                return true;
            }
        }
        return false;
    }

}
