package org.asyncdesk.channel.whatsapp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.asyncdesk.channel.ProviderHttp;
import org.asyncdesk.channel.SandboxAware;
import org.asyncdesk.channel.sandbox.Sandbox;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.OutboundChannel;
import org.asyncdesk.conversation.OutboundMessage;
import org.asyncdesk.conversation.PermanentDeliveryFailure;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.springframework.stereotype.Component;

/**
 * Replies through the Graph API messages endpoint ({@code POST {base-url}/{phone-number-id}/messages}, bearer
 * token). WhatsApp allows free-form messages only within 24 hours of the customer's last message; outside that
 * window the configured template goes out instead (it invites the customer to write back), and the agent reads in
 * the transcript that the written reply was not delivered as such.
 */
@Component
class WhatsappSender implements OutboundChannel, SandboxAware {

    static final Duration SERVICE_WINDOW = Duration.ofHours(24);

    private final WhatsappProperties properties;
    private final ProviderHttp http;
    private final Sandbox sandbox;
    private final Transcript transcript;
    private final ObjectMapper json;
    private final Clock clock;

    WhatsappSender(WhatsappProperties properties, ProviderHttp http, Sandbox sandbox,
                   Transcript transcript, ObjectMapper json, Clock clock) {
        this.properties = properties;
        this.http = http;
        this.sandbox = sandbox;
        this.transcript = transcript;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Channel channel() {
        return Channel.WHATSAPP;
    }

    @Override
    public boolean sandboxed() {
        return !properties.configured();
    }

    @Override
    public String send(OutboundMessage message) {
        String to = message.addressOn(Channel.WHATSAPP.key());
        if (to == null) {
            String why = "the customer has no WhatsApp number; pick another reply channel";
            transcript.recordDeliveryProblem(message.conversationId(), Channel.WHATSAPP, "Reply not sent: " + why);
            throw new PermanentDeliveryFailure("WhatsApp: " + why);
        }
        Instant lastInbound = transcript.lastInbound(message.conversationId(), Channel.WHATSAPP)
                .map(TranscriptMessage::createdAt).orElse(null);
        boolean inWindow = lastInbound != null && lastInbound.plus(SERVICE_WINDOW).isAfter(clock.instant());
        ObjectNode body = json.createObjectNode().put("messaging_product", "whatsapp")
                .put("recipient_type", "individual").put("to", to);
        if (inWindow) {
            body.put("type", "text").putObject("text").put("preview_url", false).put("body", message.text());
        } else {
            ObjectNode template = body.put("type", "template").putObject("template").put("name", properties.templateName());
            template.putObject("language").put("code", properties.templateLanguage());
            transcript.recordEvent(message.conversationId(), "Outside WhatsApp's 24-hour window: the reply was not "
                    + "delivered as written; template '" + properties.templateName() + "' was sent instead, asking "
                    + "the customer to write back. Repeat your answer once they do, or reply on another channel.");
        }
        if (sandboxed()) {
            return sandbox.record(Channel.WHATSAPP, to, message.conversationId(),
                    inWindow ? message.text() : "[template " + properties.templateName() + "]");
        }
        String url = properties.baseUrl() + "/" + properties.phoneNumberId() + "/messages";
        return http.postMessage(Channel.WHATSAPP, "WhatsApp", message.conversationId(), url,
                        Map.of("Authorization", "Bearer " + properties.accessToken()), "application/json", body.toString())
                .path("messages").path(0).path("id").asText(null);
    }
}
