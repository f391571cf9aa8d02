package org.asyncdesk.channel.messenger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asyncdesk.channel.meta.MetaNotifications;
import org.asyncdesk.channel.meta.MetaWebhook;
import org.asyncdesk.conversation.Attachment;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.CustomerMessage;
import org.asyncdesk.conversation.DeliveryState;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Messenger Platform webhooks ({@code object: page}): each entry has messaging events:
 * messages (text and attachments), delivery receipts (by message id) and read receipts
 * (by watermark). Our own page's echoes are ignored.
 */
@RestController
@RequestMapping("/webhooks/messenger")
class MessengerWebhook extends MetaWebhook {

    MessengerWebhook(MessengerProperties properties, MetaNotifications notifications) {
        super(Channel.MESSENGER, "Messenger", "page", "Messenger page", properties, notifications);
    }

    @Override
    protected int items(JsonNode entry) {
        return entry.path("messaging").size();
    }

    @Override
    protected void parse(JsonNode entry, String where, Batch batch) {
        int i = 0;
        for (JsonNode event : entry.path("messaging")) {
            batch.item(where + ".messaging[" + i++ + "]", () -> event(event, batch));
        }
    }

    private void event(JsonNode event, Batch batch) {
        String psid = string(event.path("sender"), "id");
        if (event.has("message")) {
            JsonNode m = event.path("message");
            if (m.path("is_echo").asBoolean(false)) {
                batch.ignore();
            }
            else {
                batch.message(message(psid, event, m));
            }
        }
        else if (event.has("delivery")) {
            for (JsonNode mid : event.path("delivery").path("mids")) {
                batch.status(mid.asText(), DeliveryState.DELIVERED, null);
            }
        }
        else if (event.has("read")) {
            batch.readUntil(psid, limits.timestamp(event.path("read"), "watermark", true, clock));
        }
        else {
            batch.ignore(); // postbacks, reactions, referrals: not for an agent's queue
        }
    }

    private CustomerMessage message(String psid, JsonNode event, JsonNode m) {
        String mid = string(m, "mid");
        if (psid.isBlank() || mid.isBlank()) {
            throw new IllegalArgumentException("a message needs sender.id and message.mid");
        }
        List<Attachment> attachments = new ArrayList<>();
        for (JsonNode a : m.path("attachments")) {
            String type = a.path("type").asText("file");
            JsonNode payload = a.path("payload");
            if (payload.has("coordinates")) {
                attachments.add(new Attachment("location", null,
                        "geo:" + payload.path("coordinates").path("lat").asDouble() + ","
                                + payload.path("coordinates").path("long").asDouble(),
                        null, a.path("title").asText(null)));
            }
            else {
                attachments.add(new Attachment(type, null, payload.path("url").asText(null), null, null));
            }
        }
        String text = string(m, "text").strip();
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
    public String simulate(String from, String name, String text) {
        String mid = "m_sandbox-" + UUID.randomUUID();
        ObjectNode root = notification();
        ObjectNode event = root.putArray("entry")
            .addObject()
            .put("id", "sandbox-page")
            .put("time", clock.millis())
            .putArray("messaging")
            .addObject();
        event.putObject("sender").put("id", from);
        event.putObject("recipient").put("id", "sandbox-page");
        event.put("timestamp", clock.millis());
        event.putObject("message").put("mid", mid).put("text", text);
        return simulated(root, mid);
    }

}
