package org.asyncdesk.channel.messenger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.asyncdesk.channel.ChannelFixture;
import org.asyncdesk.conversation.DeliveryState;
import org.asyncdesk.conversation.Direction;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.support.PostgresTest;
import org.asyncdesk.support.ProviderStub;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Messenger Platform: page webhooks in (messages, attachments, echoes, delivery and read
 * receipts), Send API out.
 */
@PostgresTest
class MessengerChannelIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TaskService tasks;

    @Autowired
    Transcript transcript;

    ChannelFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ChannelFixture(port, jdbc, tasks, transcript);
        ProviderStub.get().resetAll();
    }

    static String page(String events) {
        return "{\"object\":\"page\",\"entry\":[{\"id\":\"682498302938465\",\"time\":1518479195594,\"messaging\":["
                + events + "]}]}";
    }

    @Test
    void messagesAndAttachmentsComeInEchoesAreIgnoredAndTheReplyUsesTheSendApi() throws Exception {
        String psid = "PSID" + ChannelFixture.phone();
        var subscription = fx.get(
                "/webhooks/messenger?hub.mode=subscribe&hub.verify_token=fb-verify&hub.challenge=CHALLENGE_ACCEPTED",
                Map.of());
        assertThat(subscription.body()).isEqualTo("CHALLENGE_ACCEPTED");
        ProviderStub.get()
            .stubFor(post(urlEqualTo("/v21.0/me/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"recipient_id\":\"" + psid + "\",\"message_id\":\"m_out-" + psid + "\"}")));

        String events = """
                {"sender":{"id":"%s"},"recipient":{"id":"682498302938465"},"timestamp":1458692752478,
                 "message":{"mid":"m_text-%s","text":"hello, world!"}},
                {"sender":{"id":"682498302938465"},"recipient":{"id":"%s"},"timestamp":1458692752479,
                 "message":{"is_echo":true,"app_id":1517776481860111,"mid":"m_echo-%s","text":"our own"}},
                {"sender":{"id":"%s"},"recipient":{"id":"682498302938465"},"timestamp":1458692752480,
                 "message":{"mid":"m_img-%s","attachments":[{"type":"image","payload":{"url":"https://cdn.example/x.jpg"}}]}}
                """
            .formatted(psid, psid, psid, psid, psid, psid);
        var answer = fx.metaWebhook("/webhooks/messenger", ChannelFixture.FB_SECRET, page(events));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("\"stored\":2").contains("\"ignored\":1");

        String conversation = fx.awaitConversation("messenger", psid);
        fx.awaitMessage(conversation, m -> ("m_img-" + psid).equals(m.providerMessageId()));
        assertThat(fx.transcript(conversation)).noneMatch(m -> "our own".equals(m.body()));

        fx.reply(conversation, "Hi! How can we help?", null);
        await().atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> ProviderStub.get()
                .verify(postRequestedFor(urlEqualTo("/v21.0/me/messages"))
                    .withHeader("Authorization", equalTo("Bearer fb-page-token"))
                    .withRequestBody(equalToJson(
                            """
                                    {"recipient":{"id":"%s"},"messaging_type":"RESPONSE","message":{"text":"Hi! How can we help?"}}"""
                                .formatted(psid)))));
        TranscriptMessage out = fx.awaitMessage(conversation,
                m -> m.direction() == Direction.OUT && m.deliveryState() == DeliveryState.SENT);

        String delivery = """
                {"sender":{"id":"%s"},"recipient":{"id":"682498302938465"},"delivery":{"mids":["m_out-%s"],"watermark":1458668856253}}"""
            .formatted(psid, psid);
        assertThat(fx.metaWebhook("/webhooks/messenger", ChannelFixture.FB_SECRET, page(delivery)).status())
            .isEqualTo(200);
        assertThat(transcript.message(out.id()).orElseThrow().deliveryState()).isEqualTo(DeliveryState.DELIVERED);
        String read = """
                {"sender":{"id":"%s"},"recipient":{"id":"682498302938465"},"timestamp":%d,"read":{"watermark":%d}}"""
            .formatted(psid, System.currentTimeMillis(), System.currentTimeMillis() + 60_000);
        assertThat(fx.metaWebhook("/webhooks/messenger", ChannelFixture.FB_SECRET, page(read)).status()).isEqualTo(200);
        assertThat(transcript.message(out.id()).orElseThrow().deliveryState()).isEqualTo(DeliveryState.READ);
    }

    @Test
    void unsignedOrForeignPayloadsAreRefused() throws Exception {
        String body = page(
                "{\"sender\":{\"id\":\"1\"},\"recipient\":{\"id\":\"2\"},\"message\":{\"mid\":\"m_x\",\"text\":\"x\"}}");
        assertThat(fx.post("/webhooks/messenger", "application/json", body.getBytes(), Map.of()).status())
            .isEqualTo(401);
        assertThat(fx.metaWebhook("/webhooks/messenger", ChannelFixture.WA_SECRET, body).status()).isEqualTo(403);
        assertThat(fx
            .metaWebhook("/webhooks/messenger", ChannelFixture.FB_SECRET,
                    "{\"object\":\"whatsapp_business_account\",\"entry\":[]}")
            .status()).isEqualTo(422);
        assertThat(
                jdbc.sql("select count(*) from inbox where provider_message_id = 'm_x'").query(Integer.class).single())
            .isZero();
    }

}
