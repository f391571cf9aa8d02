package org.asyncdesk.channel.whatsapp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

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
 * WhatsApp Cloud API webhooks ({@code object: whatsapp_business_account}): each entry has
 * changes, each change of the {@code messages} field has contacts (the senders' profile
 * names), messages and statuses.
 */
@RestController
@RequestMapping("/webhooks/whatsapp")
class WhatsappWebhook extends MetaWebhook {

    WhatsappWebhook(WhatsappProperties properties, MetaNotifications notifications) {
        super(Channel.WHATSAPP, "WhatsApp", "whatsapp_business_account", "WhatsApp Business Account", properties,
                notifications);
    }

    @Override
    protected int items(JsonNode entry) {
        int count = 0;
        for (JsonNode change : entry.path("changes")) {
            count += change.path("value").path("messages").size() + change.path("value").path("statuses").size();
        }
        return count;
    }

    @Override
    protected void parse(JsonNode entry, String where, Batch batch) {
        int c = 0;
        for (JsonNode change : entry.path("changes")) {
            String at = where + ".changes[" + c++ + "]";
            JsonNode value = change.path("value");
            if (!"messages".equals(change.path("field").asText("messages")) || !value.isObject()) {
                batch.ignore();
                continue;
            }
            Map<String, String> names = new HashMap<>();
            for (JsonNode contact : value.path("contacts")) {
                names.put(contact.path("wa_id").asText(), contact.path("profile").path("name").asText(null));
            }
            int m = 0;
            for (JsonNode message : value.path("messages")) {
                batch.item(at + ".messages[" + m++ + "]", () -> {
                    CustomerMessage parsed = message(message, names);
                    if (parsed == null) {
                        batch.ignore();
                    }
                    else {
                        batch.message(parsed);
                    }
                });
            }
            int s = 0;
            for (JsonNode status : value.path("statuses")) {
                status(status, at + ".statuses[" + s++ + "]", batch);
            }
        }
    }

    private static void status(JsonNode status, String at, Batch batch) {
        String id = status.path("id").asText("");
        Optional<DeliveryState> state = DeliveryState.of(status.path("status").asText(""));
        if (id.isBlank() || state.isEmpty()) {
            batch.reject(at, "status needs an 'id' and a 'status' of sent, delivered, read or failed");
            return;
        }
        JsonNode err = status.path("errors").path(0);
        String error = err.isMissingNode() ? null
                : (err.path("title").asText(err.path("message").asText(""))
                        + (err.path("error_data").path("details").isMissingNode() ? ""
                                : ": " + err.path("error_data").path("details").asText())
                        + " [code " + err.path("code").asText("?") + "]");
        batch.status(id, state.get(), error);
    }

    /**
     * @return the message, or null for kinds that are not for an agent (reactions, system
     * notices)
     */
    private CustomerMessage message(JsonNode m, Map<String, String> names) {
        String id = string(m, "id");
        String from = string(m, "from");
        if (id.isBlank() || from.isBlank()) {
            throw new IllegalArgumentException("a message needs 'id' and 'from'");
        }
        String type = string(m, "type");
        Instant at = limits.timestamp(m, "timestamp", false, clock);
        String text;
        List<Attachment> attachments = new ArrayList<>();
        switch (type) {
            case "text" -> text = string(m.path("text"), "body");
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
                String label = String.join(", ",
                        Stream.of(loc.path("name").asText(null), loc.path("address").asText(null))
                            .filter(x -> x != null && !x.isBlank())
                            .toList());
                attachments.add(new Attachment("location", null,
                        "geo:" + loc.path("latitude").asDouble() + "," + loc.path("longitude").asDouble(), null,
                        label.isEmpty() ? null : label));
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
    public String simulate(String from, String name, String text) {
        String id = "wamid.sandbox-" + UUID.randomUUID();
        ObjectNode root = notification();
        ObjectNode value = root.putArray("entry")
            .addObject()
            .put("id", "sandbox")
            .putArray("changes")
            .addObject()
            .put("field", "messages")
            .putObject("value")
            .put("messaging_product", "whatsapp");
        value.putArray("contacts").addObject().put("wa_id", from).putObject("profile").put("name", name);
        ObjectNode message = value.putArray("messages")
            .addObject()
            .put("from", from)
            .put("id", id)
            .put("timestamp", String.valueOf(clock.instant().getEpochSecond()))
            .put("type", "text");
        message.putObject("text").put("body", text);
        return simulated(root, id);
    }

}
