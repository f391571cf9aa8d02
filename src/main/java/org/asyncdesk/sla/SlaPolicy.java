package org.asyncdesk.sla;

import static org.asyncdesk.conversation.ProcessVocabulary.*;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.asyncdesk.EscalationProperties;
import org.asyncdesk.conversation.ProcessVocabulary;
import org.asyncdesk.conversation.Transcript;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code ${slaPolicy}}: turns the SLA targets the {@code sla-policy} decision chose into
 * due dates and keeps the SLA state of the conversation. Used as expressions in the
 * conversation process:
 * <ul>
 * <li>{@code ${slaPolicy.startConversation(execution)}}: in {@code slaFirstResponse},
 * {@code slaNextResponse}, {@code slaResolution}, {@code slaCalendar},
 * {@code lastCustomerMessageAt}; out {@code respondDue}, {@code slaWarningAt},
 * {@code resolutionDue}, {@code resolutionStartedAt}, {@code slaRoundStartedAt},
 * {@code slaState}=on-track, {@code escalated}=false.</li>
 * <li>{@code ${slaPolicy.customerWaiting(execution)}}: a new customer message after a
 * reply starts the next-response clock: {@code respondDue}, {@code slaWarningAt},
 * {@code slaRoundStartedAt}, {@code slaState}.</li>
 * <li>{@code ${slaPolicy.handedOverByAssistant(execution)}}: the assistant handed over: a
 * first-response round from the customer's latest message: {@code respondDue},
 * {@code slaWarningAt}, {@code slaRoundStartedAt}, {@code slaState}.</li>
 * <li>{@code ${slaPolicy.warning(execution)}}: records the warning of the current round
 * once, {@code slaState} at-risk, open tasks' priority at least 75.</li>
 * <li>{@code ${slaPolicy.startCallback(execution)}}: an agent asked for a call-back:
 * {@code callbackDue} (now plus {@code asyncdesk.sla.callback-target} in business hours),
 * {@code callbackRequestedAt}.</li>
 * <li>{@code ${slaPolicy.breach(execution, 'response')}} / {@code 'resolution'} /
 * {@code 'callback'}: records the breach once, {@code escalated}=true, open tasks get
 * priority 100 and the escalation managers' group
 * ({@code asyncdesk.escalation.managers-group}) as candidate group; a response breach
 * also sets {@code slaState}=breached.</li>
 * </ul>
 * Business time comes from the calendar named by {@code slaCalendar}
 * ({@link BusinessCalendars}).
 */
@Component("slaPolicy")
public class SlaPolicy {

    public static final int PRIORITY_AT_RISK = 75;

    public static final int PRIORITY_BREACHED = 100;

    private static final Logger log = LoggerFactory.getLogger(SlaPolicy.class);

    private final BusinessCalendars calendars;

    private final SlaProperties properties;

    private final SlaAlertRepository alerts;

    private final Transcript transcript;

    private final Clock clock;

    private final String managers;

    public SlaPolicy(BusinessCalendars calendars, SlaProperties properties, SlaAlertRepository alerts,
            Transcript transcript, Clock clock, EscalationProperties escalation) {
        this.calendars = calendars;
        this.properties = properties;
        this.alerts = alerts;
        this.transcript = transcript;
        this.clock = clock;
        this.managers = escalation.managersGroup();
    }

    /**
     * Due dates of one response round (or of the resolution), as the process stores them.
     */
    public record Deadlines(Instant start, Instant warningAt, Instant due) {
    }

    /** The first response round and the resolution target of a new conversation. */
    public void startConversation(DelegateExecution execution) {
        BusinessCalendar calendar = calendar(execution);
        SlaTarget first = target(execution, VAR_FIRST_RESPONSE);
        target(execution, VAR_NEXT_RESPONSE);
        SlaTarget resolution = target(execution, VAR_RESOLUTION);
        Instant start = roundStart(execution);
        startRound(execution, deadlines(calendar, start, first));
        execution.setVariable(VAR_RESOLUTION_DUE, Date.from(resolution.dueFrom(start, calendar)));
        execution.setVariable(VAR_RESOLUTION_STARTED_AT, Date.from(start));
        execution.setVariable(VAR_ESCALATED, false);
        execution.setVariable(VAR_RESOLUTION_BREACHED, false);
    }

    /**
     * The customer wrote after a reply: the next-response clock starts at their message.
     */
    public void customerWaiting(DelegateExecution execution) {
        startRound(execution,
                deadlines(calendar(execution), roundStart(execution), target(execution, VAR_NEXT_RESPONSE)));
    }

    /**
     * The assistant handed the conversation to the team: only now does a person owe an
     * answer, so the first-response round starts at the customer's message that asked for
     * one (the assistant's time never counts as response time).
     */
    public void handedOverByAssistant(DelegateExecution execution) {
        startRound(execution,
                deadlines(calendar(execution), roundStart(execution), target(execution, VAR_FIRST_RESPONSE)));
    }

    /**
     * A call-back has its own short target, counted from the agent's request in the
     * conversation's calendar.
     */
    public void startCallback(DelegateExecution execution) {
        Instant now = clock.instant();
        Instant due = calendar(execution).add(now, properties.callbackTarget());
        execution.setVariable(VAR_CALLBACK_REQUESTED_AT, Date.from(now));
        execution.setVariable(VAR_CALLBACK_DUE, Date.from(due));
        transcript.recordEvent(conversationId(execution),
                "Call-back requested" + (execution.getVariable(VAR_AGENT) instanceof String a ? " by " + a : "")
                        + "; due by " + DueTimes.format(due, calendar(execution).zone()));
    }

    /**
     * Due and warning time of a target: the warning after {@code warning-share} of the
     * business time to the due.
     */
    public Deadlines deadlines(BusinessCalendar calendar, Instant start, SlaTarget target) {
        Instant due = target.dueFrom(start, calendar);
        Duration business = calendar.between(start, due);
        Duration warning = Duration.ofMillis(Math.round(business.toMillis() * properties.warningShare()));
        return new Deadlines(start, calendar.add(start, warning), due);
    }

    private void startRound(DelegateExecution execution, Deadlines d) {
        execution.setVariable(VAR_ROUND_STARTED_AT, Date.from(d.start()));
        execution.setVariable(VAR_WARNING_AT, Date.from(d.warningAt()));
        execution.setVariable(VAR_RESPOND_DUE, Date.from(d.due()));
        execution.setVariable(VAR_SLA_STATE, SLA_ON_TRACK);
    }

    /** The warning timer of the respond task fired. */
    public void warning(DelegateExecution execution) {
        String conversationId = conversationId(execution);
        Instant due = date(execution, VAR_RESPOND_DUE);
        boolean first = alerts.record(conversationId, execution.getProcessInstanceId(), SlaAlert.WARNING, due,
                clock.instant());
        if (!SLA_BREACHED.equals(execution.getVariable(VAR_SLA_STATE))) {
            execution.setVariable(VAR_SLA_STATE, SLA_AT_RISK);
        }
        raiseOpenTasks(execution, PRIORITY_AT_RISK, false);
        if (first) {
            transcript.recordEvent(conversationId,
                    "SLA at risk: the answer is due by " + DueTimes.format(due, calendar(execution).zone()));
            log.info("SLA warning for conversation {}", conversationId);
        }
    }

    /**
     * A breach timer fired: {@code kind} is {@code response} (the respond round) or
     * {@code resolution}.
     */
    public void breach(DelegateExecution execution, String kind) {
        String conversationId = conversationId(execution);
        String alertKind = switch (kind) {
            case "response" -> SlaAlert.RESPONSE_BREACH;
            case "resolution" -> SlaAlert.RESOLUTION_BREACH;
            case "callback" -> SlaAlert.CALLBACK_BREACH;
            default -> throw new IllegalArgumentException(
                    "slaPolicy.breach: kind must be 'response', 'resolution' or " + "'callback', was '" + kind + "'");
        };
        boolean response = "response".equals(kind);
        Instant due = date(execution, switch (kind) {
            case "response" -> VAR_RESPOND_DUE;
            case "resolution" -> VAR_RESOLUTION_DUE;
            default -> VAR_CALLBACK_DUE;
        });
        boolean first = alerts.record(conversationId, execution.getProcessInstanceId(), alertKind, due,
                clock.instant());
        if (response) {
            execution.setVariable(VAR_SLA_STATE, SLA_BREACHED);
        }
        else if ("resolution".equals(kind)) {
            execution.setVariable(VAR_RESOLUTION_BREACHED, true);
        }
        execution.setVariable(VAR_ESCALATED, true);
        raiseOpenTasks(execution, PRIORITY_BREACHED, true);
        if (first) {
            transcript.recordEvent(conversationId,
                    (response ? "SLA breached: the answer was due by "
                            : "callback".equals(kind) ? "Call-back overdue: the call was due by "
                                    : "Resolution SLA breached: the conversation was to be resolved by ")
                            + DueTimes.format(due, calendar(execution).zone()) + "; escalation managers alerted");
            log.info("SLA {} breach for conversation {}", kind, conversationId);
        }
    }

    private void raiseOpenTasks(DelegateExecution execution, int priority, boolean escalate) {
        TaskService tasks = execution.getProcessEngineServices().getTaskService();
        Object state = execution.getVariable(VAR_SLA_STATE);
        for (Task t : tasks.createTaskQuery().processInstanceId(execution.getProcessInstanceId()).list()) {
            // the list column "SLA" is a task-local copy (agents read their tasks, not
            // the instance; AgentForm)
            if (state != null) {
                tasks.setVariableLocal(t.getId(), VAR_SLA_STATE, state);
            }
            if (t.getPriority() < priority) {
                tasks.setPriority(t.getId(), priority);
            }
            if (escalate) {
                boolean has = tasks.getIdentityLinksForTask(t.getId())
                    .stream()
                    .anyMatch(l -> managers.equals(l.getGroupId()));
                if (!has) {
                    tasks.addCandidateGroup(t.getId(), managers);
                }
            }
        }
    }

    public BusinessCalendar calendar(DelegateExecution execution) {
        Object name = execution.getVariable(VAR_CALENDAR);
        return calendars.get(name == null ? null : name.toString());
    }

    /** When the customer's clock started: their message, never later than now. */
    private Instant roundStart(DelegateExecution execution) {
        Instant now = clock.instant();
        if (execution.getVariable(ProcessVocabulary.VAR_LAST_CUSTOMER_MESSAGE_AT) instanceof Date d
                && d.toInstant().isBefore(now)) {
            return d.toInstant();
        }
        return now;
    }

    static SlaTarget target(DelegateExecution execution, String variable) {
        return SlaTarget.parse(variable, execution.getVariable(variable));
    }

    private static Instant date(DelegateExecution execution, String variable) {
        if (execution.getVariable(variable) instanceof Date d) {
            return d.toInstant();
        }
        throw new IllegalStateException("process variable " + variable + " (a date) is missing");
    }

    private static String conversationId(DelegateExecution execution) {
        return ProcessVocabulary.conversationId(execution);
    }

}
