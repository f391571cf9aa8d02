package org.asyncdesk.channel.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.asyncdesk.channel.ChannelFixture;
import org.asyncdesk.conversation.DeliveryState;
import org.asyncdesk.conversation.Direction;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.support.PostgresTest;
import org.asyncdesk.support.ProviderSignatures;
import org.asyncdesk.support.ProviderStub;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.runtime.Incident;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * WhatsApp Cloud API end to end on PostgreSQL: Meta's documented webhook payloads in
 * (signed), Graph API calls out to the provider stub, statuses back.
 */
@PostgresTest
class WhatsappChannelIT {

    static final String MESSAGES_PATH = "/v21.0/106540352242922/messages";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TaskService tasks;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService managementService;

    @Autowired
    Transcript transcript;

    ChannelFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ChannelFixture(port, jdbc, tasks, transcript);
        ProviderStub.get().resetAll();
    }

    static String notification(String value) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"field":"messages",
                 "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881",
                 "phone_number_id":"106540352242922"},%s}}]}]}""".formatted(value);
    }

    static String textMessage(String from, String name, String id, String text) {
        return notification("""
                "contacts":[{"profile":{"name":"%s"},"wa_id":"%s"}],
                "messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"%s"}}]"""
            .formatted(name, from, from, id, Instant.now().getEpochSecond(), text));
    }

    static String status(String wamid, String state, String recipient) {
        return notification("""
                "statuses":[{"id":"%s","status":"%s","timestamp":"%d","recipient_id":"%s"}]""".formatted(wamid, state,
                Instant.now().getEpochSecond(), recipient));
    }

    @Test
    void subscriptionCheckEchoesTheChallengeOnlyForTheRightToken() throws Exception {
        var ok = fx.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wa-verify&hub.challenge=1158201444",
                Map.of());
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1158201444");
        var wrong = fx.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1", Map.of());
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
    }

    @Test
    void textMessageOpensAConversationAndTheReplyGoesOutThroughTheGraphApiWithDeliveryStates() throws Exception {
        String from = ChannelFixture.phone();
        String wamid = "wamid.in-" + from;
        ProviderStub.get()
            .stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + from + "\",\"wa_id\":\""
                        + from + "\"}],\"messages\":[{\"id\":\"wamid.out-" + from + "\"}]}")));

        var answer = fx.metaWebhook("/webhooks/whatsapp", ChannelFixture.WA_SECRET,
                textMessage(from, "Sheena Nelson", wamid, "Does it come in another color?"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("\"stored\":1");

        String conversation = fx.awaitConversation("whatsapp", from);
        TranscriptMessage in = fx.awaitMessage(conversation, m -> m.direction() == Direction.IN);
        assertThat(in.body()).isEqualTo("Does it come in another color?");
        assertThat(in.author()).isEqualTo("Sheena Nelson");

        fx.reply(conversation, "Yes, in blue and green.", null);
        await().atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> ProviderStub.get()
                .verify(postRequestedFor(urlEqualTo(MESSAGES_PATH))
                    .withHeader("Authorization", equalTo("Bearer wa-access-token"))
                    .withHeader("Content-Type", WireMock.containing("application/json"))
                    .withRequestBody(equalToJson("""
                            {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"text",
                             "text":{"preview_url":false,"body":"Yes, in blue and green."}}""".formatted(from)))));
        TranscriptMessage out = fx.awaitMessage(conversation,
                m -> m.direction() == Direction.OUT && m.deliveryState() == DeliveryState.SENT);
        assertThat(out.providerMessageId()).isEqualTo("wamid.out-" + from);

        // read arrives before delivered (out of order) and delivered is repeated: the
        // state never goes back
        fx.metaWebhook("/webhooks/whatsapp", ChannelFixture.WA_SECRET, status("wamid.out-" + from, "read", from));
        fx.metaWebhook("/webhooks/whatsapp", ChannelFixture.WA_SECRET, status("wamid.out-" + from, "delivered", from));
        fx.metaWebhook("/webhooks/whatsapp", ChannelFixture.WA_SECRET, status("wamid.out-" + from, "delivered", from));
        assertThat(transcript.message(out.id()).orElseThrow().deliveryState()).isEqualTo(DeliveryState.READ);
    }

    @Test
    void mediaBecomesAttachmentMetadataWithANoteForTheAgent() throws Exception {
        String from = ChannelFixture.phone();
        String body = notification(
                """
                        "contacts":[{"profile":{"name":"Ana"},"wa_id":"%s"}],
                        "messages":[
                         {"from":"%s","id":"wamid.img-%s","timestamp":"1749416383","type":"image",
                          "image":{"caption":"The scratch on the lid","mime_type":"image/jpeg","sha256":"abc","id":"1003383421387256"}},
                         {"from":"%s","id":"wamid.loc-%s","timestamp":"1749416384","type":"location",
                          "location":{"latitude":48.137,"longitude":11.575,"name":"Our shop","address":"Marienplatz 1"}},
                         {"from":"%s","id":"wamid.doc-%s","timestamp":"1749416385","type":"document",
                          "document":{"filename":"invoice.pdf","mime_type":"application/pdf","sha256":"def","id":"2003"}}]"""
                    .formatted(from, from, from, from, from, from, from));
        assertThat(fx.metaWebhook("/webhooks/whatsapp", ChannelFixture.WA_SECRET, body).status()).isEqualTo(200);
        String conversation = fx.awaitConversation("whatsapp", from);
        TranscriptMessage image = fx.awaitMessage(conversation,
                m -> ("wamid.img-" + from).equals(m.providerMessageId()));
        assertThat(image.body()).isEqualTo("The scratch on the lid");
        assertThat(transcript.attachments(image.id())).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("image");
            assertThat(a.mimeType()).isEqualTo("image/jpeg");
            assertThat(a.mediaRef()).isEqualTo("1003383421387256");
        });
        fx.awaitMessage(conversation, m -> ("wamid.doc-" + from).equals(m.providerMessageId()));
        List<String> events = fx.transcript(conversation)
            .stream()
            .filter(m -> m.direction() == Direction.EVENT)
            .map(TranscriptMessage::body)
            .toList();
        assertThat(events).anyMatch(e -> e.contains("image (image/jpeg)") && e.contains("1003383421387256"));
        assertThat(events)
            .anyMatch(e -> e.contains("location") && e.contains("48.137,11.575") && e.contains("Marienplatz 1"));
        assertThat(events).anyMatch(e -> e.contains("invoice.pdf"));
    }

    @Test
    void batchKeepsValidEntriesWhenOneIsBadAndProviderRetriesAreStoredOnce() throws Exception {
        String a = ChannelFixture.phone();
        String b = ChannelFixture.phone();
        String batch = """
                {"object":"whatsapp_business_account","entry":[
                 {"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",
                   "contacts":[{"profile":{"name":"A"},"wa_id":"%s"}],
                   "messages":[{"from":"%s","id":"wamid.batch1-%s","timestamp":"1749416383","type":"text","text":{"body":"first"}},
                               {"from":"%s","id":"wamid.batch2-%s","timestamp":"1749416384","type":"text","text":{"body":"   "}},
                               {"from":"%s","id":"wamid.batch3-%s","timestamp":"1749416385","type":"text","text":{"body":"second"}}]}}]},
                 {"id":"2","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",
                   "messages":[{"from":"%s","id":"wamid.batch4-%s","timestamp":"1749416386","type":"unsupported"}]}}]},
                 {"id":"3","changes":[{"field":"messages","value":{"messaging_product":"whatsapp",
                   "messages":[{"from":"%s","id":"wamid.batch5-%s","timestamp":"1749416387","type":"text","text":{"body":"from b"}}]}}]}
                ]}"""
            .formatted(a, a, a, a, a, a, a, b, b, b, b);
        var first = fx.metaWebhook("/webhooks/whatsapp", ChannelFixture.WA_SECRET, batch);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).contains("\"stored\":3").contains("empty text").contains("unsupported message type");
        var retry = fx.metaWebhook("/webhooks/whatsapp", ChannelFixture.WA_SECRET, batch);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body()).contains("\"stored\":0").contains("\"duplicates\":3");

        String conversationA = fx.awaitConversation("whatsapp", a);
        fx.awaitMessage(conversationA, m -> "second".equals(m.body()));
        String conversationB = fx.awaitConversation("whatsapp", b);
        fx.awaitMessage(conversationB, m -> "from b".equals(m.body()));
        // in order, once each
        assertThat(fx.transcript(conversationA)
            .stream()
            .filter(m -> m.direction() == Direction.IN)
            .map(TranscriptMessage::body)).containsExactly("first", "second");
        assertThat(jdbc.sql("select count(*) from inbox where provider_message_id like :p")
            .param("p", "wamid.batch%-" + a)
            .query(Integer.class)
            .single()).isEqualTo(2);
    }

    @Test
    void badRequestsGetSpecificProblemsAndStoreNothing() throws Exception {
        String from = ChannelFixture.phone();
        String valid = textMessage(from, "X", "wamid.bad-" + from, "hello");
        byte[] body = valid.getBytes(StandardCharsets.UTF_8);

        var unsigned = fx.post("/webhooks/whatsapp", "application/json", body, Map.of());
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(unsigned.contentType()).startsWith("application/problem+json");
        var forged = fx.post("/webhooks/whatsapp", "application/json", body,
                Map.of("X-Hub-Signature-256", ProviderSignatures.meta("wrong", body)));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(fx.metaWebhook("/webhooks/whatsapp", ChannelFixture.WA_SECRET, "{\"object\": ").status())
            .isEqualTo(400);
        var unknown = fx.metaWebhook("/webhooks/whatsapp", ChannelFixture.WA_SECRET,
                "{\"object\":\"instagram\",\"entry\":[]}");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body()).contains("unknown-object-type");
        var empty = fx.metaWebhook("/webhooks/whatsapp", ChannelFixture.WA_SECRET,
                textMessage(from, "X", "wamid.empty-" + from, ""));
        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.body()).contains("empty text");
        String huge = textMessage(from, "X", "wamid.huge-" + from, "x".repeat(1_100_000));
        assertThat(fx.metaWebhook("/webhooks/whatsapp", ChannelFixture.WA_SECRET, huge).status()).isEqualTo(413);

        assertThat(jdbc.sql("select count(*) from inbox where sender_address = :a")
            .param("a", from)
            .query(Integer.class)
            .single()).isZero();
    }

    @Test
    void transientProviderErrorsAreRetriedAndAPermanentRefusalBecomesAnIncidentWithTheProvidersText() throws Exception {
        String from = ChannelFixture.phone();
        // the acknowledgement goes out first, without trouble
        ProviderStub.get()
            .stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(
                    aResponse().withStatus(200).withBody("{\"messages\":[{\"id\":\"wamid.ack-" + from + "\"}]}")));
        fx.metaWebhook("/webhooks/whatsapp", ChannelFixture.WA_SECRET,
                textMessage(from, "Eve", "wamid.t-" + from, "Where is my parcel?"));
        String conversation = fx.awaitConversation("whatsapp", from);
        fx.awaitAcknowledged(conversation);
        ProviderStub.get().resetMappings();
        // first call 503, then 429, then success: all inside one send
        ProviderStub.get()
            .stubFor(post(urlEqualTo(MESSAGES_PATH)).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("second"));
        ProviderStub.get()
            .stubFor(post(urlEqualTo(MESSAGES_PATH)).inScenario("flaky")
                .whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0"))
                .willSetStateTo("ok"));
        ProviderStub.get()
            .stubFor(post(urlEqualTo(MESSAGES_PATH)).inScenario("flaky")
                .whenScenarioStateIs("ok")
                .willReturn(
                        aResponse().withStatus(200).withBody("{\"messages\":[{\"id\":\"wamid.ok-" + from + "\"}]}")));
        fx.reply(conversation, "It is on its way.", null);
        TranscriptMessage sent = fx.awaitMessage(conversation, m -> m.direction() == Direction.OUT
                && "It is on its way.".equals(m.body()) && m.deliveryState() == DeliveryState.SENT);
        assertThat(sent.providerMessageId()).isEqualTo("wamid.ok-" + from);
        ProviderStub.get().verify(3, postRequestedFor(urlEqualTo(MESSAGES_PATH)));

        // the customer writes again; the next reply is refused for good
        ProviderStub.get().resetAll();
        ProviderStub.get()
            .stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(
                        "{\"error\":{\"message\":\"(#131030) Recipient phone number not in allowed list\",\"type\":\"OAuthException\","
                                + "\"code\":131030,\"error_data\":{\"details\":\"Add recipient phone number to recipient list\"}}}")));
        fx.metaWebhook("/webhooks/whatsapp", ChannelFixture.WA_SECRET,
                textMessage(from, "Eve", "wamid.t2-" + from, "Thanks, and the invoice?"));
        fx.awaitMessage(conversation, m -> "Thanks, and the invoice?".equals(m.body()));
        fx.reply(conversation, "Attached.", null);
        String processInstance = runtime.createProcessInstanceQuery()
            .processInstanceBusinessKey(conversation)
            .singleResult()
            .getId();
        Incident incident = await().atMost(Duration.ofSeconds(30))
            .until(() -> runtime.createIncidentQuery().processInstanceId(processInstance).singleResult(),
                    i -> i != null);
        assertThat(incident.getIncidentMessage()).contains("HTTP 400")
            .contains("Recipient phone number not in allowed list");
        ProviderStub.get()
            .verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH))
                .withRequestBody(matchingJsonPath("$.text.body", equalTo("Attached."))));
        TranscriptMessage failed = fx.awaitMessage(conversation, m -> "Attached.".equals(m.body()));
        assertThat(failed.deliveryState()).isEqualTo(DeliveryState.FAILED);
        assertThat(fx.transcript(conversation)).anyMatch(m -> m.direction() == Direction.EVENT
                && m.body().contains("Recipient phone number not in allowed list"));
    }

    @Test
    void aRefusedAcknowledgementShowsAsFailedAndItsRetryReusesTheEntry() throws Exception {
        String from = ChannelFixture.phone();
        ProviderStub.get()
            .stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"(#131026) Message undeliverable\",\"code\":131026}}")));
        fx.metaWebhook("/webhooks/whatsapp", ChannelFixture.WA_SECRET,
                textMessage(from, "Rita Refused", "wamid.ack-" + from, "Is the shop open on Sunday?"));
        String conversation = fx.awaitConversation("whatsapp", from);
        String instance = await().atMost(Duration.ofSeconds(30))
            .until(() -> runtime.createProcessInstanceQuery().processInstanceBusinessKey(conversation).singleResult(),
                    p -> p != null)
            .getId();
        Incident incident = await().atMost(Duration.ofSeconds(30))
            .until(() -> runtime.createIncidentQuery()
                .processInstanceId(instance)
                .activityId("Acknowledge")
                .singleResult(), i -> i != null);
        assertThat(incident.getIncidentMessage()).contains("HTTP 400").contains("Message undeliverable");
        // the agent sees that the customer was not told the answer time
        TranscriptMessage failed = fx.awaitMessage(conversation,
                m -> "Asyncdesk".equals(m.author()) && m.direction() == Direction.OUT);
        assertThat(failed.deliveryState()).isEqualTo(DeliveryState.FAILED);

        // the provider takes it again; an operator retries the job in Cockpit: the same
        // entry is sent, not a second one
        ProviderStub.get().resetAll();
        ProviderStub.get()
            .stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messages\":[{\"id\":\"wamid.ack-out-" + from + "\"}]}")));
        managementService.setJobRetries(incident.getConfiguration(), 1);
        try {
            managementService.executeJob(incident.getConfiguration());
        }
        catch (OptimisticLockingException | NullValueException alreadyTakenByTheJobExecutor) {
            // the job executor ran it first: as good
        }
        TranscriptMessage sent = fx.awaitMessage(conversation,
                m -> m.id() == failed.id() && m.deliveryState() == DeliveryState.SENT);
        assertThat(sent.providerMessageId()).isEqualTo("wamid.ack-out-" + from);
        assertThat(fx.transcript(conversation))
            .filteredOn(m -> "Asyncdesk".equals(m.author()) && m.direction() == Direction.OUT)
            .singleElement()
            .satisfies(m -> assertThat(m.body()).isEqualTo(failed.body()));
    }

}
