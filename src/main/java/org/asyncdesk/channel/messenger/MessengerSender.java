package org.asyncdesk.channel.messenger;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asyncdesk.channel.ChannelSender;
import org.asyncdesk.channel.ProviderHttp;
import org.asyncdesk.channel.sandbox.Sandbox;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.OutboundMessage;
import org.asyncdesk.conversation.Transcript;
import org.springframework.stereotype.Component;

/**
 * Replies through the Send API ({@code POST {base-url}/me/messages},
 * {@code messaging_type: RESPONSE}).
 */
@Component
class MessengerSender extends ChannelSender {

    private final MessengerProperties properties;

    private final ProviderHttp http;

    private final ObjectMapper json;

    MessengerSender(MessengerProperties properties, ProviderHttp http, Sandbox sandbox, Transcript transcript,
            ObjectMapper json) {
        super(Channel.MESSENGER, "Messenger", "the customer has never written on Messenger; pick another reply channel",
                properties::configured, sandbox, transcript);
        this.properties = properties;
        this.http = http;
        this.json = json;
    }

    @Override
    protected Reply reply(OutboundMessage message, String psid) {
        ObjectNode body = json.createObjectNode();
        body.putObject("recipient").put("id", psid);
        body.put("messaging_type", "RESPONSE");
        body.putObject("message").put("text", message.text());
        return new Reply(message.text(), () -> http.postMessage(Channel.MESSENGER, "Messenger",
                message.conversationId(), properties.baseUrl() + "/me/messages",
                Map.of("Authorization", "Bearer " + properties.pageAccessToken()), "application/json", body.toString())
            .path("message_id")
            .asText(null));
    }

}
