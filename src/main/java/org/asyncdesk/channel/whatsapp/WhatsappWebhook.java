package org.asyncdesk.channel.whatsapp;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.asyncdesk.channel.ChannelsProperties;
import org.asyncdesk.channel.InboundLimits;
import org.asyncdesk.channel.SimulatedInbound;
import org.asyncdesk.channel.WebhookRejected;
import org.asyncdesk.channel.WebhookResult;
import org.asyncdesk.conversation.Attachment;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.CustomerMessage;
import org.asyncdesk.conversation.DeliveryState;
import org.asyncdesk.conversation.DeliveryTracker;
import org.asyncdesk.inbox.Inbox;
import org.asyncdesk.security.WebhookSignatures;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * WhatsApp Cloud API webhooks. {@code GET}: Meta's subscription check. {@code POST}: signed notifications, each with
 * any number of entries, changes, messages and statuses. The signature is checked on the raw body; messages are
 * stored in the inbox and statuses applied in one transaction, then Meta gets its 200. Entries we cannot use are
 * listed in the answer and skipped; the others of the batch are kept.
 */
@RestController
@RequestMapping("/webhooks/whatsapp")
class WhatsappWebhook implements SimulatedInbound {

    private final WhatsappProperties properties;
    private final ChannelsProperties channels;
    private final InboundLimits limits;
    private final Inbox inbox;
    private final DeliveryTracker delivery;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final Clock clock;

    WhatsappWebhook(WhatsappProperties properties, ChannelsProperties channels, InboundLimits limits, Inbox inbox,
                    DeliveryTracker delivery, TransactionTemplate tx, ObjectMapper json, Clock clock) {
        this.properties = properties;
        this.channels = channels;
        this.limits = limits;
        this.inbox = inbox;
        this.delivery = delivery;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping
    ResponseEntity<String> verify(@RequestParam(name = "hub.mode", required = false) String mode,
                                  @RequestParam(name = "hub.verify_token", required = false) String token,
                                  @RequestParam(name = "hub.challenge", required = false) String challenge) {
        return MetaSubscription.verify(properties.verifyToken(), mode, token, challenge);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> receive(HttpServletRequest request,
                              @RequestHeader(name = "X-Hub-Signature-256", required = false) String signature)
            throws java.io.IOException {
        byte[] body = MetaSubscription.signedBody(properties.appSecret(), channels.maxBodySize(), request, signature,
                "WhatsApp");
        return accept(MetaSubscription.parse(json, body)).answer();
    }

    /** Parses a notification and stores what it holds in one transaction. */
    WebhookResult accept(JsonNode root) {
        Parsed parsed = parse(root);
        if (parsed.messages.isEmpty() && parsed.statuses.isEmpty()) {
            return new WebhookResult(0, 0, 0, parsed.ignored, parsed.rejected);
        }
        return tx.execute(s -> {
            int stored = inbox.acceptAll(parsed.messages);
            for (Status st : parsed.statuses) {
                delivery.report(Channel.WHATSAPP, st.id, st.state, st.error);
            }
            return new WebhookResult(stored, parsed.messages.size() - stored, parsed.statuses.size(), parsed.ignored,
                    parsed.rejected);
        });
    }

    record Status(String id, DeliveryState state, String error) {
    }

    static final class Parsed {
        final List<CustomerMessage> messages = new ArrayList<>();
        final List<Status> statuses = new ArrayList<>();
        final List<WebhookResult.Rejection> rejected = new ArrayList<>();
        int ignored;
    }

    Parsed parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new WebhookRejected(HttpStatus.BAD_REQUEST, "malformed-webhook", "the body must be a JSON object");
        }
        String object = root.path("object").asText("");
        if (!"whatsapp_business_account".equals(object)) {
            throw new WebhookRejected(HttpStatus.UNPROCESSABLE_ENTITY, "unknown-object-type",
                    "object '" + object + "' is not a WhatsApp Business Account notification");
        }
        if (!root.path("entry").isArray()) {
            throw new WebhookRejected(HttpStatus.BAD_REQUEST, "malformed-webhook", "'entry' must be an array");
        }
        int count = 0;
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                count += change.path("value").path("messages").size() + change.path("value").path("statuses").size();
            }
        }
        limits.entries(count);
        Parsed p = new Parsed();
        int e = 0;
        for (JsonNode entry : root.path("entry")) {
            int c = 0;
            for (JsonNode change : entry.path("changes")) {
                String where = "entry[" + e + "].changes[" + c + "]";
                JsonNode value = change.path("value");
                if (!"messages".equals(change.path("field").asText("messages")) || !value.isObject()) {
                    p.ignored++;
                    c++;
                    continue;
                }
                Map<String, String> names = new HashMap<>();
                for (JsonNode contact : value.path("contacts")) {
                    names.put(contact.path("wa_id").asText(), contact.path("profile").path("name").asText(null));
                }
                int m = 0;
                for (JsonNode message : value.path("messages")) {
                    String at = where + ".messages[" + m++ + "]";
                    try {
                        CustomerMessage parsed = message(message, names);
                        if (parsed == null) {
                            p.ignored++;
                        } else {
                            p.messages.add(parsed);
                        }
                    } catch (IllegalArgumentException bad) {
                        p.rejected.add(new WebhookResult.Rejection(at, bad.getMessage()));
                    }
                }
                int s = 0;
                for (JsonNode status : value.path("statuses")) {
                    String at = where + ".statuses[" + s++ + "]";
                    String id = status.path("id").asText("");
                    Optional<DeliveryState> state = DeliveryState.of(status.path("status").asText(""));
                    if (id.isBlank() || state.isEmpty()) {
                        p.rejected.add(new WebhookResult.Rejection(at, "status needs an 'id' and a 'status' of sent, "
                                + "delivered, read or failed"));
                        continue;
                    }
                    JsonNode err = status.path("errors").path(0);
                    String error = err.isMissingNode() ? null : (err.path("title").asText(err.path("message").asText(""))
                            + (err.path("error_data").path("details").isMissingNode() ? ""
                            : ": " + err.path("error_data").path("details").asText())
                            + " [code " + err.path("code").asText("?") + "]");
                    p.statuses.add(new Status(id, state.get(), error));
                }
                c++;
            }
            e++;
        }
        return p;
    }

    /** @return the message, or null for kinds that are not for an agent (reactions, system notices) */
    private CustomerMessage message(JsonNode m, Map<String, String> names) {
        String id = MetaSubscription.string(m, "id");
        String from = MetaSubscription.string(m, "from");
        if (id.isBlank() || from.isBlank()) {
            throw new IllegalArgumentException("a message needs 'id' and 'from'");
        }
        String type = MetaSubscription.string(m, "type");
        Instant at = limits.timestamp(m, "timestamp", false, clock);
        String text;
        List<Attachment> attachments = new ArrayList<>();
        switch (type) {
            case "text" -> text = MetaSubscription.string(m.path("text"), "body");
            case "image", "video", "audio", "document", "sticker" -> {
                JsonNode media = m.path(type);
                if (!media.hasNonNull("id")) {
                    throw new IllegalArgumentException(type + " message without a media id");
                }
                String caption = media.path("caption").asText(null);
                attachments.add(new Attachment(type, media.path("mime_type").asText(null), media.path("id").asText(),
                        media.path("filename").asText(null), caption));
                text = caption == null || caption.isBlank() ? "[" + type + "]" : caption;
            }
            case "location" -> {
                JsonNode loc = m.path("location");
                if (!loc.path("latitude").isNumber() || !loc.path("longitude").isNumber()) {
                    throw new IllegalArgumentException("location message without latitude and longitude");
                }
                String label = String.join(", ", java.util.stream.Stream.of(loc.path("name").asText(null),
                        loc.path("address").asText(null)).filter(x -> x != null && !x.isBlank()).toList());
                attachments.add(new Attachment("location", null, "geo:" + loc.path("latitude").asDouble() + ","
                        + loc.path("longitude").asDouble(), null, label.isEmpty() ? null : label));
                text = "[location]" + (label.isEmpty() ? "" : " " + label);
            }
            case "button" -> text = m.path("button").path("text").asText("");
            case "interactive" -> {
                JsonNode i = m.path("interactive");
                text = i.path("button_reply").path("title").asText(i.path("list_reply").path("title").asText(""));
            }
            case "reaction", "system", "ephemeral" -> {
                return null;
            }
            default -> throw new IllegalArgumentException("unsupported message type '" + type + "'");
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty text");
        }
        limits.text(text);
        return new CustomerMessage(Channel.WHATSAPP, id, from, names.get(from), null, text.strip(), at, attachments,
                null);
    }

    @Override
    public Channel channel() {
        return Channel.WHATSAPP;
    }

    @Override
    public String simulate(String from, String name, String text) {
        String id = "wamid.sandbox-" + UUID.randomUUID();
        ObjectNode root = json.createObjectNode().put("object", "whatsapp_business_account");
        ObjectNode value = root.putArray("entry").addObject().put("id", "sandbox").putArray("changes").addObject()
                .put("field", "messages").putObject("value").put("messaging_product", "whatsapp");
        value.putArray("contacts").addObject().put("wa_id", from).putObject("profile").put("name", name);
        ObjectNode message = value.putArray("messages").addObject().put("from", from).put("id", id)
                .put("timestamp", String.valueOf(clock.instant().getEpochSecond())).put("type", "text");
        message.putObject("text").put("body", text);
        WebhookResult r = accept(root);
        if (!r.rejected().isEmpty()) {
            throw new IllegalArgumentException(r.rejected().get(0).reason());
        }
        return id;
    }
}
