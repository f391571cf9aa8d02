package org.asyncdesk.channel.sms;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.asyncdesk.AsyncdeskProperties;
import org.asyncdesk.channel.ChannelsProperties;
import org.asyncdesk.channel.InboundLimits;
import org.asyncdesk.channel.WebhookRejected;
import org.asyncdesk.channel.sandbox.SimulatedInbound;
import org.asyncdesk.conversation.Attachment;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.CustomerMessage;
import org.asyncdesk.conversation.DeliveryState;
import org.asyncdesk.conversation.DeliveryTracker;
import org.asyncdesk.inbox.Inbox;
import org.asyncdesk.security.WebhookSignatures;
import org.asyncdesk.web.NulCharacters;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Twilio's incoming-message webhook and status callbacks (both on
 * {@code POST /webhooks/sms}, form-encoded). {@code X-Twilio-Signature} is checked over
 * the URL Twilio called: behind a proxy or load balancer the request we see has another
 * host or scheme, so the URL is {@code asyncdesk.public-url} plus the request path and
 * query. The answer is empty TwiML (no automatic reply; agents answer through Asyncdesk).
 */
@RestController
@RequestMapping("/webhooks/sms")
class SmsWebhook implements SimulatedInbound {

    static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

    private final SmsProperties properties;

    private final ChannelsProperties channels;

    private final AsyncdeskProperties asyncdesk;

    private final Inbox inbox;

    private final DeliveryTracker delivery;

    private final InboundLimits limits;

    private final Clock clock;

    SmsWebhook(SmsProperties properties, ChannelsProperties channels, AsyncdeskProperties asyncdesk, Inbox inbox,
            DeliveryTracker delivery, InboundLimits limits, Clock clock) {
        this.properties = properties;
        this.limits = limits;
        this.channels = channels;
        this.asyncdesk = asyncdesk;
        this.inbox = inbox;
        this.delivery = delivery;
        this.clock = clock;
    }

    @PostMapping(consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<String> receive(HttpServletRequest request,
            @RequestHeader(name = "X-Twilio-Signature", required = false) String signature) throws IOException {
        if (!properties.configured()) {
            throw new WebhookRejected(HttpStatus.SERVICE_UNAVAILABLE, "channel-not-configured",
                    "SMS has no Twilio auth token configured; use the sandbox page to simulate messages");
        }
        if (signature == null || signature.isBlank()) {
            throw new WebhookRejected(HttpStatus.UNAUTHORIZED, "signature-required", "X-Twilio-Signature is missing");
        }
        // read here, not through getParameterMap(): the container's parameter parsing
        // bypasses our size limit
        byte[] raw = request.getInputStream().readNBytes(channels.maxBodySize() + 1);
        if (raw.length > channels.maxBodySize()) {
            throw new WebhookRejected(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
                    "the body is larger than " + channels.maxBodySize() + " bytes");
        }
        Map<String, String[]> postParams = form(new String(raw, StandardCharsets.UTF_8));
        String url = asyncdesk.link(request.getRequestURI().substring(request.getContextPath().length()))
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        // query parameters are part of the URL Twilio signed, not of the sorted POST
        // parameters
        if (!WebhookSignatures.twilioValid(properties.authToken(), url, postParams, signature)) {
            throw new WebhookRejected(HttpStatus.FORBIDDEN, "invalid-signature",
                    "X-Twilio-Signature does not match " + url + " and the parameters");
        }
        Map<String, String> params = single(postParams);
        if (request.getQueryString() != null) {
            form(request.getQueryString()).forEach((k, v) -> params.putIfAbsent(k, v.length == 0 ? "" : v[0]));
        }
        if (params.entrySet().stream().anyMatch(e -> NulCharacters.in(e.getKey()) || NulCharacters.in(e.getValue()))) {
            throw new WebhookRejected(HttpStatus.BAD_REQUEST, "malformed-form", "the form contains NUL characters");
        }
        accept(params);
        return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(EMPTY_TWIML);
    }

    /** application/x-www-form-urlencoded, UTF-8 as Twilio sends it. */
    private static Map<String, String[]> form(String body) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        try {
            for (String pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        catch (IllegalArgumentException badEscape) {
            throw new WebhookRejected(HttpStatus.BAD_REQUEST, "malformed-form",
                    "the body is not a valid URL-encoded form");
        }
        Map<String, String[]> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, v.toArray(String[]::new)));
        return m;
    }

    /**
     * A status callback updates our message's delivery state; an incoming message is
     * stored in the inbox.
     */
    void accept(Map<String, String> p) {
        String sid = p.getOrDefault("MessageSid", p.get("SmsSid"));
        if (sid == null || sid.isBlank()) {
            throw new WebhookRejected(HttpStatus.BAD_REQUEST, "malformed-webhook", "MessageSid is missing");
        }
        String status = p.get("MessageStatus");
        if (status != null && !"received".equalsIgnoreCase(status)) {
            DeliveryState state = switch (status.toLowerCase(Locale.ROOT)) {
                case "accepted", "scheduled", "queued", "sending" -> null;
                case "sent" -> DeliveryState.SENT;
                case "delivered" -> DeliveryState.DELIVERED;
                case "read" -> DeliveryState.READ;
                case "undelivered", "failed", "canceled" -> DeliveryState.FAILED;
                default -> throw new WebhookRejected(HttpStatus.UNPROCESSABLE_ENTITY, "unknown-status",
                        "unknown MessageStatus '" + status + "'");
            };
            if (state != null) {
                String error = p.get("ErrorCode") == null ? null : "Twilio error " + p.get("ErrorCode")
                        + (p.get("ErrorMessage") == null ? "" : ": " + p.get("ErrorMessage"));
                delivery.report(Channel.SMS, sid, state, error);
            }
            return;
        }
        String from = p.get("From");
        if (from == null || from.isBlank()) {
            throw new WebhookRejected(HttpStatus.BAD_REQUEST, "malformed-webhook", "From is missing");
        }
        List<Attachment> media = new ArrayList<>();
        int count = parseInt(p.getOrDefault("NumMedia", "0"));
        for (int i = 0; i < count; i++) {
            media.add(new Attachment(kind(p.get("MediaContentType" + i)), p.get("MediaContentType" + i),
                    p.get("MediaUrl" + i), null, null));
        }
        String body = p.getOrDefault("Body", "").strip();
        if (body.isEmpty() && media.isEmpty()) {
            throw new WebhookRejected(HttpStatus.UNPROCESSABLE_ENTITY, "empty-text",
                    "the message has neither text nor media");
        }
        if (body.isEmpty()) {
            body = "[" + media.get(0).kind() + "]";
        }
        if (body.length() > limits.maxTextLength()) {
            throw new WebhookRejected(HttpStatus.UNPROCESSABLE_ENTITY, "text-too-long",
                    "the message text is longer than " + limits.maxTextLength() + " characters");
        }
        inbox.accept(
                new CustomerMessage(Channel.SMS, sid, from.strip(), null, null, body, clock.instant(), media, null));
    }

    private static String kind(String mime) {
        if (mime == null) {
            return "file";
        }
        for (String k : List.of("image", "audio", "video")) {
            if (mime.startsWith(k + "/")) {
                return k;
            }
        }
        return "document";
    }

    private static int parseInt(String s) {
        try {
            int n = Integer.parseInt(s.strip());
            if (n < 0 || n > 10) {
                throw new NumberFormatException();
            }
            return n;
        }
        catch (NumberFormatException e) {
            throw new WebhookRejected(HttpStatus.BAD_REQUEST, "malformed-webhook", "NumMedia must be 0..10");
        }
    }

    private static Map<String, String> single(Map<String, String[]> params) {
        Map<String, String> m = new LinkedHashMap<>();
        params.forEach((k, v) -> m.put(k, v.length == 0 ? "" : v[0]));
        return m;
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public String simulate(String from, String name, String text) {
        String sid = "SMsandbox" + UUID.randomUUID().toString().replace("-", "");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("MessageSid", sid);
        p.put("AccountSid", properties.accountSid() == null ? "ACsandbox" : properties.accountSid());
        p.put("From", from);
        p.put("To", properties.fromNumber() == null ? "+10000000000" : properties.fromNumber());
        p.put("Body", text);
        p.put("NumMedia", "0");
        p.put("SmsStatus", "received");
        accept(p);
        return sid;
    }

}
