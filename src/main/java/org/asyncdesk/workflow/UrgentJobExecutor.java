package org.asyncdesk.workflow;

import java.util.List;
import java.util.UUID;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.ProcessEngineImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultJobExecutor;
import org.camunda.bpm.engine.impl.jobexecutor.ExecuteJobsRunnable;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.impl.jobexecutor.NotifyAcquisitionRejectedJobsHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The urgent jobs' own acquisition and threads ({@link UrgentJobsProperties}): a Camunda
 * job executor beside the engine's, on the same engine, that acquires only jobs of
 * {@code asyncdesk.jobs.urgent.min-priority} or more. Its threads are idle unless an SLA
 * timer or alert is due, so a due alert never waits for intake jobs the engine's executor
 * has already locked and queued. Same locking as the engine's executor (lock owner, lock
 * time, optimistic locking): cluster-safe. Started with the engine's executor, once the
 * application is ready.
 */
@Component
@ConditionalOnProperty(name = { "camunda.bpm.job-execution.enabled", "asyncdesk.jobs.urgent.enabled" },
        havingValue = "true", matchIfMissing = true)
class UrgentJobExecutor implements SmartLifecycle, ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(UrgentJobExecutor.class);

    private final ProcessEngine engine;

    private final UrgentJobsProperties properties;

    private JobExecutor executor;

    UrgentJobExecutor(ProcessEngine engine, UrgentJobsProperties properties) {
        this.engine = engine;
        this.properties = properties;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        start();
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = create((ProcessEngineImpl) engine, properties);
        executor.start();
        log.info("urgent job executor started: priority >= {}, {} threads", properties.minPriority(),
                properties.threads());
    }

    /**
     * Configured like the engine's executor, with its own pool, acquisition and lock
     * owner.
     */
    static JobExecutor create(ProcessEngineImpl engine, UrgentJobsProperties properties) {
        ProcessEngineConfigurationImpl config = engine.getProcessEngineConfiguration();
        JobExecutor main = config.getJobExecutor();
        DefaultJobExecutor urgent = new DefaultJobExecutor() {
            {
                name = "UrgentJobExecutor";
            }

            @Override
            public Runnable getExecuteJobsRunnable(List<String> jobIds, ProcessEngineImpl processEngine) {
                return new UrgentJobsRunnable(jobIds, processEngine, this);
            }
        };
        urgent.setCorePoolSize(properties.threads());
        urgent.setMaxPoolSize(properties.threads());
        // a batch waits in the queue only while every thread is busy with another urgent
        // job
        urgent.setQueueSize(properties.threads());
        urgent.setMaxJobsPerAcquisition(properties.maxJobsPerAcquisition());
        urgent.setWaitTimeInMillis((int) properties.waitTime().toMillis());
        urgent.setMaxWait(properties.waitTime().toMillis());
        urgent.setWaitIncreaseFactor(1);
        // a crashed node's urgent jobs run elsewhere as soon as the engine executor's
        // would
        urgent.setLockTimeInMillis(main == null ? 60_000 : main.getLockTimeInMillis());
        urgent.setLockOwner("urgent-" + (main == null ? UUID.randomUUID() : main.getLockOwner()));
        urgent.setAcquireJobsCmdFactory(n -> new UrgentJobsAcquisition(urgent, n, properties.minPriority()));
        // all threads busy: the batch stays locked and goes first in the next cycle,
        // which waits (the engine's
        // default; without a handler the batch would sit locked, unrun, until its lock
        // expired)
        urgent.setRejectedJobsHandler(new NotifyAcquisitionRejectedJobsHandler());
        urgent.setAutoActivate(false);
        urgent.registerProcessEngine(engine);
        return urgent;
    }

    /**
     * The engine's runnable asks the engine's executor whether to go on and hints it when
     * done; this one asks the executor that runs it.
     */
    private static final class UrgentJobsRunnable extends ExecuteJobsRunnable {

        UrgentJobsRunnable(List<String> jobIds, ProcessEngineImpl engine, JobExecutor own) {
            super(jobIds, engine);
            this.jobExecutor = own;
        }

    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdown();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    @Override
    public boolean isAutoStartup() {
        // started on ApplicationReadyEvent, as Camunda starts the engine's executor
        return false;
    }

    @Override
    public int getPhase() {
        // stopped before the engine goes down
        return Integer.MAX_VALUE - 100;
    }

}
