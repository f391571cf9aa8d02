package org.asyncdesk.channel.sms;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.asyncdesk.AsyncdeskProperties;
import org.asyncdesk.channel.ChannelSender;
import org.asyncdesk.channel.ProviderHttp;
import org.asyncdesk.channel.sandbox.Sandbox;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.OutboundMessage;
import org.asyncdesk.conversation.Transcript;
import org.springframework.stereotype.Component;

/**
 * Replies through Twilio's Messages API ({@code POST
 * /2010-04-01/Accounts/{sid}/Messages.json}, form-encoded, HTTP Basic with account SID
 * and auth token). Twilio reports delivery to {@code /webhooks/sms} (StatusCallback).
 */
@Component
class SmsSender extends ChannelSender {

    private final SmsProperties properties;

    private final AsyncdeskProperties asyncdesk;

    private final ProviderHttp http;

    SmsSender(SmsProperties properties, AsyncdeskProperties asyncdesk, ProviderHttp http, Sandbox sandbox,
            Transcript transcript) {
        super(Channel.SMS, "SMS", "the customer has no phone number; pick another reply channel",
                properties::configured, sandbox, transcript);
        this.properties = properties;
        this.asyncdesk = asyncdesk;
        this.http = http;
    }

    /**
     * The SMS number, else the WhatsApp number (WhatsApp ids are E.164 without the plus).
     */
    @Override
    protected String address(OutboundMessage message) {
        String to = message.addressOn(Channel.SMS.key());
        if (to == null) {
            to = message.addressOn(Channel.WHATSAPP.key()) == null ? null
                    : "+" + message.addressOn(Channel.WHATSAPP.key());
        }
        return to;
    }

    @Override
    protected Reply reply(OutboundMessage message, String to) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", to);
        form.put("From", properties.fromNumber());
        form.put("Body", message.text());
        form.put("StatusCallback", asyncdesk.link("/webhooks/sms"));
        String payload = form.entrySet()
            .stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
        String url = properties.baseUrl() + "/2010-04-01/Accounts/" + properties.accountSid() + "/Messages.json";
        String basic = Base64.getEncoder()
            .encodeToString((properties.accountSid() + ":" + properties.authToken()).getBytes(StandardCharsets.UTF_8));
        return new Reply(message.text(),
                () -> http
                    .postMessage(Channel.SMS, "Twilio", message.conversationId(), url,
                            Map.of("Authorization", "Basic " + basic), "application/x-www-form-urlencoded", payload)
                    .path("sid")
                    .asText(null));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

}
