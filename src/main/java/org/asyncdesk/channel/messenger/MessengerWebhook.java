package org.asyncdesk.channel.messenger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.asyncdesk.channel.whatsapp.MetaSubscription;
import org.asyncdesk.conversation.Attachment;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.CustomerMessage;
import org.asyncdesk.conversation.DeliveryState;
import org.asyncdesk.conversation.DeliveryTracker;
import org.asyncdesk.inbox.Inbox;
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
 * Messenger Platform webhooks ({@code object: page}): messages (text and attachments), delivery receipts (by message
 * id) and read receipts (by watermark). Our own page's echoes are ignored. Same verification as WhatsApp.
 */
@RestController
@RequestMapping("/webhooks/messenger")
class MessengerWebhook implements SimulatedInbound {

    private final MessengerProperties properties;
    private final ChannelsProperties channels;
    private final InboundLimits limits;
    private final Inbox inbox;
    private final DeliveryTracker delivery;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final Clock clock;

    MessengerWebhook(MessengerProperties properties, ChannelsProperties channels, InboundLimits limits, Inbox inbox,
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
                "Messenger");
        return accept(MetaSubscription.parse(json, body)).answer();
    }

    private record Receipt(String mid, String psid, Instant readUntil) {
    }

    WebhookResult accept(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new WebhookRejected(HttpStatus.BAD_REQUEST, "malformed-webhook", "the body must be a JSON object");
        }
        String object = root.path("object").asText("");
        if (!"page".equals(object)) {
            throw new WebhookRejected(HttpStatus.UNPROCESSABLE_ENTITY, "unknown-object-type",
                    "object '" + object + "' is not a Messenger page notification");
        }
        if (!root.path("entry").isArray()) {
            throw new WebhookRejected(HttpStatus.BAD_REQUEST, "malformed-webhook", "'entry' must be an array");
        }
        int count = 0;
        for (JsonNode entry : root.path("entry")) {
            count += entry.path("messaging").size();
        }
        limits.entries(count);
        List<CustomerMessage> messages = new ArrayList<>();
        List<Receipt> receipts = new ArrayList<>();
        List<WebhookResult.Rejection> rejected = new ArrayList<>();
        int ignored = 0;
        int e = 0;
        for (JsonNode entry : root.path("entry")) {
            int i = 0;
            for (JsonNode event : entry.path("messaging")) {
                String where = "entry[" + e + "].messaging[" + i++ + "]";
                try {
                    String psid = MetaSubscription.string(event.path("sender"), "id");
                    if (event.has("message")) {
                        JsonNode m = event.path("message");
                        if (m.path("is_echo").asBoolean(false)) {
                            ignored++;
                            continue;
                        }
                        messages.add(message(psid, event, m));
                    } else if (event.has("delivery")) {
                        for (JsonNode mid : event.path("delivery").path("mids")) {
                            receipts.add(new Receipt(mid.asText(), psid, null));
                        }
                    } else if (event.has("read")) {
                        receipts.add(new Receipt(null, psid, limits.timestamp(event.path("read"), "watermark", true, clock)));
                    } else {
                        ignored++; // postbacks, reactions, referrals: not for an agent's queue
                    }
                } catch (IllegalArgumentException bad) {
                    rejected.add(new WebhookResult.Rejection(where, bad.getMessage()));
                }
            }
            e++;
        }
        int ignoredCount = ignored;
        if (messages.isEmpty() && receipts.isEmpty()) {
            return new WebhookResult(0, 0, 0, ignoredCount, rejected);
        }
        return tx.execute(s -> {
            int stored = inbox.acceptAll(messages);
            for (Receipt r : receipts) {
                if (r.mid() != null) {
                    delivery.report(Channel.MESSENGER, r.mid(), DeliveryState.DELIVERED, null);
                } else {
                    delivery.reportReadUntil(Channel.MESSENGER, r.psid(), r.readUntil());
                }
            }
            return new WebhookResult(stored, messages.size() - stored, receipts.size(), ignoredCount, rejected);
        });
    }

    private CustomerMessage message(String psid, JsonNode event, JsonNode m) {
        String mid = MetaSubscription.string(m, "mid");
        if (psid.isBlank() || mid.isBlank()) {
            throw new IllegalArgumentException("a message needs sender.id and message.mid");
        }
        List<Attachment> attachments = new ArrayList<>();
        for (JsonNode a : m.path("attachments")) {
            String type = a.path("type").asText("file");
            JsonNode payload = a.path("payload");
            if (payload.has("coordinates")) {
                attachments.add(new Attachment("location", null, "geo:" + payload.path("coordinates").path("lat").asDouble()
                        + "," + payload.path("coordinates").path("long").asDouble(), null, a.path("title").asText(null)));
            } else {
                attachments.add(new Attachment(type, null, payload.path("url").asText(null), null, null));
            }
        }
        String text = MetaSubscription.string(m, "text").strip();
        if (text.isEmpty() && attachments.isEmpty()) {
            throw new IllegalArgumentException("empty text");
        }
        if (text.isEmpty()) {
            text = "[" + attachments.get(0).kind() + "]";
        }
        limits.text(text);
        Instant at = limits.timestamp(event, "timestamp", true, clock);
        return new CustomerMessage(Channel.MESSENGER, mid, psid, null, null, text, at, attachments, null);
    }

    @Override
    public Channel channel() {
        return Channel.MESSENGER;
    }

    @Override
    public String simulate(String from, String name, String text) {
        String mid = "m_sandbox-" + UUID.randomUUID();
        ObjectNode root = json.createObjectNode().put("object", "page");
        ObjectNode event = root.putArray("entry").addObject().put("id", "sandbox-page")
                .put("time", clock.millis()).putArray("messaging").addObject();
        event.putObject("sender").put("id", from);
        event.putObject("recipient").put("id", "sandbox-page");
        event.put("timestamp", clock.millis());
        event.putObject("message").put("mid", mid).put("text", text);
        WebhookResult r = accept(root);
        if (!r.rejected().isEmpty()) {
            throw new IllegalArgumentException(r.rejected().get(0).reason());
        }
        return mid;
    }
}
