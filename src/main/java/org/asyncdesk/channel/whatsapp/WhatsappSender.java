package org.asyncdesk.channel.whatsapp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asyncdesk.channel.ChannelSender;
import org.asyncdesk.channel.ProviderHttp;
import org.asyncdesk.channel.sandbox.Sandbox;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.OutboundMessage;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.springframework.stereotype.Component;

/**
 * Replies through the Graph API messages endpoint ({@code POST
 * {base-url}/{phone-number-id}/messages}, bearer token). WhatsApp allows free-form
 * messages only within 24 hours of the customer's last message; outside that window the
 * configured template goes out instead (it invites the customer to write back), and the
 * agent reads in the transcript that the written reply was not delivered as such.
 */
@Component
class WhatsappSender extends ChannelSender {

    static final Duration SERVICE_WINDOW = Duration.ofHours(24);

    private final WhatsappProperties properties;

    private final ProviderHttp http;

    private final Transcript transcript;

    private final ObjectMapper json;

    private final Clock clock;

    WhatsappSender(WhatsappProperties properties, ProviderHttp http, Sandbox sandbox, Transcript transcript,
            ObjectMapper json, Clock clock) {
        super(Channel.WHATSAPP, "WhatsApp", "the customer has no WhatsApp number; pick another reply channel",
                properties::configured, sandbox, transcript);
        this.properties = properties;
        this.http = http;
        this.transcript = transcript;
        this.json = json;
        this.clock = clock;
    }

    @Override
    protected Reply reply(OutboundMessage message, String to) {
        Instant lastInbound = transcript.lastInbound(message.conversationId(), Channel.WHATSAPP)
            .map(TranscriptMessage::createdAt)
            .orElse(null);
        boolean inWindow = lastInbound != null && lastInbound.plus(SERVICE_WINDOW).isAfter(clock.instant());
        ObjectNode body = json.createObjectNode()
            .put("messaging_product", "whatsapp")
            .put("recipient_type", "individual")
            .put("to", to);
        if (inWindow) {
            body.put("type", "text").putObject("text").put("preview_url", false).put("body", message.text());
        }
        else {
            ObjectNode template = body.put("type", "template")
                .putObject("template")
                .put("name", properties.templateName());
            template.putObject("language").put("code", properties.templateLanguage());
            transcript.recordEvent(message.conversationId(), "Outside WhatsApp's 24-hour window: the reply was not "
                    + "delivered as written; template '" + properties.templateName() + "' was sent instead, asking "
                    + "the customer to write back. Repeat your answer once they do, or reply on another channel.");
        }
        String url = properties.baseUrl() + "/" + properties.phoneNumberId() + "/messages";
        return new Reply(inWindow ? message.text() : "[template " + properties.templateName() + "]", () -> http
            .postMessage(Channel.WHATSAPP, "WhatsApp", message.conversationId(), url,
                    Map.of("Authorization", "Bearer " + properties.accessToken()), "application/json", body.toString())
            .path("messages")
            .path(0)
            .path("id")
            .asText(null));
    }

}
