-- Camunda's job acquisition query (Job.xml selectNextJobsToExecute, PostgreSQL, acquire-by-priority and
-- -by-due-date on, max-jobs-per-acquisition 10) on a job table shaped like 20,000 open conversations: every
-- conversation holds SLA timers (priority 100) and silence/reminder timers (priority 0) that are due later, and a
-- few jobs are due now. Run on a fresh database that holds Camunda's schema (see bench/README.md).
\set ON_ERROR_STOP on
truncate act_ru_job;
insert into act_ru_job (id_, rev_, type_, exclusive_, execution_id_, process_instance_id_, process_def_id_,
                        retries_, duedate_, handler_type_, suspension_state_, priority_, create_time_)
select 'job-' || n, 1, case when n % 3 = 0 then 'message' else 'timer' end, true, 'ex-' || (n / 3),
       'pi-' || (n / 3), 'conversation:1:x', 3,
       case when n <= 100 then now() - interval '5 seconds'          -- due now: 100 jobs
            else now() + (n % 7200) * interval '1 minute' end,        -- due later: SLA and silence timers
       case when n % 3 = 0 then 'async-continuation' else 'timer-transition' end, 1,
       case when n % 3 = 1 then 100 else 0 end, now()
from generate_series(1, 60000) n;
analyze act_ru_job;

\echo '--- the acquisition query'
prepare acquire(timestamp) as
select RES.ID_, RES.REV_, RES.DUEDATE_, RES.PROCESS_INSTANCE_ID_, RES.EXCLUSIVE_
from ACT_RU_JOB RES
where (RES.RETRIES_ > 0)
  and (RES.DUEDATE_ is null or RES.DUEDATE_ <= $1)
  and (RES.LOCK_OWNER_ is null or RES.LOCK_EXP_TIME_ < $1)
  and RES.SUSPENSION_STATE_ = 1
  and ((RES.EXCLUSIVE_ = true and not exists(select J2.ID_ from ACT_RU_JOB J2
          where J2.PROCESS_INSTANCE_ID_ = RES.PROCESS_INSTANCE_ID_ and (J2.EXCLUSIVE_ = true)
            and (J2.LOCK_OWNER_ is not null and J2.LOCK_EXP_TIME_ >= $1)))
       or RES.EXCLUSIVE_ = false)
order by RES.PRIORITY_ desc, RES.DUEDATE_ asc
LIMIT 10 OFFSET 0;

\echo '--- before: only Camunda''s own indexes'
drop index if exists asyncdesk_job_acquisition;
explain (analyze, buffers, costs off, timing off, summary on) execute acquire(localtimestamp);

\echo '--- an index led by the priority only (as suggested for acquire-by-priority)'
create index bench_job_priority on act_ru_job (priority_ desc);
analyze act_ru_job;
explain (analyze, buffers, costs off, timing off, summary on) execute acquire(localtimestamp);
drop index bench_job_priority;

\echo '--- after: the index Asyncdesk creates at start-up (workflow.JobAcquisitionIndex)'
create index asyncdesk_job_acquisition on act_ru_job (duedate_);
analyze act_ru_job;
explain (analyze, buffers, costs off, timing off, summary on) execute acquire(localtimestamp);
