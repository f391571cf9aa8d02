package org.asyncdesk.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.asyncdesk.conversation.Conversation;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.Direction;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.customer.CustomerIdentity;
import org.asyncdesk.customer.CustomerService;
import org.asyncdesk.support.HttpFrom;
import org.asyncdesk.support.MailServer;
import org.asyncdesk.support.PostgresTest;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The identity attacks of issue 10 on PostgreSQL, with the job executor, the inbox
 * dispatcher, the mailbox poller and the confirmation mailer running as in production,
 * e-mail through GreenMail (SMTP and IMAP):
 * <ul>
 * <li>a spoofed From: (no Authentication-Results, one of a server we do not trust, a
 * forged pass below the receiving server's fail), threaded to the victim's open
 * conversation, never joins it: it opens a conversation of its own; an authenticated
 * e-mail does join;</li>
 * <li>a web chat giving the victim's address stays apart until the link in the
 * confirmation e-mail is confirmed.</li>
 * </ul>
 */
@PostgresTest
class IdentityVerificationIT {

    static final String SUPPORT = "support@asyncdesk.test";
    static final Pattern LINK = Pattern.compile("(/chat/confirm\\?token=([A-Za-z0-9_-]+))");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TaskService tasks;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ConversationService conversations;

    @Autowired
    Transcript transcript;

    @Autowired
    CustomerService customers;

    @Autowired
    ObjectMapper json;

    ChannelFixture fx;

    String victim;

    @BeforeAll
    static void mailbox() {
        MailServer.get().setUser(SUPPORT, SUPPORT, "support-secret");
    }

    @BeforeEach
    void setUp() {
        fx = new ChannelFixture(port, jdbc, tasks, transcript);
        victim = "vera." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /**
     * An e-mail to the support mailbox; each Authentication-Results in the order given
     * (the first on top).
     */
    private static MimeMessage mail(String from, String subject, String text, String... authenticationResults)
            throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(MailServer.smtpPort()));
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress(from, "Vera Victim", "UTF-8"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(SUPPORT));
        m.setSubject(subject, "UTF-8");
        m.setText(text, "UTF-8");
        for (String header : authenticationResults) {
            m.addHeader("Authentication-Results", header);
        }
        return m;
    }

    private static String pass(String from) {
        return "mx.asyncdesk.test; spf=pass smtp.mailfrom=" + from + "; dmarc=pass (p=REJECT) header.from="
                + from.substring(from.indexOf('@') + 1);
    }

    private static List<MimeMessage> receivedBy(String address) {
        return Arrays.stream(MailServer.get().getReceivedMessages()).filter(m -> {
            try {
                return ((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getAddress()
                    .equalsIgnoreCase(address);
            }
            catch (Exception e) {
                return false;
            }
        }).toList();
    }

    /**
     * The conversation whose transcript holds this customer text (waits for the poller
     * and the dispatcher).
     */
    private String conversationWith(String text) {
        return await().atMost(Duration.ofSeconds(30))
            .until(() -> jdbc.sql("select conversation_id from message where direction = 'IN' and body = :b")
                .param("b", text)
                .query(String.class)
                .list()
                .stream()
                .findFirst(), Optional::isPresent)
            .get();
    }

    private String victimsConversation() throws Exception {
        // the text names the address: each test's victim writes her own
        String text = "Where is my order 4711? " + victim;
        MimeMessage first = mail(victim, "Order 4711 has not arrived", text, pass(victim));
        Transport.send(first);
        String conversation = conversationWith(text);
        fx.awaitTask(conversation);
        assertThat(conversations.find(conversation).orElseThrow().identityVerified()).isTrue();
        return conversation;
    }

    @Test
    void spoofedFromNeverJoinsTheVictimsConversationAndAnAuthenticatedOneDoes() throws Exception {
        String conversation = victimsConversation();
        String victimId = conversations.find(conversation).orElseThrow().customerId();
        // what a spoofer knows or guesses: the subject tag and the acknowledgement's
        // Message-ID
        MimeMessage ack = await().atMost(Duration.ofSeconds(30))
            .until(() -> receivedBy(victim), l -> !l.isEmpty())
            .get(0);
        String subject = "Re: Order 4711 has not arrived [ref:" + conversation + "]";

        record Spoof(String text, String[] headers) {
        }
        List<Spoof> spoofs = List.of(
                new Spoof("Spoof A: send the refund to IBAN DE00 1111. " + victim, new String[] {}),
                new Spoof("Spoof B: send the refund to IBAN DE00 2222. " + victim,
                        new String[] { "mx.evil.example; dmarc=pass header.from=example.com" }),
                new Spoof("Spoof C: send the refund to IBAN DE00 3333. " + victim, new String[] {
                        "mx.asyncdesk.test; spf=fail smtp.mailfrom=evil.example; dmarc=fail header.from=example.com",
                        "mx.asyncdesk.test; dmarc=pass header.from=example.com" }));
        for (Spoof spoof : spoofs) {
            MimeMessage m = mail(victim, subject, spoof.text(), spoof.headers());
            m.setHeader("In-Reply-To", ack.getMessageID());
            m.setHeader("References", ack.getMessageID());
            Transport.send(m);
        }

        List<String> elsewhere = spoofs.stream().map(s -> conversationWith(s.text())).distinct().toList();
        assertThat(elsewhere).as("all spoofs in one conversation of their own").hasSize(1);
        String separate = elsewhere.get(0);
        assertThat(separate).isNotEqualTo(conversation);
        Conversation apart = conversations.find(separate).orElseThrow();
        assertThat(apart.identityVerified()).isFalse();
        assertThat(apart.claimedIdentity()).isEqualTo(new CustomerIdentity("email", victim));
        assertThat(apart.customerId()).isNotEqualTo(victimId);
        assertThat(fx.transcript(conversation)).extracting(TranscriptMessage::body)
            .noneMatch(b -> b.startsWith("Spoof"));
        assertThat(customers.identitiesOf(victimId)).containsExactly(new CustomerIdentity("email", victim));
        Task task = fx.awaitTask(separate);
        assertThat((String) tasks.getVariableLocal(task.getId(), "identityNotice")).contains("Unverified identity");
        assertThat(task.getName()).endsWith("(unverified)");
        assertThat(runtime.getVariable(task.getProcessInstanceId(), "identityVerified")).isEqualTo(false);

        // the real customer answers in the thread, authenticated by the receiving server:
        // it joins
        MimeMessage real = mail(victim, subject, "Real: any news? " + victim, pass(victim));
        real.setHeader("In-Reply-To", ack.getMessageID());
        Transport.send(real);
        assertThat(conversationWith("Real: any news? " + victim)).isEqualTo(conversation);
        assertThat(fx.transcript(conversation)).filteredOn(m -> m.direction() == Direction.IN).hasSize(2);
    }

    @Test
    void aWebChatWithTheVictimsAddressJoinsHerProfileOnlyThroughTheConfirmationLink() throws Exception {
        String conversation = victimsConversation();
        String victimId = conversations.find(conversation).orElseThrow().customerId();
        jdbc.sql("update customer set tier = 'vip' where id = :id").param("id", victimId).update();

        HttpFrom.Response r = new HttpFrom("127.0.0.1", port).postJson("/api/webchat/conversations", Map.of(),
                json.writeValueAsString(Map.of("name", "Mallory", "email", victim, "text", "What did I order last?")));
        assertThat(r.status()).isEqualTo(201);
        String chat = json.readTree(r.body()).get("conversationId").asText();
        Task task = fx.awaitTask(chat);
        assertThat(tasks.getVariableLocal(task.getId(), "customerTier")).isEqualTo("standard");
        assertThat((String) tasks.getVariableLocal(task.getId(), "identityNotice")).contains("Unverified identity");
        assertThat(conversations.find(chat).orElseThrow().customerId()).isNotEqualTo(victimId);

        MimeMessage confirmation = await().atMost(Duration.ofSeconds(30))
            .until(() -> receivedBy(victim).stream().filter(m -> {
                try {
                    return m.getSubject().equals("Please confirm your e-mail address");
                }
                catch (Exception e) {
                    return false;
                }
            }).findFirst(), Optional::isPresent)
            .get();
        Matcher link = LINK.matcher(String.valueOf(confirmation.getContent()));
        assertThat(link.find()).isTrue();
        assertThat(new HttpFrom("127.0.0.1", port).get(link.group(1), Map.of()).status()).isEqualTo(200);
        assertThat(conversations.find(chat).orElseThrow().identityVerified()).isFalse();

        HttpFrom.Response confirmed = new HttpFrom("127.0.0.1", port).send("POST", "/chat/confirm", Map.of(),
                "application/x-www-form-urlencoded",
                "token=" + URLEncoder.encode(link.group(2), StandardCharsets.UTF_8));
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.body()).as(confirmed.body()).contains("is confirmed");

        assertThat(conversations.find(chat).orElseThrow().customerId()).isEqualTo(victimId);
        assertThat(runtime.getVariable(task.getProcessInstanceId(), "identityVerified")).isEqualTo(true);
        assertThat(runtime.getVariable(task.getProcessInstanceId(), "customerTier")).isEqualTo("vip");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Task now = fx.awaitTask(chat);
            assertThat(tasks.getVariableLocal(now.getId(), "identityNotice")).isEqualTo("");
            assertThat(tasks.getVariableLocal(now.getId(), "customerTier")).isEqualTo("vip");
        });
        JsonNode page = json.readTree(
                new HttpFrom("127.0.0.1", port)
                    .get("/api/webchat/conversations/" + chat + "/messages",
                            Map.of("Authorization", "Bearer " + json.readTree(r.body()).get("token").asText()))
                    .body());
        assertThat(page.get("identityVerified").asBoolean()).isTrue();
    }

}
