package org.asyncdesk.channel.meta;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import org.asyncdesk.channel.InboundLimits;
import org.asyncdesk.channel.WebhookRejected;
import org.asyncdesk.channel.WebhookResult;
import org.asyncdesk.channel.sandbox.SimulatedInbound;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.CustomerMessage;
import org.asyncdesk.conversation.DeliveryState;
import org.asyncdesk.conversation.DeliveryTracker;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A Meta channel's webhook (WhatsApp Cloud API, Messenger; Instagram is the same again).
 * {@code GET}: the subscription check. {@code POST}: a notification signed with the app
 * secret, checked on the raw body; it names its object type and holds entries, each with
 * any number of messages and delivery reports. Messages go into the inbox and reports are
 * applied in one transaction, then Meta gets its 200. Items we cannot use are listed in
 * the answer and skipped; the others of the batch are kept.
 * <p>
 * A channel is a {@code @RestController} with its {@code @RequestMapping} that says how
 * many items an entry holds ({@link #items}) and reads them into the batch
 * ({@link #parse}).
 */
public abstract class MetaWebhook implements SimulatedInbound {

    private final Channel channel;

    private final String name;

    private final String object;

    private final String objectName;

    private final MetaApp app;

    private final MetaNotifications notifications;

    protected final InboundLimits limits;

    protected final Clock clock;

    /**
     * @param name the channel as the operator knows it, in refusals ("WhatsApp has no app
     * secret configured")
     * @param object the notifications' {@code object}, such as {@code page}
     * @param objectName what such a notification is, in refusals ("… is not a Messenger
     * page notification")
     */
    protected MetaWebhook(Channel channel, String name, String object, String objectName, MetaApp app,
            MetaNotifications notifications) {
        this.channel = channel;
        this.name = name;
        this.object = object;
        this.objectName = objectName;
        this.app = app;
        this.notifications = notifications;
        this.limits = notifications.limits;
        this.clock = notifications.clock;
    }

    @GetMapping
    public ResponseEntity<String> verify(@RequestParam(name = "hub.mode", required = false) String mode,
            @RequestParam(name = "hub.verify_token", required = false) String token,
            @RequestParam(name = "hub.challenge", required = false) String challenge) {
        return MetaSubscription.verify(app.verifyToken(), mode, token, challenge);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> receive(HttpServletRequest request,
            @RequestHeader(name = "X-Hub-Signature-256", required = false) String signature) throws IOException {
        return accept(notifications.read(app, name, request, signature)).answer();
    }

    /** Parses a notification and stores what it holds in one transaction. */
    final WebhookResult accept(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new WebhookRejected(HttpStatus.BAD_REQUEST, "malformed-webhook", "the body must be a JSON object");
        }
        String type = root.path("object").asText("");
        if (!object.equals(type)) {
            throw new WebhookRejected(HttpStatus.UNPROCESSABLE_ENTITY, "unknown-object-type",
                    "object '" + type + "' is not a " + objectName + " notification");
        }
        if (!root.path("entry").isArray()) {
            throw new WebhookRejected(HttpStatus.BAD_REQUEST, "malformed-webhook", "'entry' must be an array");
        }
        int count = 0;
        for (JsonNode entry : root.path("entry")) {
            count += items(entry);
        }
        limits.entries(count);
        Batch batch = new Batch(channel);
        int e = 0;
        for (JsonNode entry : root.path("entry")) {
            parse(entry, "entry[" + e++ + "]", batch);
        }
        return notifications.store(batch);
    }

    /**
     * How many messages and reports an entry holds, counted against
     * {@code asyncdesk.channels.inbound.max-entries}.
     */
    protected abstract int items(JsonNode entry);

    /**
     * Reads one entry into the batch; {@code where} ({@code entry[0]}) starts the path of
     * each item's rejection.
     */
    protected abstract void parse(JsonNode entry, String where, Batch batch);

    @Override
    public final Channel channel() {
        return channel;
    }

    /** A notification of this channel's object type, for {@link #simulate} to fill in. */
    protected final ObjectNode notification() {
        return JsonNodeFactory.instance.objectNode().put("object", object);
    }

    /**
     * Takes a simulated notification the way a real one is taken; a refused message
     * refuses the simulation.
     */
    protected final String simulated(JsonNode notification, String messageId) {
        WebhookResult r = accept(notification);
        if (!r.rejected().isEmpty()) {
            throw new IllegalArgumentException(r.rejected().get(0).reason());
        }
        return messageId;
    }

    /**
     * A JSON field that must be a string; a number or anything else there is a malformed
     * item.
     */
    protected static String string(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return v.textValue();
    }

    /** What one notification holds, as its entries are parsed. */
    protected static final class Batch {

        private final Channel channel;

        final List<CustomerMessage> messages = new ArrayList<>();

        final List<Consumer<DeliveryTracker>> reports = new ArrayList<>();

        final List<WebhookResult.Rejection> rejected = new ArrayList<>();

        int ignored;

        private Batch(Channel channel) {
            this.channel = channel;
        }

        /**
         * Parses one item; one that is malformed ({@link IllegalArgumentException}, as
         * from {@link #string} and {@link InboundLimits}) is listed as rejected at
         * {@code where}, and the batch goes on.
         */
        public void item(String where, Runnable parse) {
            try {
                parse.run();
            }
            catch (IllegalArgumentException bad) {
                reject(where, bad.getMessage());
            }
        }

        public void message(CustomerMessage message) {
            messages.add(message);
        }

        /**
         * Something that is not for an agent (a reaction, our own echo, another field's
         * change).
         */
        public void ignore() {
            ignored++;
        }

        public void reject(String where, String reason) {
            rejected.add(new WebhookResult.Rejection(where, reason));
        }

        /** A delivery state of one of our messages, by the provider's message id. */
        public void status(String providerMessageId, DeliveryState state, String error) {
            reports.add(states -> states.report(channel, providerMessageId, state, error));
        }

        /** The customer has read all of our messages sent up to {@code watermark}. */
        public void readUntil(String address, Instant watermark) {
            reports.add(states -> states.reportReadUntil(channel, address, watermark));
        }

    }

}
