package org.asyncdesk.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.search.HeaderTerm;

import org.asyncdesk.channel.ChannelFixture;
import org.asyncdesk.conversation.DeliveryState;
import org.asyncdesk.conversation.Direction;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.support.MailServer;
import org.asyncdesk.support.PostgresTest;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * E-mail through GreenMail: IMAP polling in, SMTP out, threading both ways, HTML and
 * quoted history cleaned.
 */
@PostgresTest
@ExtendWith(OutputCaptureExtension.class)
class EmailChannelIT {

    static final String SUPPORT = "support@asyncdesk.test";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TaskService tasks;

    @Autowired
    Transcript transcript;

    ChannelFixture fx;

    @BeforeAll
    static void mailbox() {
        MailServer.get().setUser(SUPPORT, SUPPORT, "support-secret");
    }

    @BeforeEach
    void setUp() {
        fx = new ChannelFixture(port, jdbc, tasks, transcript);
    }

    static MimeMessage customerMail(String from, String subject) throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(MailServer.smtpPort()));
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress(from, "Erika Mustermann", "UTF-8"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(SUPPORT));
        m.setSubject(subject, "UTF-8");
        return m;
    }

    /**
     * An e-mail as the receiving server hands it on when the sender's domain passed
     * DMARC: only such a From: is believed (asyncdesk.channels.email.trusted-authserv-ids
     * is mx.asyncdesk.test in this profile).
     */
    static MimeMessage authenticatedMail(String from, String subject) throws Exception {
        MimeMessage m = customerMail(from, subject);
        m.addHeader("Authentication-Results", "mx.asyncdesk.test; dkim=pass header.d=example.com; "
                + "dmarc=pass (p=REJECT) header.from=" + from.substring(from.indexOf('@') + 1));
        return m;
    }

    /**
     * The flags the support mailbox holds for the e-mail with this Message-ID (read-only:
     * looking changes nothing).
     */
    static Flags flagsInMailbox(String messageId) throws Exception {
        Properties p = new Properties();
        try (Store store = Session.getInstance(p).getStore("imap")) {
            store.connect("127.0.0.1", MailServer.imapPort(), SUPPORT, "support-secret");
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                Message[] found = inbox.search(new HeaderTerm("Message-ID", messageId));
                assertThat(found).hasSize(1);
                return found[0].getFlags();
            }
            finally {
                inbox.close(false);
            }
        }
    }

    static MimeMessage receivedBy(String address, int index) {
        return await().atMost(Duration.ofSeconds(30))
            .until(() -> Arrays.stream(MailServer.get().getReceivedMessages()).filter(m -> {
                try {
                    return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> ((InternetAddress) a).getAddress().equalsIgnoreCase(address));
                }
                catch (Exception e) {
                    return false;
                }
            }).toList(), l -> l.size() > index)
            .get(index);
    }

    @Test
    void anEmailConversationThreadsBothWays() throws Exception {
        String customer = "erika." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        MimeMessage first = authenticatedMail(customer, "Broken kettle, order 4711");
        first.setText("""
                Hello,

                my kettle arrived broken. Can I get a new one?

                Erika
                --\s
                Erika Mustermann
                Musterstraße 1, Berlin""", "UTF-8");
        Transport.send(first);
        String firstId = first.getMessageID();

        String conversation = fx.awaitConversation("email", customer);
        TranscriptMessage in = fx.awaitMessage(conversation, m -> m.direction() == Direction.IN);
        assertThat(in.body()).isEqualTo("Hello,\n\nmy kettle arrived broken. Can I get a new one?\n\nErika");
        assertThat(in.providerMessageId()).isEqualTo(firstId);
        assertThat(in.author()).isEqualTo("Erika Mustermann");

        // the acknowledgement is the first mail in the thread, the agent's reply the
        // second
        MimeMessage ack = receivedBy(customer, 0);
        assertThat(ack.getSubject()).isEqualTo("Re: Broken kettle, order 4711 [ref:" + conversation + "]");
        assertThat(ack.getHeader("In-Reply-To", null)).isEqualTo(firstId);
        fx.reply(conversation, "Sorry about that! A new kettle is on its way.", null);
        MimeMessage reply = receivedBy(customer, 1);
        assertThat(reply.getSubject()).isEqualTo("Re: Broken kettle, order 4711 [ref:" + conversation + "]");
        assertThat(reply.getHeader("In-Reply-To", null)).isEqualTo(firstId);
        assertThat(reply.getHeader("References", null)).contains(firstId);
        assertThat(((InternetAddress) reply.getFrom()[0]).getAddress()).isEqualTo(SUPPORT);
        assertThat(String.valueOf(reply.getContent())).contains("A new kettle is on its way.");
        TranscriptMessage out = fx.awaitMessage(conversation, m -> m.direction() == Direction.OUT
                && m.body().contains("A new kettle is on its way.") && m.deliveryState() == DeliveryState.SENT);
        assertThat(out.providerMessageId()).isEqualTo(reply.getMessageID());

        // the customer answers from their mail program: HTML, our mail quoted below;
        // threaded by In-Reply-To
        MimeMessage answer = authenticatedMail(customer, "Re: Broken kettle, order 4711 [ref:" + conversation + "]");
        answer.setHeader("In-Reply-To", reply.getMessageID());
        answer.setHeader("References", firstId + " " + reply.getMessageID());
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent("<html><body><p>Thank you &amp; have a <b>nice</b> day!</p>"
                + "<div>On Mon, 23 Nov 2026 at 10:00, Customer Service &lt;support@asyncdesk.test&gt; wrote:</div>"
                + "<blockquote>Sorry about that!</blockquote></body></html>", "text/html; charset=UTF-8");
        alternative.addBodyPart(html);
        MimeBodyPart pdf = new MimeBodyPart();
        pdf.setContent("%PDF-1.4", "application/pdf");
        pdf.setFileName("photo-of-kettle.pdf");
        pdf.setDisposition(MimeBodyPart.ATTACHMENT);
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart body = new MimeBodyPart();
        body.setContent(alternative);
        mixed.addBodyPart(body);
        mixed.addBodyPart(pdf);
        answer.setContent(mixed);
        Transport.send(answer);
        String answerId = answer.getMessageID();

        TranscriptMessage second = fx.awaitMessage(conversation,
                m -> m.direction() == Direction.IN && answerId.equals(m.providerMessageId()));
        assertThat(second.body()).isEqualTo("Thank you & have a nice day!");
        assertThat(transcript.attachments(second.id())).singleElement()
            .satisfies(a -> assertThat(a.filename()).isEqualTo("photo-of-kettle.pdf"));
        assertThat(jdbc
            .sql("select count(*) from conversation c join customer_identity i on i.customer_id = c.customer_id "
                    + "where i.address = :a")
            .param("a", customer)
            .query(Integer.class)
            .single()).isEqualTo(1);
    }

    @Test
    void aLongDisplayNameAndSubjectAreStoredCutToTheirColumns(CapturedOutput output) throws Exception {
        String customer = "long." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String name = "Longdisplayname".repeat(34).substring(0, 500);
        String subject = "Longsubjectword ".repeat(125);
        MimeMessage mail = customerMail(customer, subject);
        mail.setFrom(new InternetAddress(customer, name, "UTF-8"));
        mail.setText("Where is my order 4711? Bodyfragment", "UTF-8");
        Transport.send(mail);

        String conversation = fx.awaitConversation("email", customer);
        TranscriptMessage in = fx.awaitMessage(conversation, m -> m.direction() == Direction.IN);
        assertThat(in.body()).isEqualTo("Where is my order 4711? Bodyfragment");
        assertThat(in.author()).hasSize(200).startsWith("Longdisplayname").endsWith("…");
        fx.awaitTask(conversation);
        MimeMessage ack = receivedBy(customer, 0);
        assertThat(ack.getSubject()).startsWith("Re: Longsubjectword Longsubjectword")
            .endsWith("[ref:" + conversation + "]");
        assertThat(flagsInMailbox(mail.getMessageID()).contains(Flags.Flag.SEEN)).isTrue();
        assertThat(output.getAll()).doesNotContain("Longdisplayname", "Longsubjectword", "Bodyfragment", customer);
    }

    @Test
    void anEmailThatCannotBeStoredIsFlaggedAndStaysUnseen(CapturedOutput output) throws Exception {
        String customer = "refused." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        // the database refuses this one e-mail, as it would a row it cannot hold
        jdbc.sql("alter table inbox add constraint it_refuses_one check (sender_address <> '" + customer + "')")
            .update();
        try {
            MimeMessage mail = customerMail(customer, "Secretsubject about my order");
            mail.setText("Secretbody with my address", "UTF-8");
            Transport.send(mail);

            Flags flags = await().atMost(Duration.ofSeconds(30))
                .until(() -> flagsInMailbox(mail.getMessageID()), f -> f.contains(Flags.Flag.FLAGGED));
            assertThat(flags.contains(Flags.Flag.SEEN)).isFalse();
            assertThat(fx.conversationOf("email", customer)).isEmpty();
            assertThat(output.getAll()).contains("an e-mail could not be stored and was flagged for a human")
                .doesNotContain("Secretsubject", "Secretbody", "Erika", customer);
        }
        finally {
            jdbc.sql("alter table inbox drop constraint it_refuses_one").update();
        }
    }

    @Test
    void aHugeHostileEmailIsCutNotedAndReachesTheAgent() throws Exception {
        String customer = "huge." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        MimeMessage mail = customerMail(customer, "Order 4711");
        // one 1 MB line without blanks: the worst case of the old link pattern
        mail.setText("Where is my order 4711? It is late.\n" + "a.a.".repeat(1 << 18), "UTF-8");
        Transport.send(mail);

        String conversation = fx.awaitConversation("email", customer);
        TranscriptMessage in = fx.awaitMessage(conversation, m -> m.direction() == Direction.IN);
        assertThat(in.body()).startsWith("Where is my order 4711? It is late.\na.a.")
            .hasSize(20_000 + "\n[…]".length())
            .endsWith("\n[…]");
        assertThat(transcript.attachments(in.id())).singleElement().satisfies(a -> {
            assertThat(a.mimeType()).isEqualTo("message/rfc822");
            assertThat(a.mediaRef()).isEqualTo(mail.getMessageID());
            assertThat(a.caption()).contains("1048612 characters", "20000", "flagged in the support mailbox");
        });
        fx.awaitTask(conversation);
        assertThat(fx.transcript(conversation))
            .anySatisfy(m -> assertThat(m.body()).contains("The customer sent document (message/rfc822)"));
        Flags flags = flagsInMailbox(mail.getMessageID());
        assertThat(flags.contains(Flags.Flag.SEEN)).isTrue();
        assertThat(flags.contains(Flags.Flag.FLAGGED)).isTrue();
    }

}
