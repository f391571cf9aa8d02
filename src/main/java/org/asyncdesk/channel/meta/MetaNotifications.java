package org.asyncdesk.channel.meta;

import java.io.IOException;
import java.time.Clock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.asyncdesk.channel.ChannelsProperties;
import org.asyncdesk.channel.InboundLimits;
import org.asyncdesk.channel.WebhookRejected;
import org.asyncdesk.channel.WebhookResult;
import org.asyncdesk.conversation.DeliveryState;
import org.asyncdesk.conversation.DeliveryTracker;
import org.asyncdesk.inbox.Inbox;
import org.asyncdesk.web.NulCharacters;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What every Meta webhook needs around its own parsing: the signed body read as JSON, and
 * a parsed notification stored in one transaction. One bean for all of them, so a
 * {@link MetaWebhook} takes one argument for it.
 */
@Component
public class MetaNotifications {

    private final ChannelsProperties channels;

    final InboundLimits limits;

    private final Inbox inbox;

    private final DeliveryTracker delivery;

    private final TransactionTemplate tx;

    private final ObjectMapper json;

    final Clock clock;

    MetaNotifications(ChannelsProperties channels, InboundLimits limits, Inbox inbox, DeliveryTracker delivery,
            TransactionTemplate tx, ObjectMapper json, Clock clock) {
        this.channels = channels;
        this.limits = limits;
        this.inbox = inbox;
        this.delivery = delivery;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The JSON of a signed body; NUL characters anywhere make it malformed (PostgreSQL
     * cannot store them).
     */
    JsonNode read(MetaApp app, String channel, HttpServletRequest request, String signature) throws IOException {
        byte[] body = MetaSignature.signedBody(app.appSecret(), channels.maxBodySize(), request, signature, channel);
        JsonNode root;
        try {
            root = json.readTree(body);
        }
        catch (JsonProcessingException e) {
            throw WebhookRejected.malformedJson(e);
        }
        if (NulCharacters.in(root)) {
            throw new WebhookRejected(HttpStatus.BAD_REQUEST, "malformed-webhook",
                    "the body contains NUL characters (\\u0000)");
        }
        return root;
    }

    /**
     * Messages into the inbox, then the delivery reports, in one transaction; nothing to
     * store, no transaction.
     */
    WebhookResult store(MetaWebhook.Batch batch) {
        if (batch.messages.isEmpty() && batch.reports.isEmpty()) {
            return new WebhookResult(0, 0, 0, batch.ignored, batch.rejected);
        }
        return tx.execute(s -> {
            int stored = inbox.acceptAll(batch.messages);
            batch.reports.forEach(report -> report.accept(delivery));
            return new WebhookResult(stored, batch.messages.size() - stored, batch.reports.size(), batch.ignored,
                    batch.rejected);
        });
    }

}
