package org.asyncdesk.workflow;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.asyncdesk.conversation.CompletionRefused;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.AbstractPatchVariablesCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractRemoveVariableCmd;
import org.camunda.bpm.engine.impl.cmd.AbstractSetVariableCmd;
import org.camunda.bpm.engine.impl.cmd.CompleteTaskCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskBpmnErrorCmd;
import org.camunda.bpm.engine.impl.cmd.HandleTaskEscalationCmd;
import org.camunda.bpm.engine.impl.cmd.SubmitTaskFormCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.task.Task;
import org.springframework.stereotype.Component;

/**
 * Enforces {@link CompletionAllowlist} inside the engine, so that no client path gets
 * around it: the engine REST API ({@code /engine-rest}), the one Tasklist and Cockpit use
 * ({@code /camunda/api/engine}) and Java callers all end in the same commands.
 * <ul>
 * <li>complete, submit-form and resolve of a task: the variables must be those its
 * outcome allows;</li>
 * <li>a BPMN error or escalation thrown from a task: no variables;</li>
 * <li>setting, changing or removing variables of a task, execution or process instance
 * directly: only for Camunda administrators (operators repairing an instance in Cockpit)
 * and for Asyncdesk itself (no user authenticated); anyone else is refused.</li>
 * </ul>
 * Checked before the command runs and only for commands a caller starts (not for those
 * the engine or our listeners run inside another command). A bad or missing outcome is a
 * {@link CompletionRefused} (REST 400), variables outside the allowlist an
 * {@link AuthorizationException} (REST 403); both name what was refused, and Tasklist
 * shows the message. A {@link CompletionRefused} that a listener or delegate throws
 * during the command (an empty reply, a handover to nobody) reaches the caller unwrapped,
 * so it is a 400 as well.
 * <p>
 * The commands keep their arguments in protected fields; they are read by reflection, and
 * a Camunda version that renames one stops the start-up instead of leaving a path
 * unchecked.
 */
@Component
class CompletionGuardPlugin extends AbstractProcessEnginePlugin {

    private final CompletionAllowlist allowlist;

    CompletionGuardPlugin(CompletionAllowlist allowlist) {
        this.allowlist = allowlist;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<CommandInterceptor> pre = new ArrayList<>();
        pre.add(new Guard(allowlist, configuration));
        if (configuration.getCustomPreCommandInterceptorsTxRequired() != null) {
            pre.addAll(configuration.getCustomPreCommandInterceptorsTxRequired());
        }
        configuration.setCustomPreCommandInterceptorsTxRequired(pre);
    }

    static final class Guard extends CommandInterceptor {

        private static final Field COMPLETE_TASK = field(CompleteTaskCmd.class, "taskId");

        private static final Field COMPLETE_VARIABLES = field(CompleteTaskCmd.class, "variables");

        private static final Field SUBMIT_TASK = field(SubmitTaskFormCmd.class, "taskId");

        private static final Field SUBMIT_VARIABLES = field(SubmitTaskFormCmd.class, "properties");

        private static final Field ERROR_TASK = field(HandleTaskBpmnErrorCmd.class, "taskId");

        private static final Field ERROR_VARIABLES = field(HandleTaskBpmnErrorCmd.class, "variables");

        private static final Field ESCALATION_TASK = field(HandleTaskEscalationCmd.class, "taskId");

        private static final Field ESCALATION_VARIABLES = field(HandleTaskEscalationCmd.class, "variables");

        private static final Field SET_VARIABLES = field(AbstractSetVariableCmd.class, "variables");

        private static final Field REMOVE_VARIABLES = field(AbstractRemoveVariableCmd.class, "variableNames");

        private static final Field PATCH_VARIABLES = field(AbstractPatchVariablesCmd.class, "variables");

        private static final Field PATCH_DELETIONS = field(AbstractPatchVariablesCmd.class, "deletions");

        private final CompletionAllowlist allowlist;

        private final ProcessEngineConfigurationImpl configuration;

        Guard(CompletionAllowlist allowlist, ProcessEngineConfigurationImpl configuration) {
            this.allowlist = allowlist;
            this.configuration = configuration;
        }

        @Override
        public <T> T execute(Command<T> command) {
            // a command inside another one is the engine's or our listeners' own work,
            // already checked at its start
            if (Context.getCommandContext() != null) {
                return next.execute(command);
            }
            check(command);
            try {
                return next.execute(command);
            }
            catch (ProcessEngineException e) {
                // the engine wraps what a task listener throws; the caller gets the
                // refusal itself (REST: 400)
                throw refusalIn(e).orElseThrow(() -> e);
            }
        }

        private static Optional<CompletionRefused> refusalIn(Throwable e) {
            for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
                if (t instanceof CompletionRefused refused) {
                    return Optional.of(refused);
                }
            }
            return Optional.empty();
        }

        private void check(Command<?> command) {
            if (command instanceof CompleteTaskCmd) { // also ResolveTaskCmd
                completion(read(COMPLETE_TASK, command), read(COMPLETE_VARIABLES, command));
            }
            else if (command instanceof SubmitTaskFormCmd) {
                completion(read(SUBMIT_TASK, command), read(SUBMIT_VARIABLES, command));
            }
            else if (command instanceof HandleTaskBpmnErrorCmd) {
                thrown(read(ERROR_TASK, command), read(ERROR_VARIABLES, command));
            }
            else if (command instanceof HandleTaskEscalationCmd) {
                thrown(read(ESCALATION_TASK, command), read(ESCALATION_VARIABLES, command));
            }
            else if (command instanceof AbstractSetVariableCmd) {
                direct(keys(read(SET_VARIABLES, command)));
            }
            else if (command instanceof AbstractRemoveVariableCmd) {
                direct(names(read(REMOVE_VARIABLES, command)));
            }
            else if (command instanceof AbstractPatchVariablesCmd) {
                Set<String> names = new LinkedHashSet<>(keys(read(PATCH_VARIABLES, command)));
                names.addAll(names(read(PATCH_DELETIONS, command)));
                direct(names);
            }
        }

        private void completion(Object taskId, Object variables) {
            Map<String, ?> given = map(variables);
            Optional<Task> task = task(taskId);
            if (task.isEmpty()) {
                return; // the command itself says that there is no such task
            }
            allowlist.completion(task.get().getTaskDefinitionKey(), name(task.get()), given).ifPresent(Guard::refuse);
        }

        private void thrown(Object taskId, Object variables) {
            Map<String, ?> given = map(variables);
            if (given.isEmpty()) {
                return;
            }
            String name = task(taskId).map(Guard::name).orElse(String.valueOf(taskId));
            allowlist.thrownFromTask(name, given).ifPresent(Guard::refuse);
        }

        private void direct(Collection<String> names) {
            Authentication user = configuration.getIdentityService().getCurrentAuthentication();
            if (user == null || user.getUserId() == null || isAdmin(user)) {
                return;
            }
            refuse(allowlist.directChange(names));
        }

        private boolean isAdmin(Authentication user) {
            List<String> users = configuration.getAdminUsers();
            List<String> groups = configuration.getAdminGroups();
            return (users != null && users.contains(user.getUserId())) || (groups != null && user.getGroupIds() != null
                    && user.getGroupIds().stream().anyMatch(groups::contains));
        }

        /**
         * The task as it is now, read without the caller's authorizations (the command
         * checks those itself).
         */
        private Optional<Task> task(Object taskId) {
            if (!(taskId instanceof String id)) {
                return Optional.empty();
            }
            return Optional.<Task>ofNullable(next.execute(context -> context.getTaskManager().findTaskById(id)));
        }

        private static String name(Task task) {
            return task.getName() == null ? task.getTaskDefinitionKey() : task.getName();
        }

        private static void refuse(CompletionAllowlist.Refusal refusal) {
            if (refusal.kind() == CompletionAllowlist.Kind.OUTCOME) {
                throw new CompletionRefused(refusal.message());
            }
            throw new AuthorizationException(refusal.message());
        }

        @SuppressWarnings("unchecked")
        private static Map<String, ?> map(Object variables) {
            return variables instanceof Map<?, ?> m ? (Map<String, ?>) m : Map.of();
        }

        private static Collection<String> keys(Object variables) {
            return map(variables).keySet();
        }

        private static Collection<String> names(Object names) {
            List<String> list = new ArrayList<>();
            if (names instanceof Collection<?> c) {
                c.forEach(n -> list.add(String.valueOf(n)));
            }
            return list;
        }

        private static Object read(Field field, Object command) {
            try {
                return field.get(command);
            }
            catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + field + " to check the command", e);
            }
        }

        private static Field field(Class<?> type, String name) {
            try {
                Field f = type.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            }
            catch (NoSuchFieldException e) {
                throw new IllegalStateException(
                        "Camunda's " + type.getSimpleName() + " has no field '" + name
                                + "' any more: the completion allowlist cannot check it; adapt CompletionGuardPlugin",
                        e);
            }
        }

    }

}
