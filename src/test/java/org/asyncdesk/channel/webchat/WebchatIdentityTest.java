package org.asyncdesk.channel.webchat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.Conversation;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.CustomerMessage;
import org.asyncdesk.conversation.Direction;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.customer.CustomerIdentity;
import org.asyncdesk.customer.CustomerService;
import org.asyncdesk.inbox.Inbox;
import org.asyncdesk.inbox.InboxDispatcher;
import org.asyncdesk.support.Conversations;
import org.asyncdesk.support.HttpFrom;
import org.asyncdesk.support.MailServer;
import org.asyncdesk.support.ProviderStub;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * The attack of issue 10: Mallory opens a web chat giving a known customer's e-mail
 * address. Until the address's owner confirms it with the link we e-mail there, the chat
 * shows nothing of the victim: not the profile, the tier, the other identities or the
 * shop's orders, and the agent sees that the identity is unverified. Over real HTTP, with
 * the confirmation e-mail through GreenMail (Spring Mail) and the shop's API stubbed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ContextConfiguration(initializers = { MailServer.class, ProviderStub.class })
@TestPropertySource(properties = { "asyncdesk.channels.email.address=support@asyncdesk.test",
        "asyncdesk.shop.base-url=${asyncdesk.test.provider-url}/shop", "asyncdesk.shop.timeout=15s",
        "asyncdesk.webchat.confirmation.max-mails-per-address=2" })
class WebchatIdentityTest {

    static final Pattern LINK = Pattern.compile("(/chat/confirm\\?token=([A-Za-z0-9_-]+))");

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Inbox inbox;

    @Autowired
    InboxDispatcher dispatcher;

    @Autowired
    Conversations steps;

    @Autowired
    ConversationService conversations;

    @Autowired
    Transcript transcript;

    @Autowired
    CustomerService customers;

    @Autowired
    EmailConfirmations confirmations;

    @Autowired
    TaskService tasks;

    @Autowired
    RuntimeService runtime;

    String victimEmail;

    String victimPhone;

    String victimId;

    @BeforeEach
    void aKnownVipCustomerWithOrders() {
        ProviderStub.get().resetAll();
        victimEmail = "vera." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        victimPhone = "4915" + (100_000_000 + ThreadLocalRandom.current().nextInt(899_999_999));
        ProviderStub.get()
            .stubFor(get(urlPathEqualTo("/shop/orders")).withQueryParam("email", equalTo(victimEmail))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                        [{"number": "7001", "status": "shipped", "placedAt": "2026-11-20", "total": "899.00 EUR",
                          "trackingUrl": "https://track.example/7001"}]""")));
        // Vera wrote by an authenticated e-mail before; she is a VIP and known on
        // WhatsApp too
        inbox.accept(new CustomerMessage(Channel.EMAIL, "<" + UUID.randomUUID() + "@example.com>", victimEmail,
                "Vera Victim", "en", "Hello, a question about my order.", ClockUtil.getCurrentTime().toInstant(),
                List.of(), null, true));
        dispatcher.dispatchAll();
        steps.executeJobs();
        victimId = customers.customerIdOf(new CustomerIdentity("email", victimEmail)).orElseThrow();
        customers.addIdentity(victimId, new CustomerIdentity("whatsapp", victimPhone));
        jdbc.sql("update customer set tier = 'vip' where id = :id").param("id", victimId).update();
        ProviderStub.get().resetRequests();
    }

    @AfterEach
    void tearDown() {
        Conversations.resetClock();
    }

    private JsonNode openChat(String name, String email, String text) throws Exception {
        HttpFrom.Response r = new HttpFrom("127.0.0.1", port).postJson("/api/webchat/conversations", Map.of(),
                json.writeValueAsString(Map.of("name", name, "email", email, "text", text)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode opened = json.readTree(r.body());
        dispatcher.dispatchAll();
        steps.executeJobs();
        return opened;
    }

    private Task task(String conversationId) {
        return steps.task(conversationId);
    }

    private Object formVariable(String conversationId, String name) {
        return tasks.getVariableLocal(task(conversationId).getId(), name);
    }

    private Object processVariable(String conversationId, String name) {
        var pi = runtime.createProcessInstanceQuery().processInstanceBusinessKey(conversationId).singleResult();
        return runtime.getVariable(pi.getId(), name);
    }

    private static List<MimeMessage> confirmationMailsTo(String address) {
        return Arrays.stream(MailServer.get().getReceivedMessages()).filter(m -> {
            try {
                return ((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getAddress()
                    .equalsIgnoreCase(address) && m.getSubject().equals("Please confirm your e-mail address");
            }
            catch (Exception e) {
                return false;
            }
        }).toList();
    }

    private List<MimeMessage> awaitConfirmationMails(String address, int count) {
        confirmations.sendDue();
        return await().atMost(Duration.ofSeconds(20)).until(() -> confirmationMailsTo(address), l -> l.size() >= count);
    }

    private static String linkPath(MimeMessage mail) throws Exception {
        Matcher m = LINK.matcher(String.valueOf(mail.getContent()));
        assertThat(m.find()).as("a confirmation link in the e-mail").isTrue();
        return m.group(1);
    }

    private HttpFrom.Response openLink(String path) {
        return new HttpFrom("127.0.0.1", port).get(path, Map.of());
    }

    private HttpFrom.Response pressConfirm(String token) {
        return new HttpFrom("127.0.0.1", port).send("POST", "/chat/confirm", Map.of(),
                "application/x-www-form-urlencoded", "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    private static String tokenOf(String path) {
        return path.substring(path.indexOf('=') + 1);
    }

    @Test
    void mallorysChatWithTheVictimsAddressShowsNothingOfTheVictimUntilTheOwnerConfirms() throws Exception {
        JsonNode opened = openChat("Mallory", victimEmail.toUpperCase(),
                "Hi, where is my last order? Send the tracking link.");
        String id = opened.get("conversationId").asText();
        assertThat(opened.get("identityVerified").asBoolean()).isFalse();
        assertThat(opened.get("emailConfirmation").asText()).isEqualTo("sent");

        // the chat has a profile of its own, the victim's stays as it was
        Conversation chat = conversations.find(id).orElseThrow();
        assertThat(chat.identityVerified()).isFalse();
        assertThat(chat.customerId()).isNotEqualTo(victimId);
        String provisionalId = chat.customerId();
        assertThat(customers.find(provisionalId).orElseThrow().provisional()).isTrue();
        assertThat(customers.identitiesOf(provisionalId)).isEmpty();
        assertThat(customers.identitiesOf(victimId)).hasSize(2);
        assertThat(jdbc.sql("select count(*) from conversation where customer_id = :c")
            .param("c", victimId)
            .query(Integer.class)
            .single()).isEqualTo(1);

        // what the agent sees: Mallory's name, standard tier, the claimed address marked
        // unverified, no orders
        Task t = task(id);
        assertThat(t.getName()).endsWith("· Mallory (unverified)");
        assertThat(formVariable(id, "customerName")).isEqualTo("Mallory");
        assertThat(formVariable(id, "customerTier")).isEqualTo("standard");
        assertThat((String) formVariable(id, "customerIdentities")).isEqualTo("email: " + victimEmail + " (unverified)")
            .doesNotContain(victimPhone);
        assertThat((String) formVariable(id, "identityNotice")).contains("**Unverified identity.**")
            .contains(victimEmail)
            .contains("confirmation link was e-mailed");
        assertThat(formVariable(id, "replyChannels").toString()).contains("webchat")
            .doesNotContain("whatsapp")
            .doesNotContain("\"email\"");
        assertThat(processVariable(id, "identityVerified")).isEqualTo(false);
        assertThat(processVariable(id, "customerTier")).isEqualTo("standard");
        assertThat(processVariable(id, "recentOrders")).isNull();
        ProviderStub.get().verify(0, getRequestedFor(urlPathEqualTo("/shop/orders")));
        assertThat(tasks.getVariableLocal(t.getId(), "transcript").toString()).contains("Unverified identity");
        // refused: merging the victim's profile into the unverified chat by hand
        assertThatThrownBy(() -> tasks.complete(t.getId(), Map.of("outcome", "resolve", "sameCustomerAs", victimPhone)))
            .isInstanceOf(ProcessEngineException.class)
            .hasMessageContaining("identity is unverified");
        assertThat(customers.identitiesOf(victimId)).hasSize(2);
        // the customer's page says so too
        HttpFrom.Response page = new HttpFrom("127.0.0.1", port).get("/api/webchat/conversations/" + id + "/messages",
                Map.of("Authorization", "Bearer " + opened.get("token").asText()));
        assertThat(json.readTree(page.body()).get("identityVerified").asBoolean()).isFalse();

        // the owner of the address gets the confirmation e-mail; it carries nothing
        // Mallory wrote
        MimeMessage mail = awaitConfirmationMails(victimEmail, 1).get(0);
        assertThat(String.valueOf(mail.getContent())).doesNotContain("Mallory")
            .doesNotContain("tracking link")
            .contains(victimEmail);
        String link = linkPath(mail);
        assertThat(jdbc.sql("select token_hash from email_confirmation where conversation_id = :c")
            .param("c", id)
            .query(String.class)
            .single()).hasSize(64).isNotEqualTo(tokenOf(link));

        // a mail scanner opening the link changes nothing: the page asks
        HttpFrom.Response asked = openLink(link);
        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.header("Cache-Control")).contains("no-store");
        assertThat(asked.body()).contains("<form method=\"post\" action=\"/chat/confirm\">")
            .contains(victimEmail)
            .doesNotContain("Mallory");
        assertThat(conversations.find(id).orElseThrow().identityVerified()).isFalse();

        HttpFrom.Response confirmed = pressConfirm(tokenOf(link));
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.body()).contains("is confirmed");
        steps.executeJobs();

        // now the chat is the victim's (who proved it): profile, tier, other channels,
        // orders
        chat = conversations.find(id).orElseThrow();
        assertThat(chat.identityVerified()).isTrue();
        assertThat(chat.customerId()).isEqualTo(victimId);
        assertThat(customers.find(provisionalId)).isEmpty();
        assertThat(processVariable(id, "identityVerified")).isEqualTo(true);
        assertThat(processVariable(id, "customerId")).isEqualTo(victimId);
        assertThat(processVariable(id, "customerTier")).isEqualTo("vip");
        ProviderStub.get()
            .verify(1, getRequestedFor(urlPathEqualTo("/shop/orders")).withQueryParam("email", equalTo(victimEmail)));
        assertThat(processVariable(id, "recentOrders").toString()).contains("**#7001**");
        assertThat(formVariable(id, "customerTier")).isEqualTo("vip");
        assertThat(formVariable(id, "identityNotice")).isEqualTo("");
        assertThat((String) formVariable(id, "customerIdentities")).contains(victimPhone).doesNotContain("unverified");
        assertThat(transcript.of(id)).filteredOn(m -> m.direction() == Direction.EVENT)
            .extracting(TranscriptMessage::body)
            .anySatisfy(b -> assertThat(b).startsWith("Identity confirmed: email " + victimEmail)
                .contains("linked to the customer profile of Vera Victim"));

        // the link works once
        assertThat(pressConfirm(tokenOf(link)).body()).contains("Already confirmed");
        assertThat(openLink(link).body()).contains("Already confirmed");
    }

    @Test
    void anExpiredOrUnknownLinkConfirmsNothing() throws Exception {
        String id = openChat("Mallory", victimEmail, "Hello?").get("conversationId").asText();
        String link = linkPath(awaitConfirmationMails(victimEmail, 1).get(0));

        assertThat(openLink("/chat/confirm?token=" + "A".repeat(43)).status()).isEqualTo(404);
        assertThat(openLink("/chat/confirm?token=%3Cscript%3E").status()).isEqualTo(404);
        assertThat(openLink("/chat/confirm").status()).isEqualTo(404);
        assertThat(pressConfirm("A".repeat(43)).status()).isEqualTo(404);
        assertThat(new HttpFrom("127.0.0.1", port)
            .send("POST", "/chat/confirm", Map.of(), "application/x-www-form-urlencoded", "")
            .status()).isEqualTo(404);

        ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(Duration.ofHours(25))));
        HttpFrom.Response expired = pressConfirm(tokenOf(link));
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.body()).contains("expired");
        assertThat(openLink(link).status()).isEqualTo(410);
        assertThat(conversations.find(id).orElseThrow().identityVerified()).isFalse();
        assertThat(conversations.find(id).orElseThrow().customerId()).isNotEqualTo(victimId);
    }

    @Test
    void confirmationMailsToOneAddressAreCapped() throws Exception {
        String address = "flooded." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        JsonNode first = openChat("Mallory", address, "one");
        JsonNode second = openChat("Mallory", address, "two");
        JsonNode third = openChat("Mallory", address, "three");
        assertThat(first.get("emailConfirmation").asText()).isEqualTo("sent");
        assertThat(second.get("emailConfirmation").asText()).isEqualTo("sent");
        assertThat(third.get("emailConfirmation").asText()).isEqualTo("limit-reached");

        HttpFrom.Response again = new HttpFrom("127.0.0.1", port).postJson(
                "/api/webchat/conversations/" + third.get("conversationId").asText() + "/confirmation",
                Map.of("Authorization", "Bearer " + third.get("token").asText()), "{}");
        assertThat(again.status()).isEqualTo(429);
        assertThat(Long.parseLong(again.header("Retry-After"))).isPositive();
        assertThat(again.header("Content-Type")).startsWith("application/problem+json");

        awaitConfirmationMails(address, 2);
        confirmations.sendDue();
        assertThat(confirmationMailsTo(address)).hasSize(2);
        assertThat(transcript.of(third.get("conversationId").asText())).extracting(TranscriptMessage::body)
            .anySatisfy(b -> assertThat(b).startsWith("No confirmation e-mail sent"));
    }

    @Test
    void aConfirmedAddressNobodyKnewBecomesTheChatsOwnAndLaterMailsFindIt() throws Exception {
        String address = "new." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        JsonNode opened = openChat("Nina New", address, "Do you ship to Austria?");
        String id = opened.get("conversationId").asText();

        // asked again from the page (the first e-mail went missing): a second link, both
        // valid
        HttpFrom.Response again = new HttpFrom("127.0.0.1", port).postJson(
                "/api/webchat/conversations/" + id + "/confirmation",
                Map.of("Authorization", "Bearer " + opened.get("token").asText()), "{}");
        assertThat(again.status()).isEqualTo(202);
        List<MimeMessage> mails = awaitConfirmationMails(address, 2);
        assertThat(pressConfirm(tokenOf(linkPath(mails.get(1)))).status()).isEqualTo(200);
        steps.executeJobs();

        Conversation chat = conversations.find(id).orElseThrow();
        assertThat(chat.identityVerified()).isTrue();
        assertThat(customers.find(chat.customerId()).orElseThrow().provisional()).isFalse();
        assertThat(customers.identitiesOf(chat.customerId())).containsExactly(new CustomerIdentity("email", address));
        assertThat(formVariable(id, "identityNotice")).isEqualTo("");
        HttpFrom.Response asked = new HttpFrom("127.0.0.1", port).postJson(
                "/api/webchat/conversations/" + id + "/confirmation",
                Map.of("Authorization", "Bearer " + opened.get("token").asText()), "{}");
        assertThat(asked.status()).isEqualTo(409);

        // the other link of the same chat now says so, and an authenticated e-mail from
        // Nina joins her chat
        assertThat(pressConfirm(tokenOf(linkPath(mails.get(0)))).body()).contains("is confirmed");
        inbox.accept(new CustomerMessage(Channel.EMAIL, "<" + UUID.randomUUID() + "@example.com>", address, "Nina New",
                "en", "And to Switzerland?", ClockUtil.getCurrentTime().toInstant(), List.of(), null, true));
        dispatcher.dispatchAll();
        assertThat(transcript.of(id)).extracting(TranscriptMessage::body).contains("And to Switzerland?");
    }

    @Test
    void customerProfilesOfUnverifiedChatsCannotBeMergedThroughTheApi() throws Exception {
        String id = openChat("Mallory", victimEmail, "Merge me").get("conversationId").asText();
        String provisional = conversations.find(id).orElseThrow().customerId();
        String maria = "Basic " + Base64.getEncoder().encodeToString("maria:demo".getBytes(StandardCharsets.UTF_8));
        for (String body : List.of("{\"from\":\"" + victimId + "\",\"into\":\"" + provisional + "\"}",
                "{\"from\":\"" + provisional + "\",\"into\":\"" + victimId + "\"}")) {
            HttpFrom.Response r = new HttpFrom("127.0.0.1", port).postJson("/api/customers/merge",
                    Map.of("Authorization", maria), body);
            assertThat(r.status()).as(r.body()).isEqualTo(409);
            assertThat(json.readTree(r.body()).get("type").asText()).endsWith("/identity-unverified");
        }
        assertThat(customers.identitiesOf(victimId)).hasSize(2);
        assertThat(conversations.find(id).orElseThrow().customerId()).isEqualTo(provisional);
        HttpFrom.Response view = new HttpFrom("127.0.0.1", port).get("/api/customers/" + provisional,
                Map.of("Authorization", maria));
        assertThat(json.readTree(view.body()).get("provisional").asBoolean()).isTrue();
    }

}
