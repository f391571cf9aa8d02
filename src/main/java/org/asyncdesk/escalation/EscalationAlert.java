package org.asyncdesk.escalation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.asyncdesk.AsyncdeskProperties;
import org.asyncdesk.EscalationProperties;
import org.asyncdesk.conversation.Conversation;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.Direction;
import org.asyncdesk.conversation.ProcessVocabulary;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.customer.Customer;
import org.asyncdesk.customer.CustomerService;
import org.asyncdesk.sla.BusinessCalendars;
import org.asyncdesk.sla.DueTimes;
import org.asyncdesk.sla.SlaAlert;
import org.asyncdesk.sla.SlaAlertRepository;
import org.asyncdesk.template.MessageTemplates;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * {@code ${escalationAlert}}: sends the e-mail of every SLA warning or breach of this
 * conversation that {@code ${slaPolicy}} recorded and whose e-mail has not gone out yet,
 * and marks it sent. Breaches go to every member of the escalation managers' group
 * ({@code asyncdesk.escalation.managers-group}); warnings to the assignee of the open
 * agent task, or the members of its candidate groups when nobody claimed it (escalation
 * managers when none of them has an e-mail address).
 * <p>
 * Exactly one e-mail per recorded alert and recipient: the alert rows are locked while
 * sending (a concurrent job waits) and marked sent in the job's transaction; every e-mail
 * the mail server accepted is also recorded per recipient in a transaction of its own
 * ({@code sla_alert_mail}), so a job that fails part-way (a refused recipient, the server
 * gone after the first alert) sends only what is missing when it is retried. Only a crash
 * between the server's acceptance and that commit can repeat an e-mail. A mail server
 * that refuses or is down makes the job fail: mark the task asynchronous with a retry
 * cycle; when the retries are used up Cockpit shows an incident and the alert stays
 * pending until an operator retries it. Texts: templates {@code sla-alert-subject},
 * {@code sla-alert} (txt and html).
 */
@Component("escalationAlert")
public class EscalationAlert implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(EscalationAlert.class);

    private final SlaAlertRepository alerts;

    private final ConversationService conversations;

    private final Transcript transcript;

    private final CustomerService customers;

    private final MessageTemplates templates;

    private final BusinessCalendars calendars;

    private final ObjectProvider<JavaMailSender> mail;

    private final EscalationProperties properties;

    private final AsyncdeskProperties asyncdesk;

    private final Clock clock;

    public EscalationAlert(SlaAlertRepository alerts, ConversationService conversations, Transcript transcript,
            CustomerService customers, MessageTemplates templates, BusinessCalendars calendars,
            ObjectProvider<JavaMailSender> mail, EscalationProperties properties, AsyncdeskProperties asyncdesk,
            Clock clock) {
        this.alerts = alerts;
        this.conversations = conversations;
        this.transcript = transcript;
        this.customers = customers;
        this.templates = templates;
        this.calendars = calendars;
        this.mail = mail;
        this.properties = properties;
        this.asyncdesk = asyncdesk;
        this.clock = clock;
    }

    /** A rendered alert e-mail. */
    public record AlertMail(List<String> to, String subject, String text, String html) {
    }

    @Override
    public void execute(DelegateExecution execution) {
        String conversationId = ProcessVocabulary.conversationId(execution);
        List<SlaAlert> pending = alerts.pendingForUpdate(conversationId);
        if (pending.isEmpty()) {
            return;
        }
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new IllegalStateException(
                    "cannot send the SLA alert e-mail: no mail server configured (spring.mail.host)");
        }
        for (SlaAlert alert : pending) {
            AlertMail m = render(alert, execution);
            Set<String> sent = alerts.sentTo(alert.id());
            List<String> missing = m.to().stream().filter(r -> !sent.contains(r.toLowerCase(Locale.ROOT))).toList();
            if (!missing.isEmpty()) {
                send(sender, alert, new AlertMail(missing, m.subject(), m.text(), m.html()));
            }
            alerts.markAlerted(alert.id(), clock.instant(), String.join(", ", m.to()));
            log.info("SLA {} alert for conversation {} sent to {} recipient(s)", alert.kind(), conversationId,
                    missing.size());
        }
    }

    AlertMail render(SlaAlert alert, DelegateExecution execution) {
        var engine = execution.getProcessEngineServices();
        TaskService taskService = engine.getTaskService();
        IdentityService identity = engine.getIdentityService();
        Conversation conversation = conversations.find(alert.conversationId()).orElseThrow();
        Customer customer = customers.find(conversation.customerId()).orElseThrow();
        List<Task> open = taskService.createTaskQuery()
            .processInstanceId(alert.processInstanceId())
            .initializeFormKeys()
            .list();
        Task task = open.isEmpty() ? null : open.get(0);

        Object calendarName = execution.getVariable(ProcessVocabulary.VAR_CALENDAR);
        ZoneId zone = calendars.get(calendarName == null ? null : calendarName.toString()).zone();
        Instant now = clock.instant();
        Instant waitingSince = waitingSince(execution, alert, now);
        List<TranscriptMessage> messages = transcript.of(alert.conversationId());
        String lastMessage = messages.stream()
            .filter(m -> m.direction() == Direction.IN)
            .map(TranscriptMessage::body)
            .reduce((a, b) -> b)
            .map(EscalationAlert::excerpt)
            .orElse("(none)");

        List<String> to;
        String role;
        if (alert.isBreach()) {
            to = emailsOfGroup(identity, properties.managersGroup());
            role = "member of " + properties.managersGroup();
        }
        else {
            to = warningRecipients(identity, taskService, task);
            role = "agent responsible for the conversation";
            if (to.isEmpty()) {
                to = emailsOfGroup(identity, properties.managersGroup());
                role = "member of " + properties.managersGroup() + " (nobody on the team has an e-mail address)";
            }
        }
        if (to.isEmpty()) {
            throw new IllegalStateException("nobody to alert about the SLA " + alert.kind() + " of conversation "
                    + alert.conversationId() + ": give the members of " + properties.managersGroup()
                    + " an e-mail address in Camunda Admin");
        }

        String headline = switch (alert.kind()) {
            case SlaAlert.WARNING -> "SLA at risk: answer due " + DueTimes.format(alert.dueAt(), zone);
            case SlaAlert.RESPONSE_BREACH -> "SLA breached: the answer was due " + DueTimes.format(alert.dueAt(), zone);
            case SlaAlert.CALLBACK_BREACH ->
                "Call-back overdue: the call was due " + DueTimes.format(alert.dueAt(), zone);
            default -> "Resolution SLA breached: resolution was due " + DueTimes.format(alert.dueAt(), zone);
        };
        String subjectHeadline = switch (alert.kind()) {
            case SlaAlert.WARNING -> "SLA at risk";
            case SlaAlert.RESPONSE_BREACH -> "SLA breached";
            case SlaAlert.CALLBACK_BREACH -> "Call-back overdue";
            default -> "Resolution SLA breached";
        };
        String handledBy = task == null ? "nobody (waiting for the customer)" : task.getAssignee() != null
                ? task.getAssignee() : "unclaimed, group " + candidateGroups(taskService, task);
        String channel = String.valueOf(execution.getVariable(ProcessVocabulary.VAR_CHANNEL));
        Map<String, Object> values = new HashMap<>();
        values.put("headline", headline);
        values.put("color", alert.isBreach() ? "#b00020" : "#b36b00");
        values.put("conversationId", alert.conversationId());
        values.put("conversationShort",
                alert.conversationId().substring(0, Math.min(8, alert.conversationId().length())));
        values.put("channel", channel);
        values.put("customerName", customer.displayName());
        values.put("customerTier", customer.tier());
        values.put("waiting", DueTimes.waiting(Duration.between(waitingSince, now)));
        values.put("waitingSince", DueTimes.format(waitingSince, zone));
        values.put("dueAt", DueTimes.format(alert.dueAt(), zone));
        values.put("handledBy", handledBy);
        values.put("priority", String.valueOf(execution.getVariable(ProcessVocabulary.VAR_PRIORITY)));
        values.put("intent", String.valueOf(execution.getVariable(ProcessVocabulary.VAR_INTENT)));
        values.put("lastMessage", lastMessage);
        values.put("taskLink", task == null ? asyncdesk.link("/camunda/app/tasklist/default/")
                : asyncdesk.link("/camunda/app/tasklist/default/#/?task=" + task.getId()));
        values.put("cockpitLink",
                asyncdesk.link("/camunda/app/cockpit/default/#/process-instance/" + alert.processInstanceId()));
        values.put("recipientRole", role);
        values.put("subjectHeadline", subjectHeadline);
        Map<String, Object> subjectValues = new HashMap<>(values);
        subjectValues.put("headline", subjectHeadline);
        String subject = templates.text("sla-alert-subject", "en", subjectValues).strip().replaceAll("\\s+", " ");
        return new AlertMail(to, subject, templates.text("sla-alert", "en", values),
                templates.html("sla-alert", "en", values));
    }

    /**
     * Sends one e-mail to the given recipients and records, committed at once, who has
     * it: all of them, or after a partial failure (a refused recipient;
     * {@code mail.smtp.sendpartial} lets the others have it) the accepted ones, before
     * the failure fails the job. Its retry then sends only to the rest.
     */
    private void send(JavaMailSender sender, SlaAlert alert, AlertMail m) {
        MimeMessage message = sender.createMimeMessage();
        try {
            MimeMessageHelper helper = new MimeMessageHelper(message, true, "UTF-8");
            helper.setFrom(properties.from());
            helper.setTo(m.to().toArray(String[]::new));
            helper.setSubject(m.subject());
            helper.setText(m.text(), m.html());
            message.setHeader("X-Asyncdesk-Alert", alert.kind() + "-" + alert.id());
        }
        catch (MessagingException e) {
            throw new IllegalStateException("cannot build the SLA alert e-mail: " + e.getMessage(), e);
        }
        try {
            sender.send(message);
        }
        catch (MailSendException e) {
            List<String> accepted = Arrays.stream(e.getMessageExceptions())
                .filter(SendFailedException.class::isInstance)
                .map(SendFailedException.class::cast)
                .flatMap(f -> f.getValidSentAddresses() == null ? Stream.empty()
                        : Arrays.stream(f.getValidSentAddresses()))
                .map(a -> a instanceof InternetAddress ia ? ia.getAddress() : a.toString())
                .toList();
            if (!accepted.isEmpty()) {
                alerts.recordSent(alert.id(), accepted, clock.instant());
            }
            log.warn(
                    "SLA {} alert {}: the mail server accepted {} of {} recipient(s); the job's retry sends to the rest",
                    alert.kind(), alert.id(), accepted.size(), m.to().size());
            throw e;
        }
        alerts.recordSent(alert.id(), m.to(), clock.instant());
    }

    private static Instant waitingSince(DelegateExecution execution, SlaAlert alert, Instant now) {
        String variable = switch (alert.kind()) {
            case SlaAlert.RESOLUTION_BREACH -> ProcessVocabulary.VAR_RESOLUTION_STARTED_AT;
            case SlaAlert.CALLBACK_BREACH -> ProcessVocabulary.VAR_CALLBACK_REQUESTED_AT;
            default -> ProcessVocabulary.VAR_ROUND_STARTED_AT;
        };
        if (execution.getVariable(variable) instanceof Date d) {
            return d.toInstant();
        }
        if (execution.getVariable(ProcessVocabulary.VAR_ROUND_STARTED_AT) instanceof Date d) {
            return d.toInstant();
        }
        return now;
    }

    private static List<String> warningRecipients(IdentityService identity, TaskService tasks, Task task) {
        if (task == null) {
            return List.of();
        }
        Set<String> emails = new LinkedHashSet<>();
        if (task.getAssignee() != null) {
            email(identity, task.getAssignee()).ifPresent(emails::add);
            return new ArrayList<>(emails);
        }
        tasks.getIdentityLinksForTask(task.getId())
            .stream()
            .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()))
            .forEach(l -> {
                if (l.getUserId() != null) {
                    email(identity, l.getUserId()).ifPresent(emails::add);
                }
                if (l.getGroupId() != null) {
                    emails.addAll(emailsOfGroup(identity, l.getGroupId()));
                }
            });
        return new ArrayList<>(emails);
    }

    private static String candidateGroups(TaskService tasks, Task task) {
        return tasks.getIdentityLinksForTask(task.getId())
            .stream()
            .filter(l -> IdentityLinkType.CANDIDATE.equals(l.getType()) && l.getGroupId() != null)
            .map(l -> l.getGroupId())
            .collect(Collectors.joining(", "));
    }

    private static Optional<String> email(IdentityService identity, String userId) {
        User u = identity.createUserQuery().userId(userId).singleResult();
        return u == null || u.getEmail() == null || u.getEmail().isBlank() ? Optional.empty()
                : Optional.of(u.getEmail());
    }

    private static List<String> emailsOfGroup(IdentityService identity, String group) {
        return identity.createUserQuery()
            .memberOfGroup(group)
            .orderByUserId()
            .asc()
            .list()
            .stream()
            .map(User::getEmail)
            .filter(e -> e != null && !e.isBlank())
            .distinct()
            .toList();
    }

    static String excerpt(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 280 ? oneLine.substring(0, 280) + "…" : oneLine;
    }

}
