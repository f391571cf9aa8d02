package org.asyncdesk.channel.sms;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.asyncdesk.channel.ChannelFixture;
import org.asyncdesk.conversation.DeliveryState;
import org.asyncdesk.conversation.Direction;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.support.PostgresTest;
import org.asyncdesk.support.ProviderSignatures;
import org.asyncdesk.support.ProviderStub;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Twilio SMS: signed form webhooks in (URL from asyncdesk.public-url), Messages API out,
 * status callbacks.
 */
@PostgresTest
class SmsChannelIT {

    static final String MESSAGES_PATH = "/2010-04-01/Accounts/" + ChannelFixture.TWILIO_SID + "/Messages.json";

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

    static Map<String, String> inbound(String sid, String from, String body) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ToCountry", "US");
        p.put("SmsMessageSid", sid);
        p.put("NumMedia", "0");
        p.put("SmsSid", sid);
        p.put("SmsStatus", "received");
        p.put("Body", body);
        p.put("To", "+15005550006");
        p.put("NumSegments", "1");
        p.put("MessageSid", sid);
        p.put("AccountSid", ChannelFixture.TWILIO_SID);
        p.put("From", from);
        p.put("ApiVersion", "2010-04-01");
        return p;
    }

    @Test
    void signedSmsIsStoredAnsweredWithEmptyTwimlAndTheReplyGoesThroughTheMessagesApi() throws Exception {
        String from = "+" + ChannelFixture.phone();
        String sid = "SM" + from.substring(1) + "aa";
        ProviderStub.get()
            .stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"sid\":\"SMout" + from.substring(1) + "\",\"status\":\"queued\"}")));

        var answer = fx.twilioWebhook(inbound(sid, from, "Is my order shipped?"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("text/xml");
        assertThat(answer.body()).contains("<Response></Response>");
        // Twilio retries the same message: stored once
        assertThat(fx.twilioWebhook(inbound(sid, from, "Is my order shipped?")).status()).isEqualTo(200);

        String conversation = fx.awaitConversation("sms", from);
        fx.awaitMessage(conversation, m -> "Is my order shipped?".equals(m.body()));
        fx.reply(conversation, "Yes, yesterday & tracked.", null);

        String basic = "Basic " + Base64.getEncoder()
            .encodeToString(
                    (ChannelFixture.TWILIO_SID + ":" + ChannelFixture.TWILIO_TOKEN).getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> ProviderStub.get()
                .verify(postRequestedFor(urlEqualTo(MESSAGES_PATH)).withHeader("Authorization", equalTo(basic))
                    .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                    .withFormParam("To", equalTo(from))
                    .withFormParam("From", equalTo("+15005550006"))
                    .withFormParam("Body", equalTo("Yes, yesterday & tracked."))
                    .withFormParam("StatusCallback", equalTo("http://localhost:8080/webhooks/sms"))));
        TranscriptMessage out = fx.awaitMessage(conversation,
                m -> m.direction() == Direction.OUT && m.deliveryState() == DeliveryState.SENT);

        Map<String, String> delivered = new LinkedHashMap<>();
        delivered.put("MessageSid", "SMout" + from.substring(1));
        delivered.put("MessageStatus", "delivered");
        delivered.put("AccountSid", ChannelFixture.TWILIO_SID);
        delivered.put("To", from);
        assertThat(fx.twilioWebhook(delivered).status()).isEqualTo(200);
        assertThat(transcript.message(out.id()).orElseThrow().deliveryState()).isEqualTo(DeliveryState.DELIVERED);
        assertThat(jdbc.sql("select count(*) from inbox where provider_message_id = :s")
            .param("s", sid)
            .query(Integer.class)
            .single()).isEqualTo(1);
    }

    @Test
    void mmsMediaIsKeptAsAttachment() throws Exception {
        String from = "+" + ChannelFixture.phone();
        Map<String, String> p = inbound("MM" + from.substring(1), from, "");
        p.put("NumMedia", "1");
        p.put("MediaContentType0", "image/png");
        p.put("MediaUrl0", "https://api.twilio.com/2010-04-01/Accounts/AC/Messages/MM/Media/ME1");
        assertThat(fx.twilioWebhook(p).status()).isEqualTo(200);
        String conversation = fx.awaitConversation("sms", from);
        TranscriptMessage in = fx.awaitMessage(conversation, m -> m.direction() == Direction.IN);
        assertThat(in.body()).isEqualTo("[image]");
        assertThat(transcript.attachments(in.id())).singleElement()
            .satisfies(a -> assertThat(a.mediaRef()).endsWith("/Media/ME1"));
    }

    @Test
    void wrongOrMissingSignatureIsRefusedAndNothingStored() throws Exception {
        String from = "+" + ChannelFixture.phone();
        Map<String, String> p = inbound("SMforged" + from.substring(1), from, "hi");
        byte[] body = ChannelFixture.form(p).getBytes(StandardCharsets.UTF_8);
        assertThat(fx.post("/webhooks/sms", "application/x-www-form-urlencoded", body, Map.of()).status())
            .isEqualTo(401);
        // signed for another URL (e.g. the internal host behind the proxy) does not count
        String wrongUrl = ProviderSignatures.twilio(ChannelFixture.TWILIO_TOKEN,
                "http://localhost:" + port + "/webhooks/sms", p);
        var forged = fx.post("/webhooks/sms", "application/x-www-form-urlencoded", body,
                Map.of("X-Twilio-Signature", wrongUrl));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.contentType()).startsWith("application/problem+json");
        Map<String, String> empty = inbound("SMempty" + from.substring(1), from, "  ");
        assertThat(fx.twilioWebhook(empty).status()).isEqualTo(422);
        assertThat(jdbc.sql("select count(*) from inbox where sender_address = :a")
            .param("a", from)
            .query(Integer.class)
            .single()).isZero();
    }

}
