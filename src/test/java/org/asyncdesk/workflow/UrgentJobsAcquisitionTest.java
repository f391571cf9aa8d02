package org.asyncdesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.ProcessEngineImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.jobexecutor.AcquiredJobs;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The urgent acquisition takes the due alert jobs and nothing else, however many intake
 * jobs are due before them, and locks them as the engine's acquisition does (so no other
 * executor or node takes them meanwhile).
 */
class UrgentJobsAcquisitionTest {

    private static final UrgentJobsProperties URGENT = new UrgentJobsProperties(true, 100, 1, 4, Duration.ofMillis(50));

    private ProcessEngine engine;

    private ProcessEngineConfigurationImpl config;

    @BeforeEach
    void engine() {
        StandaloneInMemProcessEngineConfiguration c = new StandaloneInMemProcessEngineConfiguration();
        c.setJdbcUrl("jdbc:h2:mem:urgent-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=1000");
        c.setProcessEngineName("urgent-" + UUID.randomUUID());
        c.setJobExecutorActivate(false);
        c.setJobExecutorAcquireByPriority(true);
        c.setJobExecutorAcquireByDueDate(true);
        c.setHistory("none");
        engine = c.buildProcessEngine();
        config = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        engine.getRepositoryService()
            .createDeployment()
            .addModelInstance("intake.bpmn",
                    Bpmn.createExecutableProcess("intake")
                        .startEvent()
                        .serviceTask("Classify")
                        .camundaAsyncBefore()
                        .camundaExpression("${true}")
                        .endEvent()
                        .done())
            .addModelInstance("alert.bpmn",
                    Bpmn.createExecutableProcess("alert")
                        .startEvent()
                        .serviceTask("AlertManagers")
                        .camundaAsyncBefore()
                        .camundaJobPriority("100")
                        .camundaExpression("${true}")
                        .endEvent()
                        .done())
            .deploy();
        // a queue of intake work first, then eight alerts fall due
        for (int i = 0; i < 30; i++) {
            engine.getRuntimeService().startProcessInstanceByKey("intake");
        }
        for (int i = 0; i < 8; i++) {
            engine.getRuntimeService().startProcessInstanceByKey("alert");
        }
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void acquiresOnlyUrgentJobsAndLocksThem() {
        JobExecutor urgent = UrgentJobExecutor.create((ProcessEngineImpl) engine, URGENT);
        AcquiredJobs acquired = config.getCommandExecutorTxRequired()
            .execute(new UrgentJobsAcquisition(urgent, 10, URGENT.minPriority()));

        List<String> alertJobs = jobsOf("alert").stream().map(Job::getId).toList();
        assertThat(acquired.getJobIdBatches()).flatExtracting(b -> b).containsExactlyInAnyOrderElementsOf(alertJobs);
        assertThat(lockOwners("alert")).containsOnly(urgent.getLockOwner());
        assertThat(lockOwners("intake")).containsOnly("none");

        AcquiredJobs again = config.getCommandExecutorTxRequired()
            .execute(new UrgentJobsAcquisition(urgent, 10, URGENT.minPriority()));
        assertThat(again.size()).as("locked jobs are not acquired twice").isZero();
    }

    /**
     * More alerts than its one thread and queue hold: the rest wait for the next cycle,
     * still locked, not lost.
     */
    @Test
    void urgentExecutorRunsTheAlertsWhileTheIntakeQueueWaits() throws InterruptedException {
        JobExecutor urgent = UrgentJobExecutor.create((ProcessEngineImpl) engine, URGENT);
        urgent.start();
        try {
            Instant giveUp = Instant.now().plusSeconds(30);
            while (!jobsOf("alert").isEmpty() && Instant.now().isBefore(giveUp)) {
                Thread.sleep(50);
            }
        }
        finally {
            urgent.shutdown();
        }
        assertThat(jobsOf("alert")).as("all alerts ran").isEmpty();
        assertThat(jobsOf("intake")).as("no intake job was touched")
            .hasSize(30)
            .allSatisfy(j -> assertThat(j.getRetries()).isEqualTo(3));
        assertThat(lockOwners("intake")).containsOnly("none");
    }

    private List<Job> jobsOf(String processKey) {
        return engine.getManagementService().createJobQuery().processDefinitionKey(processKey).list();
    }

    private List<String> lockOwners(String processKey) {
        return jobsOf(processKey).stream().map(j -> {
            String owner = ((JobEntity) j).getLockOwner();
            return owner == null ? "none" : owner;
        }).distinct().toList();
    }

}
