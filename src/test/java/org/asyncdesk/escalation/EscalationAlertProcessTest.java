package org.asyncdesk.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import jakarta.mail.internet.MimeMessage;

import org.asyncdesk.sla.SlaAlert;
import org.asyncdesk.sla.SlaAlertRepository;
import org.asyncdesk.support.Conversations;
import org.asyncdesk.support.MailServer;
import org.asyncdesk.support.ProcessTest;
import org.asyncdesk.support.RefusingSmtp;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Alert e-mails when the mail server fails part-way: every recipient gets each alert
 * exactly once, however often the job is retried. The clock starts at the real time and
 * jumps to the conversation's own warning and due times, so the calendar date does not
 * matter.
 */
@ProcessTest
class EscalationAlertProcessTest {

    @Autowired
    Conversations steps;

    @Autowired
    RuntimeService runtime;

    @Autowired
    SlaAlertRepository alerts;

    @Autowired
    JavaMailSender mailSender;

    private JavaMailSenderImpl sender;

    private int greenMailPort;

    private RefusingSmtp smtp;

    @BeforeEach
    void setUp() throws IOException {
        ClockUtil.setCurrentTime(new Date());
        sender = (JavaMailSenderImpl) mailSender;
        greenMailPort = sender.getPort();
        smtp = new RefusingSmtp();
    }

    @AfterEach
    void tearDown() throws IOException {
        sender.setPort(greenMailPort);
        smtp.close();
        Conversations.resetClock();
    }

    @Test
    void aRefusedRecipientGetsTheAlertOnceAcceptedAndTheOthersOnlyOnce() throws Exception {
        String id = steps.open("Clara Kunde", "Where is my order?");
        smtp.refuse("ben@asyncdesk.example");
        sender.setPort(smtp.port());

        at(instant(id, "slaWarningAt").plusSeconds(1));
        assertThat(received("anna@asyncdesk.example", id, "SLA at risk")).isEqualTo(1);
        assertThat(received("ben@asyncdesk.example", id, "SLA at risk")).isZero();

        // retries while the address is still refused send nothing to anna again
        later();
        later();
        assertThat(received("anna@asyncdesk.example", id, "SLA at risk")).isEqualTo(1);

        smtp.accept("ben@asyncdesk.example");
        later();
        assertThat(received("ben@asyncdesk.example", id, "SLA at risk")).isEqualTo(1);
        assertThat(received("anna@asyncdesk.example", id, "SLA at risk")).isEqualTo(1);
        assertThat(alerts.ofConversation(id)).singleElement().satisfies(a -> {
            assertThat(a.alertedAt()).isNotNull();
            assertThat(a.recipients()).isEqualTo("anna@asyncdesk.example, ben@asyncdesk.example");
        });
    }

    @Test
    void whenTheSecondAlertOfAJobFailsItsRetryDoesNotSendTheFirstAgain() throws Exception {
        String id = steps.open("Clara Kunde", "Where is my order?");
        String pi = runtime.createProcessInstanceQuery().processInstanceBusinessKey(id).singleResult().getId();

        // the warning cannot leave (server down), so it is still pending when the breach
        // comes
        sender.setPort(closedPort());
        at(instant(id, "slaWarningAt").plusSeconds(1));
        assertThat(received("anna@asyncdesk.example", id, "SLA at risk")).isZero();

        // the server is back but refuses the escalation manager: the warning goes out,
        // the breach alert fails
        smtp.refuse("maria@asyncdesk.example");
        sender.setPort(smtp.port());
        at(instant(id, "respondDue").plusSeconds(1));
        later();
        later();
        assertThat(received("anna@asyncdesk.example", id, "SLA at risk")).isEqualTo(1);
        assertThat(received("ben@asyncdesk.example", id, "SLA at risk")).isEqualTo(1);
        assertThat(received("maria@asyncdesk.example", id, "SLA breached")).isZero();

        smtp.accept("maria@asyncdesk.example");
        later();
        assertThat(received("maria@asyncdesk.example", id, "SLA breached")).isEqualTo(1);
        assertThat(received("maria@asyncdesk.example", id, "SLA at risk")).isLessThanOrEqualTo(1);
        assertThat(received("anna@asyncdesk.example", id, "SLA at risk")).isEqualTo(1);
        assertThat(received("ben@asyncdesk.example", id, "SLA at risk")).isEqualTo(1);
        assertThat(alerts.ofConversation(id)).extracting(SlaAlert::kind).containsExactly("warning", "response-breach");
        assertThat(alerts.ofConversation(id)).allSatisfy(a -> assertThat(a.alertedAt()).isNotNull());
        assertThat(runtime.createIncidentQuery().processInstanceId(pi).count()).isZero();
    }

    private Instant instant(String conversationId, String variable) {
        String pi = runtime.createProcessInstanceQuery()
            .processInstanceBusinessKey(conversationId)
            .singleResult()
            .getId();
        return ((Date) runtime.getVariable(pi, variable)).toInstant();
    }

    /**
     * The clock jumps to this instant and the due jobs run; failing ones lose a retry as
     * with the job executor.
     */
    private void at(Instant instant) {
        ClockUtil.setCurrentTime(Date.from(instant));
        steps.executeJobsIgnoringFailures();
    }

    /** Long enough for the failed alert jobs' next retry (R5/PT1M). */
    private void later() {
        at(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofSeconds(61)));
    }

    /**
     * E-mails about this conversation with this headline in the recipient's own mailbox
     * (not: named in To).
     */
    private static long received(String address, String conversationId, String headline) {
        String subject = headline + ": conversation " + conversationId.substring(0, 8);
        return MailServer.get()
            .findReceivedMessages(u -> address.equalsIgnoreCase(u.getEmail()), m -> subject(m).contains(subject))
            .count();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject() == null ? "" : m.getSubject();
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

}
