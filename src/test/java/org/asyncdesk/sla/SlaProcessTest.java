package org.asyncdesk.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.asyncdesk.DeploymentProperties;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.DeliveryState;
import org.asyncdesk.conversation.Direction;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.support.Conversations;
import org.asyncdesk.support.MailServer;
import org.asyncdesk.support.ProcessTest;
import org.asyncdesk.workflow.DeployedFiles;
import org.asyncdesk.workflow.FileSystemDeployer;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The SLA of bpmn/conversation.bpmn with the shipped sla-policy.dmn and the "support"
 * calendar (Europe/Berlin, Monday to Friday 09:00-18:00): a web chat message of a
 * standard customer gets 4 business hours for the first and every next response and 3
 * business days (27 h) for the resolution. The clock starts on Tuesday 24 November 2026,
 * 10:00 in Berlin, so the first answer is due at 14:00 and the warning comes at 13:00 (75
 * %).
 */
@ProcessTest
class SlaProcessTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Autowired
    Conversations steps;

    @Autowired
    ConversationService conversations;

    @Autowired
    Transcript transcript;

    @Autowired
    RuntimeService runtime;

    @Autowired
    TaskService tasks;

    @Autowired
    ManagementService management;

    @Autowired
    RepositoryService repository;

    @Autowired
    DeployedFiles deployedFiles;

    @Autowired
    SlaAlertRepository alerts;

    @Autowired
    JavaMailSender mailSender;

    @TempDir
    Path folder;

    static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    @BeforeEach
    void tuesdayMorning() throws Exception {
        ClockUtil.setCurrentTime(Date.from(berlin("2026-11-24T10:00")));
        MailServer.get().purgeEmailFromAllMailboxes();
    }

    @AfterEach
    void tearDown() {
        Conversations.resetClock();
    }

    private Object variable(String conversationId, String name) {
        var pi = runtime.createProcessInstanceQuery().processInstanceBusinessKey(conversationId).singleResult();
        return runtime.getVariable(pi.getId(), name);
    }

    private Instant date(String conversationId, String name) {
        return ((Date) variable(conversationId, name)).toInstant();
    }

    /**
     * Alert e-mails about this conversation (other tests' conversations may alert at the
     * same time).
     */
    private List<MimeMessage> alertsAbout(String conversationId) throws Exception {
        // GreenMail keeps one copy per recipient: one e-mail is one Message-ID
        String shortId = conversationId.substring(0, 8);
        var seen = new HashSet<String>();
        return Arrays.stream(MailServer.get().getReceivedMessages())
            .filter(m -> subject(m).contains(shortId))
            .filter(m -> seen.add(messageId(m)))
            .toList();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String messageId(MimeMessage m) {
        try {
            return m.getMessageID();
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> to(MimeMessage m) throws Exception {
        return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Address::toString).sorted().toList();
    }

    private static String part(MimeMessage m, String type) throws Exception {
        return find((Multipart) m.getContent(), type);
    }

    private static String find(Multipart mp, String type) throws Exception {
        for (int i = 0; i < mp.getCount(); i++) {
            var p = mp.getBodyPart(i);
            if (p.getContent() instanceof Multipart inner) {
                String s = find(inner, type);
                if (s != null) {
                    return s;
                }
            }
            else if (p.isMimeType(type)) {
                return p.getContent().toString();
            }
        }
        return null;
    }

    private List<String> candidateGroups(Task t) {
        return tasks.getIdentityLinksForTask(t.getId())
            .stream()
            .map(IdentityLink::getGroupId)
            .filter(g -> g != null)
            .sorted()
            .toList();
    }

    private List<TranscriptMessage> transcript(String id, Direction direction) {
        return transcript.of(id).stream().filter(m -> m.direction() == direction).toList();
    }

    @Test
    void aNewConversationGetsItsTargetsDueDatesTeamAndAnAcknowledgement() {
        String id = steps.open("Clara Kunde", "Where is my order 1234?");

        assertThat(variable(id, "intent")).isEqualTo("order-status");
        assertThat(variable(id, "priority")).isEqualTo("normal");
        assertThat(variable(id, "customerTier")).isEqualTo("standard");
        assertThat(variable(id, "slaFirstResponse")).isEqualTo("PT4H");
        assertThat(variable(id, "slaNextResponse")).isEqualTo("PT4H");
        assertThat(variable(id, "slaResolution")).isEqualTo("P3D");
        assertThat(variable(id, "slaCalendar")).isEqualTo("support");
        assertThat(date(id, "respondDue")).isEqualTo(berlin("2026-11-24T14:00"));
        assertThat(date(id, "slaWarningAt")).isEqualTo(berlin("2026-11-24T13:00"));
        // three working days
        assertThat(date(id, "resolutionDue")).isEqualTo(berlin("2026-11-27T10:00"));
        assertThat(variable(id, "slaState")).isEqualTo("on-track");
        assertThat(variable(id, "escalated")).isEqualTo(false);

        Task task = steps.task(id);
        assertThat(task.getDueDate().toInstant()).isEqualTo(berlin("2026-11-24T14:00"));
        assertThat(task.getPriority()).isEqualTo(50);
        assertThat(candidateGroups(task)).containsExactly("agents");
        // SLA timers go before other jobs (job priority 100, acquisition by priority)
        assertThat(management.createJobQuery().processInstanceId(task.getProcessInstanceId()).timers().list())
            .extracting(Job::getPriority)
            .containsOnly(100L)
            .hasSize(3);

        assertThat(transcript(id, Direction.OUT)).singleElement().satisfies(ack -> {
            assertThat(ack.author()).isEqualTo("Asyncdesk");
            assertThat(ack.deliveryState()).isEqualTo(DeliveryState.SENT);
            assertThat(ack.body()).startsWith("Hello Clara Kunde")
                .contains("Tuesday 24 November, 14:00 (Europe/Berlin)");
        });
    }

    @Test
    void theAcknowledgementSpeaksTheCustomersLanguageAndGermanGoesToTheGermanTeam() {
        String de = steps.open("Klaus Kunde", "Wo bleibt meine Bestellung?", "de");
        String bg = steps.open("Мария Иванова", "Къде е моята поръчка?", "bg");
        String fr = steps.open("Jeanne Client", "Où est ma commande ?", "fr");

        assertThat(transcript(de, Direction.OUT).get(0).body()).startsWith("Hallo Klaus Kunde")
            .contains("Dienstag, 24. November, 14:00 Uhr (Europe/Berlin)");
        assertThat(transcript(bg, Direction.OUT).get(0).body()).startsWith("Здравейте, Мария Иванова")
            .contains("вторник, 24 ноември, 14:00 ч. (Europe/Berlin)");
        assertThat(transcript(fr, Direction.OUT).get(0).body()).startsWith("Hello Jeanne Client");
        assertThat(candidateGroups(steps.task(de))).containsExactly("agents-de");
        assertThat(candidateGroups(steps.task(bg))).containsExactly("agents");
    }

    @Test
    void aComplaintGoesToTier2WithAShorterTarget() {
        String id = steps.open("Clara Kunde", "This is unacceptable, I want to complain!");

        assertThat(variable(id, "intent")).isEqualTo("complaint");
        assertThat(variable(id, "priority")).isEqualTo("high");
        assertThat(date(id, "respondDue")).isEqualTo(berlin("2026-11-24T12:00"));
        assertThat(candidateGroups(steps.task(id))).containsExactly("tier2");
        assertThat(steps.task(id).getPriority()).isEqualTo(60);
    }

    @Test
    void theWarningMarksTheConversationAtRiskAndWarnsTheTeamWhileUnclaimed() throws Exception {
        String id = steps.open("Clara Kunde", "Where is my order?");

        steps.timePasses(Duration.ofMinutes(179));
        assertThat(variable(id, "slaState")).isEqualTo("on-track");
        assertThat(alertsAbout(id)).isEmpty();

        steps.timePasses(Duration.ofMinutes(2));
        assertThat(variable(id, "slaState")).isEqualTo("at-risk");
        assertThat(steps.task(id).getPriority()).isEqualTo(75);
        assertThat(alertsAbout(id)).singleElement().satisfies(m -> {
            assertThat(subject(m))
                .startsWith("[Asyncdesk] SLA at risk: conversation " + id.substring(0, 8) + " (webchat)");
            assertThat(to(m)).containsExactly("anna@asyncdesk.example", "ben@asyncdesk.example");
        });
        assertThat(transcript.of(id)).anySatisfy(m -> assertThat(m.body()).startsWith("SLA at risk"));
    }

    @Test
    void theWarningGoesToTheAssigneeOnceClaimed() throws Exception {
        String id = steps.open("Clara Kunde", "Where is my order?");
        tasks.claim(steps.task(id).getId(), "ben");

        steps.timePasses(Duration.ofMinutes(181));

        assertThat(alertsAbout(id)).singleElement()
            .satisfies(m -> assertThat(to(m)).containsExactly("ben@asyncdesk.example"));
    }

    @Test
    void theBreachAlertsEveryEscalationManagerOnceRaisesPriorityAndAddsTheirGroup() throws Exception {
        String id = steps.open("Clara Kunde", "Where is my order 1234? I ordered it two weeks ago.");
        steps.timePasses(Duration.ofMinutes(150));
        tasks.claim(steps.task(id).getId(), "anna");

        steps.timePasses(Duration.ofMinutes(91));

        assertThat(variable(id, "slaState")).isEqualTo("breached");
        assertThat(variable(id, "escalated")).isEqualTo(true);
        Task task = steps.task(id);
        assertThat(task.getPriority()).isEqualTo(100);
        assertThat(candidateGroups(task)).containsExactly("agents", "escalation-managers");
        var breach = alertsAbout(id).stream().filter(m -> subject(m).contains("SLA breached")).toList();
        assertThat(breach).singleElement().satisfies(m -> {
            assertThat(to(m)).containsExactly("maria@asyncdesk.example");
            assertThat(subject(m)).isEqualTo(
                    "[Asyncdesk] SLA breached: conversation " + id.substring(0, 8) + " (webchat), waiting 4 h 1 min");
            String text = part(m, "text/plain");
            assertThat(text).contains("Clara Kunde (tier: standard)")
                .contains("Where is my order 1234? I ordered it two weeks ago.")
                .contains("Handled by:     anna")
                .contains("Tue 24 Nov 2026, 14:00 (Europe/Berlin)")
                .contains("http://localhost:8080/camunda/app/tasklist/default/#/?task=" + task.getId())
                .contains("http://localhost:8080/camunda/app/cockpit/default/#/process-instance/"
                        + task.getProcessInstanceId());
            assertThat(part(m, "text/html"))
                .contains(
                        "<a href=\"http://localhost:8080/camunda/app/tasklist/default/#/?task=" + task.getId() + "\">")
                .contains("Clara Kunde");
        });
        assertThat(alerts.ofConversation(id)).extracting(SlaAlert::kind).containsExactly("warning", "response-breach");
        assertThat(alerts.ofConversation(id)).allSatisfy(a -> assertThat(a.alertedAt()).isNotNull());
        assertThat(transcript.of(id)).anySatisfy(m -> assertThat(m.body()).startsWith("SLA breached"));

        // hours later nothing is sent again
        steps.timePasses(Duration.ofHours(3));
        assertThat(alertsAbout(id).stream().filter(m -> subject(m).contains("SLA breached"))).hasSize(1);
    }

    @Test
    void handoverKeepsTheSlaClockStoresTheNoteInternallyAndNeverAlertsTwice() throws Exception {
        String id = steps.open("Clara Kunde", "Where is my order?");
        steps.timePasses(Duration.ofMinutes(250)); // breached at 14:00
        assertThat(alertsAbout(id).stream().filter(m -> subject(m).contains("SLA breached"))).hasSize(1);

        steps.agentCompletes(id, "anna", Map.of("outcome", "handover", "handoverGroup", "tier2", "handoverNote",
                "Customer is a reseller, please check the B2B order.", "internalNote", ""));

        Task next = steps.task(id);
        assertThat(next.getDueDate().toInstant()).isEqualTo(berlin("2026-11-24T14:00"));
        assertThat(candidateGroups(next)).containsExactly("escalation-managers", "tier2");
        assertThat(next.getPriority()).isEqualTo(100);
        assertThat(variable(id, "slaState")).isEqualTo("breached");
        // the re-created timers fired at once, but nothing was recorded or sent twice
        steps.executeJobs();
        assertThat(alertsAbout(id).stream().filter(m -> subject(m).contains("SLA breached"))).hasSize(1);
        assertThat(alerts.ofConversation(id)).hasSize(2);

        assertThat(transcript(id, Direction.NOTE)).singleElement().satisfies(n -> {
            assertThat(n.author()).isEqualTo("anna");
            assertThat(n.body())
                .isEqualTo("Handover to group tier2: Customer is a reseller, please check the B2B order.");
            assertThat(n.visibleToCustomer()).isFalse();
        });
        assertThat(transcript(id, Direction.EVENT)).extracting(TranscriptMessage::body)
            .contains("Taken by anna", "Handed over by anna to group tier2 (SLA due time unchanged)");
        assertThat(tasks.getVariableLocal(next.getId(), "transcript").toString()).contains("B2B order");

        // handover to a person: the task is assigned to them
        steps.agentCompletes(id, "escalation-lead",
                Map.of("outcome", "handover", "handoverUser", "ben", "handoverNote", "Ben knows this reseller."));
        assertThat(steps.task(id).getAssignee()).isEqualTo("ben");
        assertThat(steps.task(id).getDueDate().toInstant()).isEqualTo(berlin("2026-11-24T14:00"));
    }

    @Test
    void handoverBeforeTheDueTimeKeepsTheDueTime() {
        String id = steps.open("Clara Kunde", "Where is my order?");
        steps.timePasses(Duration.ofMinutes(60));
        steps.agentCompletes(id, "anna",
                Map.of("outcome", "handover", "handoverGroup", "agents-de", "handoverNote", "Speaks German."));
        assertThat(steps.task(id).getDueDate().toInstant()).isEqualTo(berlin("2026-11-24T14:00"));
        assertThat(date(id, "respondDue")).isEqualTo(berlin("2026-11-24T14:00"));
        assertThat(variable(id, "slaState")).isEqualTo("on-track");
    }

    @Test
    void aHandoverWithoutTargetOrNoteIsRefused() {
        String id = steps.open("Clara Kunde", "Hi");
        String task = steps.task(id).getId();
        tasks.claim(task, "anna");

        assertThatThrownBy(() -> tasks.complete(task, Map.of("outcome", "handover", "handoverNote", "x")))
            .isInstanceOf(ProcessEngineException.class)
            .hasMessageContaining("Hand over to a group or a person");
        assertThatThrownBy(() -> tasks.complete(task, Map.of("outcome", "handover", "handoverGroup", "tier2")))
            .isInstanceOf(ProcessEngineException.class)
            .hasMessageContaining("handover note");
        assertThatThrownBy(() -> tasks.complete(task,
                Map.of("outcome", "handover", "handoverGroup", "nobody", "handoverNote", "x")))
            .isInstanceOf(ProcessEngineException.class)
            .hasMessageContaining("no group 'nobody'");
        assertThat(steps.task(id).getId()).isEqualTo(task);
        assertThat(transcript(id, Direction.NOTE)).isEmpty();
    }

    @Test
    void theClockStandsStillWhileWaitingForTheCustomerAndTheNextResponseTargetStartsWithTheirMessage()
            throws Exception {
        String id = steps.open("Clara Kunde", "Where is my order?");
        steps.timePasses(Duration.ofMinutes(30));
        steps.reply(id, "anna", "It ships today.");

        // a whole business day without an answer from the customer: no warning, no breach
        steps.timePasses(Duration.ofHours(26)); // Wednesday 12:30
        assertThat(alertsAbout(id)).isEmpty();
        assertThat(alerts.ofConversation(id)).isEmpty();

        steps.customerWrites(id, "It has not arrived yet.");

        assertThat(date(id, "respondDue")).isEqualTo(berlin("2026-11-25T16:30"));
        assertThat(date(id, "slaWarningAt")).isEqualTo(berlin("2026-11-25T15:30"));
        assertThat(steps.task(id).getDueDate().toInstant()).isEqualTo(berlin("2026-11-25T16:30"));
        assertThat(variable(id, "slaState")).isEqualTo("on-track");

        // the next-response round has its own warning and breach
        steps.timePasses(Duration.ofMinutes(241));
        assertThat(variable(id, "slaState")).isEqualTo("breached");
        assertThat(alerts.ofConversation(id)).extracting(SlaAlert::kind).containsExactly("warning", "response-breach");
        assertThat(alerts.ofConversation(id))
            .allSatisfy(a -> assertThat(a.dueAt()).isEqualTo(berlin("2026-11-25T16:30")));
    }

    @Test
    void anAnswerInTimeEndsTheRoundWithoutAlerts() throws Exception {
        String id = steps.open("Clara Kunde", "Where is my order?");
        steps.timePasses(Duration.ofMinutes(170));
        steps.reply(id, "anna", "It ships today.");
        steps.timePasses(Duration.ofHours(5));
        assertThat(alerts.ofConversation(id)).isEmpty();
        assertThat(alertsAbout(id)).isEmpty();
    }

    @Test
    void theResolutionTargetSpansTheWholeConversationWithItsOwnAlert() throws Exception {
        String id = steps.open("Clara Kunde", "Where is my order?");
        steps.timePasses(Duration.ofMinutes(20));
        steps.reply(id, "anna", "Let me check with the warehouse.");
        steps.timePasses(Duration.ofHours(24));
        steps.customerWrites(id, "Any news?");
        steps.timePasses(Duration.ofMinutes(20));
        steps.reply(id, "anna", "Still checking.");

        steps.timePasses(Duration.ofHours(48)); // Friday 10:40, resolution was due at
                                                // 10:00

        var resolution = alertsAbout(id).stream().filter(m -> subject(m).contains("Resolution SLA breached")).toList();
        assertThat(resolution).singleElement().satisfies(m -> {
            assertThat(to(m)).containsExactly("maria@asyncdesk.example");
            assertThat(part(m, "text/plain")).contains("Fri 27 Nov 2026, 10:00 (Europe/Berlin)")
                .contains("nobody (waiting for the customer)");
        });
        assertThat(variable(id, "escalated")).isEqualTo(true);
        assertThat(variable(id, "resolutionBreached")).isEqualTo(true);
        assertThat(alerts.ofConversation(id)).extracting(SlaAlert::kind).containsExactly("resolution-breach");
    }

    @Test
    void whenTheMailServerIsDownTheAlertIsRetriedThenAnIncidentAndSentOnceItIsBack() throws Exception {
        JavaMailSenderImpl sender = (JavaMailSenderImpl) mailSender;
        int port = sender.getPort();
        String id = steps.open("Clara Kunde", "Where is my order?");
        String processInstance = runtime.createProcessInstanceQuery()
            .processInstanceBusinessKey(id)
            .singleResult()
            .getId();
        sender.setPort(closedPort());
        try {
            ClockUtil.setCurrentTime(Date.from(berlin("2026-11-24T14:01")));
            for (int i = 0; i < 12; i++) {
                steps.executeJobsIgnoringFailures();
                ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plusSeconds(61)));
            }
            // the breach is recorded and escalated even though no mail could be sent
            assertThat(variable(id, "slaState")).isEqualTo("breached");
            assertThat(alerts.ofConversation(id)).extracting(SlaAlert::alertedAt).containsOnlyNulls();
            assertThat(runtime.createIncidentQuery().processInstanceId(processInstance).list()).isNotEmpty();
            assertThat(alertsAbout(id)).isEmpty();
        }
        finally {
            sender.setPort(port);
        }
        for (Job failed : management.createJobQuery().processInstanceId(processInstance).noRetriesLeft().list()) {
            management.setJobRetries(failed.getId(), 1);
        }
        steps.executeJobsIgnoringFailures();

        assertThat(runtime.createIncidentQuery().processInstanceId(processInstance).count()).isZero();
        assertThat(alertsAbout(id).stream().filter(m -> subject(m).contains("SLA breached"))).hasSize(1);
        assertThat(alerts.ofConversation(id)).allSatisfy(a -> assertThat(a.alertedAt()).isNotNull());
    }

    @Test
    void aChangedSlaPolicyRowIsUsedByTheNextConversation() throws Exception {
        Files.createDirectories(folder.resolve("bpmn"));
        Files.createDirectories(folder.resolve("forms"));
        for (String f : List.of("bpmn/conversation.bpmn", "bpmn/sla-policy.dmn", "bpmn/routing.dmn",
                "forms/respond.form")) {
            Files.copy(Path.of(f), folder.resolve(f));
        }
        Path dmn = folder.resolve("bpmn/sla-policy.dmn");
        String original = Files.readString(dmn);
        String changed = original.replace("<outputEntry id=\"Rule_Messaging_firstResponse\"><text>\"PT4H\"</text>",
                "<outputEntry id=\"Rule_Messaging_firstResponse\"><text>\"PT1H\"</text>");
        assertThat(changed).isNotEqualTo(original);
        Files.writeString(dmn, changed);
        String before = steps.open("Clara Kunde", "Where is my order?");
        try {
            var result = new FileSystemDeployer(repository, deployedFiles,
                    DeploymentProperties.unwatched(folder.toString()))
                .deploy();
            assertThat(result.versions()).anySatisfy(v -> assertThat(v).startsWith("decision sla-policy v"));

            String after = steps.open("Clara Kunde", "Where is my order?");

            assertThat(variable(before, "slaFirstResponse")).isEqualTo("PT4H");
            assertThat(variable(after, "slaFirstResponse")).isEqualTo("PT1H");
            assertThat(date(after, "respondDue")).isEqualTo(berlin("2026-11-24T11:00"));
            assertThat(steps.task(after).getDueDate().toInstant()).isEqualTo(berlin("2026-11-24T11:00"));
            assertThat(transcript(after, Direction.OUT).get(0).body()).contains("11:00");
        }
        finally {
            // the other tests in this JVM expect the shipped policy
            Files.writeString(dmn, original);
            new FileSystemDeployer(repository, deployedFiles, DeploymentProperties.unwatched(folder.toString()))
                .deploy();
        }
    }

    private static int closedPort() throws Exception {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

}
