package org.asyncdesk.channel.messenger;

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
import org.springframework.stereotype.Component;

/** Replies through the Send API ({@code POST {base-url}/me/messages}, {@code messaging_type: RESPONSE}). */
@Component
class MessengerSender implements OutboundChannel, SandboxAware {

    private final MessengerProperties properties;
    private final ProviderHttp http;
    private final Sandbox sandbox;
    private final Transcript transcript;
    private final ObjectMapper json;

    MessengerSender(MessengerProperties properties, ProviderHttp http, Sandbox sandbox,
                    Transcript transcript, ObjectMapper json) {
        this.properties = properties;
        this.http = http;
        this.sandbox = sandbox;
        this.transcript = transcript;
        this.json = json;
    }

    @Override
    public Channel channel() {
        return Channel.MESSENGER;
    }

    @Override
    public boolean sandboxed() {
        return !properties.configured();
    }

    @Override
    public String send(OutboundMessage message) {
        String psid = message.addressOn(Channel.MESSENGER.key());
        if (psid == null) {
            String why = "the customer has never written on Messenger; pick another reply channel";
            transcript.recordDeliveryProblem(message.conversationId(), Channel.MESSENGER, "Reply not sent: " + why);
            throw new PermanentDeliveryFailure("Messenger: " + why);
        }
        if (sandboxed()) {
            return sandbox.record(Channel.MESSENGER, psid, message.conversationId(), message.text());
        }
        ObjectNode body = json.createObjectNode();
        body.putObject("recipient").put("id", psid);
        body.put("messaging_type", "RESPONSE");
        body.putObject("message").put("text", message.text());
        return http.postMessage(Channel.MESSENGER, "Messenger", message.conversationId(), properties.baseUrl() + "/me/messages",
                        Map.of("Authorization", "Bearer " + properties.pageAccessToken()), "application/json",
                        body.toString())
                .path("message_id").asText(null);
    }
}
