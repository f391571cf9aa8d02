package org.asyncdesk.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.DeliveryState;
import org.asyncdesk.conversation.Direction;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.support.MailServer;
import org.asyncdesk.support.PostgresTest;
import org.asyncdesk.support.ProviderStub;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One customer, many channels: a WhatsApp conversation continued by an authenticated
 * e-mail (threaded by the subject tag, which links the e-mail address to the customer),
 * replies on the channel used last unless the agent picks one, agents merging two
 * customers, and the operators' inbox endpoint with re-drive.
 */
@PostgresTest
class ChannelSwitchIT {

    static final String WA_MESSAGES = "/v21.0/106540352242922/messages";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TaskService tasks;

    @Autowired
    RuntimeService runtime;

    @Autowired
    Transcript transcript;

    @Autowired
    ObjectMapper json;

    ChannelFixture fx;

    @BeforeAll
    static void mailbox() {
        MailServer.get().setUser("support@asyncdesk.test", "support@asyncdesk.test", "support-secret");
    }

    @BeforeEach
    void setUp() {
        fx = new ChannelFixture(port, jdbc, tasks, transcript);
        ProviderStub.get().resetAll();
        ProviderStub.get()
            .stubFor(post(urlEqualTo(WA_MESSAGES)).willReturn(aResponse().withStatus(200)
                .withBody("{\"messages\":[{\"id\":\"wamid.out-" + UUID.randomUUID() + "\"}]}")));
    }

    private void whatsapp(String from, String id, String text) throws Exception {
        String body = """
                {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
                 "messaging_product":"whatsapp","contacts":[{"profile":{"name":"Jon Doe"},"wa_id":"%s"}],
                 "messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"%s"}}]}}]}]}"""
            .formatted(from, from, id, Instant.now().getEpochSecond(), text);
        assertThat(fx.metaWebhook("/webhooks/whatsapp", ChannelFixture.WA_SECRET, body).status()).isEqualTo(200);
    }

    private static void email(String from, String subject, String text) throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", String.valueOf(MailServer.smtpPort()));
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("support@asyncdesk.test"));
        m.setSubject(subject);
        m.setText(text);
        // the receiving server authenticated the sender (DMARC): only then does an e-mail
        // join a customer's conversation
        m.addHeader("Authentication-Results",
                "mx.asyncdesk.test; dmarc=pass header.from=" + from.substring(from.indexOf('@') + 1));
        Transport.send(m);
    }

    private static MimeMessage lastMailTo(String address) {
        return await().atMost(Duration.ofSeconds(30))
            .until(() -> Arrays.stream(MailServer.get().getReceivedMessages()).filter(m -> {
                try {
                    return ((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getAddress()
                        .equals(address);
                }
                catch (Exception e) {
                    return false;
                }
            }).reduce((a, b) -> b), Optional::isPresent)
            .get();
    }

    @Test
    void whatsappThenEmailIsOneConversationAndRepliesFollowTheLastChannelUnlessTheAgentPicksOne() throws Exception {
        String phone = ChannelFixture.phone();
        String mail = "jon." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        whatsapp(phone, "wamid.sw1-" + phone, "My order did not arrive");
        String conversation = fx.awaitConversation("whatsapp", phone);
        fx.awaitAcknowledged(conversation);
        fx.awaitTask(conversation);

        // while the task is open the customer writes by e-mail, quoting the conversation
        // reference
        email(mail, "Order 9911 [ref:" + conversation + "]", "Here is the order number: 9911");
        fx.awaitMessage(conversation, m -> m.channel() == Channel.EMAIL && m.direction() == Direction.IN);
        assertThat(fx.conversationOf("email", mail)).contains(conversation);
        assertThat(tasks.createTaskQuery().processInstanceBusinessKey(conversation).count()).isEqualTo(1);

        // the reply goes to the channel used last: e-mail
        fx.reply(conversation, "Thanks, we found it.", null);
        MimeMessage reply = lastMailTo(mail);
        assertThat(reply.getSubject()).isEqualTo("Re: Order 9911 [ref:" + conversation + "]");
        fx.awaitMessage(conversation, m -> m.direction() == Direction.OUT && m.channel() == Channel.EMAIL
                && m.deliveryState() == DeliveryState.SENT);

        // next round: the customer writes on WhatsApp again, the agent chooses e-mail
        // explicitly... and then WhatsApp
        whatsapp(phone, "wamid.sw2-" + phone, "When will it come?");
        fx.awaitMessage(conversation, m -> "When will it come?".equals(m.body()));
        fx.reply(conversation, "Tomorrow, see e-mail for tracking.", "email");
        await().atMost(Duration.ofSeconds(30))
            .until(() -> fx.transcript(conversation)
                .stream()
                .anyMatch(m -> m.direction() == Direction.OUT && m.body().startsWith("Tomorrow")
                        && m.channel() == Channel.EMAIL && m.deliveryState() == DeliveryState.SENT));
        ProviderStub.get().verify(0, postRequestedFor(urlEqualTo(WA_MESSAGES)));

        whatsapp(phone, "wamid.sw3-" + phone, "Great, thanks");
        fx.awaitMessage(conversation, m -> "Great, thanks".equals(m.body()));
        fx.reply(conversation, "You are welcome!", null);
        await().atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> ProviderStub.get()
                .verify(1,
                        postRequestedFor(urlEqualTo(WA_MESSAGES))
                            .withRequestBody(matchingJsonPath("$.to", equalTo(phone)))
                            .withRequestBody(matchingJsonPath("$.text.body", equalTo("You are welcome!")))));
        assertThat(fx.transcript(conversation)
            .stream()
            .filter(m -> m.direction() == Direction.IN)
            .map(TranscriptMessage::channel))
            .containsExactly(Channel.WHATSAPP, Channel.EMAIL, Channel.WHATSAPP, Channel.WHATSAPP);
    }

    @Test
    void agentsMergeTwoCustomersAndBadMergeRequestsGetProblemDetails() throws Exception {
        String phone = "+" + ChannelFixture.phone();
        String psid = "PSID" + ChannelFixture.phone();
        Map<String, String> sms = new LinkedHashMap<>();
        sms.put("MessageSid", "SMmerge" + phone.substring(1));
        sms.put("From", phone);
        sms.put("To", "+15005550006");
        sms.put("Body", "Hi, it is me on SMS");
        sms.put("NumMedia", "0");
        assertThat(fx.twilioWebhook(sms).status()).isEqualTo(200);
        String messenger = "{\"object\":\"page\",\"entry\":[{\"id\":\"1\",\"time\":1,\"messaging\":[{\"sender\":{\"id\":\""
                + psid + "\"},\"recipient\":{\"id\":\"1\"},\"timestamp\":1700000000000,\"message\":{\"mid\":\"m_merge-"
                + psid + "\",\"text\":\"And me on Messenger\"}}]}]}";
        assertThat(fx.metaWebhook("/webhooks/messenger", ChannelFixture.FB_SECRET, messenger).status()).isEqualTo(200);
        String smsConversation = fx.awaitConversation("sms", phone);
        String fbConversation = fx.awaitConversation("messenger", psid);
        fx.awaitTask(fbConversation);
        String into = jdbc.sql("select customer_id from conversation where id = :id")
            .param("id", smsConversation)
            .query(String.class)
            .single();
        String from = jdbc.sql("select customer_id from conversation where id = :id")
            .param("id", fbConversation)
            .query(String.class)
            .single();

        String request = "{\"from\":\"" + from + "\",\"into\":\"" + into + "\"}";
        assertThat(fx.postJson("/api/customers/merge", request, Map.of()).status()).isEqualTo(401);
        assertThat(fx.postJson("/api/customers/merge", request, ChannelFixture.basic("mallory", "guess")).status())
            .isEqualTo(401);
        var missing = fx.postJson("/api/customers/merge", "{\"from\":\"" + from + "\"}",
                ChannelFixture.basic("anna", "demo"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        var unknown = fx.postJson("/api/customers/merge", "{\"from\":\"nope\",\"into\":\"" + into + "\"}",
                ChannelFixture.basic("anna", "demo"));
        assertThat(unknown.status()).isEqualTo(404);

        var merged = fx.postJson("/api/customers/merge", request, ChannelFixture.basic("anna", "demo"));
        assertThat(merged.status()).isEqualTo(200);
        JsonNode view = json.readTree(merged.body());
        assertThat(view.path("id").asText()).isEqualTo(into);
        assertThat(view.path("identities").toString()).contains(phone).contains(psid);
        assertThat(fx.conversationOf("messenger", psid)).isPresent();
        assertThat(jdbc.sql("select customer_id from conversation where id = :id")
            .param("id", fbConversation)
            .query(String.class)
            .single()).isEqualTo(into);
        assertThat(runtime.getVariable(
                runtime.createProcessInstanceQuery().processInstanceBusinessKey(fbConversation).singleResult().getId(),
                "customerId"))
            .isEqualTo(into);
        assertThat(jdbc.sql("select count(*) from customer where id = :id")
            .param("id", from)
            .query(Integer.class)
            .single()).isZero();
        assertThat(fx.transcript(fbConversation))
            .anyMatch(m -> m.direction() == Direction.EVENT && m.body().contains("merged"));
        assertThat(fx.get("/api/customers/" + into, ChannelFixture.basic("maria", "demo")).status()).isEqualTo(200);
    }

    @Test
    void operatorsSeeParkedMessagesAndRedriveThem() throws Exception {
        String phone = ChannelFixture.phone();
        // a message that failed too often (as the dispatcher leaves it): parked with its
        // error
        long id = jdbc.sql("""
                insert into inbox (channel, provider_message_id, order_key, sender_address, sender_name, body, status,
                                   attempts, next_attempt_at, last_error, received_at)
                values ('WHATSAPP', :pid, :key, :addr, 'Parked Customer', 'Please call me back', 'PARKED', 8, :now,
                        'ConversationNotDeliverable: engine was down', :now)
                returning id""")
            .param("pid", "wamid.parked-" + phone)
            .param("key", "WHATSAPP:" + phone)
            .param("addr", phone)
            .param("now", Timestamp.from(Instant.now()))
            .query(Long.class)
            .single();

        assertThat(fx.get("/api/admin/inbox", Map.of()).status()).isEqualTo(401);
        assertThat(fx.get("/api/admin/inbox", ChannelFixture.basic("anna", "demo")).status()).isEqualTo(403);
        var list = fx.get("/api/admin/inbox?status=parked", ChannelFixture.basic("admin", "demo"));
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("wamid.parked-" + phone)
            .contains("engine was down")
            .doesNotContain("Please call me back");
        assertThat(fx.get("/api/admin/inbox?status=lost", ChannelFixture.basic("admin", "demo")).status())
            .isEqualTo(400);
        assertThat(
                fx.postJson("/api/admin/inbox/999999999/redrive", "", ChannelFixture.basic("admin", "demo")).status())
            .isEqualTo(404);

        var redrive = fx.postJson("/api/admin/inbox/" + id + "/redrive", "", ChannelFixture.basic("admin", "demo"));
        assertThat(redrive.status()).isEqualTo(202);
        String conversation = fx.awaitConversation("whatsapp", phone);
        fx.awaitMessage(conversation, m -> "Please call me back".equals(m.body()));
        await().atMost(Duration.ofSeconds(30))
            .until(() -> "DONE".equals(
                    jdbc.sql("select status from inbox where id = :id").param("id", id).query(String.class).single()));
        assertThat(
                fx.postJson("/api/admin/inbox/" + id + "/redrive", "", ChannelFixture.basic("admin", "demo")).status())
            .isEqualTo(409);
    }

    @Test
    void theSandboxNeedsAnAgentsLoginAndRefusesToSimulateLiveChannels() throws Exception {
        assertThat(fx.get("/sandbox", Map.of()).status()).isEqualTo(401);
        assertThat(fx.get("/api/sandbox", Map.of()).status()).isEqualTo(401);
        var page = fx.get("/sandbox", ChannelFixture.basic("ben", "demo"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Asyncdesk channel sandbox");
        var overview = fx.get("/api/sandbox", ChannelFixture.basic("ben", "demo"));
        assertThat(overview.status()).isEqualTo(200);
        // in this profile every provider channel has credentials: nothing is sandboxed,
        // nothing can be simulated
        assertThat(json.readTree(overview.body()).path("channels").findValues("sandboxed"))
            .allMatch(v -> !v.asBoolean());
        var live = fx.postJson("/api/sandbox/inbound",
                "{\"channel\":\"whatsapp\",\"from\":\"4915100000000\",\"text\":\"hi\"}",
                ChannelFixture.basic("ben", "demo"));
        assertThat(live.status()).isEqualTo(409);
        assertThat(live.contentType()).startsWith("application/problem+json");
        var bad = fx.postJson("/api/sandbox/inbound", "{\"channel\":\"fax\",\"from\":\"1\",\"text\":\"hi\"}",
                ChannelFixture.basic("ben", "demo"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"channel\"");
    }

}
