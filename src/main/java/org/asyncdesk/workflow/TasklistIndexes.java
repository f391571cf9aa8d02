package org.asyncdesk.workflow;

import org.asyncdesk.conversation.ProcessVocabulary;
import org.camunda.bpm.engine.ProcessEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Indexes for Tasklist's lists at scale (docs/tasklist-scale.md): Tasklist asks for a
 * page of 15 tasks in the filter's order (due date). With an index on the due date the
 * database walks the tasks in that order and stops after the page (and the Call-backs
 * filter finds its tasks by task id), checking each task's candidate group, authorization
 * ({@link AuthorizationQueries}) and, for the filters on {@code slaState} and
 * {@code escalated}, the instance's variable by name, instead of sorting every visible
 * task. Created at start-up after the engine's tables, like {@link JobAcquisitionIndex};
 * idempotent.
 * <p>
 * On PostgreSQL the two filter variables also get a partial covering index: the
 * instance's row of such a variable is then found in a small index alone, without a visit
 * to {@code ACT_RU_VARIABLE}'s heap (about 36 rows per conversation, a gigabyte at
 * 100,000 open conversations), for each task of a page and for a count.
 */
@Component
class TasklistIndexes implements InitializingBean {

    static final String TASK_DUE = "asyncdesk_task_due";
    static final String VARIABLE_BY_INSTANCE = "asyncdesk_variable_instance_name";
    static final String TASK_DEFINITION = "asyncdesk_task_definition_key";
    static final String FILTER_VARIABLES = "asyncdesk_variable_filter_state";

    private static final Logger log = LoggerFactory.getLogger(TasklistIndexes.class);

    private final JdbcTemplate jdbc;

    private final String tablePrefix;

    /** Takes the engine so that it, and with it its tables, exists before this runs. */
    TasklistIndexes(ProcessEngine engine, JdbcTemplate jdbc,
            @Value("${camunda.bpm.database.table-prefix:}") String tablePrefix) {
        this.jdbc = jdbc;
        this.tablePrefix = tablePrefix;
    }

    @Override
    public void afterPropertiesSet() {
        create("create index if not exists " + TASK_DUE + " on " + tablePrefix + "ACT_RU_TASK (DUE_DATE_)");
        // the Call-backs filter selects by task id (CallBack): without it every count
        // reads all open tasks
        create("create index if not exists " + TASK_DEFINITION + " on " + tablePrefix + "ACT_RU_TASK (TASK_DEF_KEY_)");
        // the engine's own index on PROC_INST_ID_ reads every variable of the instance to
        // find one by name
        create("create index if not exists " + VARIABLE_BY_INSTANCE + " on " + tablePrefix
                + "ACT_RU_VARIABLE (PROC_INST_ID_, NAME_)");
        if (postgres()) {
            // partial: only these variables' values (short, set by SlaPolicy) are in it,
            // so no TEXT_ can exceed the
            // index's row size; the filters' conditions (name, task id null, type, value)
            // are answered from it
            create("create index if not exists " + FILTER_VARIABLES + " on " + tablePrefix + "ACT_RU_VARIABLE "
                    + "(NAME_, PROC_INST_ID_) include (TASK_ID_, TYPE_, LONG_, TEXT_) where NAME_ in ('"
                    + ProcessVocabulary.VAR_SLA_STATE + "', '" + ProcessVocabulary.VAR_ESCALATED + "')");
        }
    }

    private boolean postgres() {
        // partial indexes with INCLUDE are PostgreSQL's; the embedded H2 does without
        return "PostgreSQL"
            .equals(jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName()));
    }

    private void create(String sql) {
        EngineIndexes.create(jdbc, sql, log, "Tasklist's lists get slower with many open tasks");
    }

}
