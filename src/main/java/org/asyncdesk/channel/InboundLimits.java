package org.asyncdesk.channel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpStatus;

/**
 * What one signed provider notification may carry. A valid signature says who sent it,
 * not that its values are sane: an entry beyond these limits is rejected on its own (the
 * batch's other entries are kept), a notification with more entries than
 * {@code maxEntries} as a whole.
 *
 * @param maxTextLength longest message text in characters (WhatsApp allows 4,096, Twilio
 * 1,600, Messenger 2,000); at most 100,000, the transcript's column
 * @param maxEntries most messages and statuses in one notification (Meta batches up to
 * 1,000)
 */
@ConfigurationProperties("asyncdesk.channels.inbound")
public record InboundLimits(@DefaultValue("20000") int maxTextLength, @DefaultValue("1000") int maxEntries) {

    /** Provider clocks are trusted this far ahead of ours, no further. */
    private static final Duration CLOCK_SKEW = Duration.ofDays(1);

    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    public InboundLimits {
        if (maxTextLength < 1 || maxTextLength > 100_000) {
            throw new IllegalArgumentException("asyncdesk.channels.inbound.max-text-length must be 1..100000");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("asyncdesk.channels.inbound.max-entries must be at least 1");
        }
    }

    /** The text, or an entry-level refusal when it is longer than the limit. */
    public String text(String text) {
        if (text != null && text.length() > maxTextLength) {
            throw new IllegalArgumentException("text longer than " + maxTextLength + " characters");
        }
        return text;
    }

    /**
     * A provider timestamp ({@code unit} seconds or milliseconds since the epoch, as a
     * number or a numeric string); missing means now. Anything else, or a time before
     * 2000 or more than a day ahead, refuses the entry.
     */
    public Instant timestamp(JsonNode node, String field, boolean millis, Clock clock) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return clock.instant();
        }
        long value;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            value = v.longValue();
        }
        else if (v.isTextual() && v.textValue().matches("\\d{1,19}")) {
            try {
                value = Long.parseLong(v.textValue());
            }
            catch (NumberFormatException e) {
                throw outOfRange(field);
            }
        }
        else {
            throw new IllegalArgumentException("'" + field + "' must be a whole number");
        }
        long seconds = millis ? value / 1000 : value;
        if (seconds < EARLIEST.getEpochSecond() || seconds > clock.instant().plus(CLOCK_SKEW).getEpochSecond()) {
            throw outOfRange(field);
        }
        return millis ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
    }

    /**
     * Refuses a notification with more entries than the limit, before anything of it is
     * stored.
     */
    public void entries(int count) {
        if (count > maxEntries) {
            throw new WebhookRejected(HttpStatus.PAYLOAD_TOO_LARGE, "too-many-entries", "the notification holds "
                    + count + " messages and statuses; at most " + maxEntries + " are taken in one request");
        }
    }

    private static IllegalArgumentException outOfRange(String field) {
        return new IllegalArgumentException(
                "'" + field + "' is not a plausible time (before 2000 or more than a day " + "ahead)");
    }
}
