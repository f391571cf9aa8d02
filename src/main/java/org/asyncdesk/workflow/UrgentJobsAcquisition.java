package org.asyncdesk.workflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.impl.Page;
import org.camunda.bpm.engine.impl.QueryOrderingProperty;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AcquireJobsCmd;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.AcquiredJobs;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.impl.persistence.entity.AcquirableJobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobManager;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * Camunda's acquisition ({@link AcquireJobsCmd}: the engine's own query
 * {@code selectNextJobsToExecute}, locking, exclusive jobs of one instance in one batch)
 * restricted to jobs of at least a given priority. The engine offers a priority range
 * only for its one job executor ({@code jobExecutorPriorityRangeMin/Max}, engine-wide),
 * so this command passes its own lower bound to the same query; everything else is the
 * engine's configuration. Re-check against {@code JobManager.findNextJobsToExecute} and
 * {@code AcquireJobsCmd.execute} on a Camunda upgrade.
 */
class UrgentJobsAcquisition extends AcquireJobsCmd {

    private final long minPriority;

    UrgentJobsAcquisition(JobExecutor jobExecutor, int numJobsToAcquire, long minPriority) {
        super(jobExecutor, numJobsToAcquire);
        this.minPriority = minPriority;
    }

    @Override
    public AcquiredJobs execute(CommandContext commandContext) {
        acquiredJobs = new AcquiredJobs(numJobsToAcquire);
        ProcessEngineConfigurationImpl config = commandContext.getProcessEngineConfiguration();
        boolean hierarchies = isAcquireExclusiveOverProcessHierarchies(commandContext);
        List<AcquirableJobEntity> jobs = commandContext.getDbEntityManager()
            .selectList("selectNextJobsToExecute", parameters(config, hierarchies), new Page(0, numJobsToAcquire));
        Map<String, List<String>> exclusiveByInstance = new LinkedHashMap<>();
        for (AcquirableJobEntity job : jobs) {
            lockJob(job);
            if (job.isExclusive()) {
                exclusiveByInstance.computeIfAbsent(selectProcessInstanceId(job, hierarchies), k -> new ArrayList<>())
                    .add(job.getId());
            }
            else {
                acquiredJobs.addJobIdBatch(job.getId());
            }
        }
        exclusiveByInstance.values().forEach(acquiredJobs::addJobIdBatch);
        // a job another node locked meanwhile is dropped from this batch, as in the
        // engine's command
        commandContext.getDbEntityManager().registerOptimisticLockingListener(this);
        return acquiredJobs;
    }

    /**
     * The parameters JobManager.findNextJobsToExecute passes, with this command's
     * priority floor.
     */
    private Map<String, Object> parameters(ProcessEngineConfigurationImpl config, boolean hierarchies) {
        Map<String, Object> p = new HashMap<>();
        p.put("now", ClockUtil.getCurrentTime());
        p.put("alwaysSetDueDate", config.isEnsureJobDueDateNotNull());
        p.put("deploymentAware", config.isJobExecutorDeploymentAware());
        Set<String> deployments = config.getRegisteredDeployments();
        if (config.isJobExecutorDeploymentAware() && deployments != null && !deployments.isEmpty()) {
            p.put("deploymentIds", deployments);
        }
        p.put("jobPriorityMin", minPriority);
        p.put("jobPriorityMax", null);
        p.put("historyCleanupEnabled", config.isHistoryCleanupEnabled());
        // the most urgent and most overdue first, as the engine's executor orders them
        List<QueryOrderingProperty> ordering = new ArrayList<>();
        ordering.add(JobManager.JOB_PRIORITY_ORDERING_PROPERTY);
        ordering.add(JobManager.JOB_DUEDATE_ORDERING_PROPERTY);
        p.put("orderingProperties", ordering);
        p.put("applyOrdering", true);
        p.put("applyExclusiveOverProcessHierarchies", hierarchies);
        return p;
    }

}
