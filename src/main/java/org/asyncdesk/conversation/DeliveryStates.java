package org.asyncdesk.conversation;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Delivery state of our outbound messages as providers report it (WhatsApp statuses, Twilio status callbacks,
 * Messenger delivery/read receipts). States only move forward ({@code pending < sent < delivered < read}, and
 * {@code failed} ends it), so callbacks that arrive twice or out of order never move a message back. A callback
 * that arrives before the send call returned the provider id is remembered and applied when the id is stored.
 */
@Service
public class DeliveryStates {

    public static final String PENDING = "pending";
    public static final String SENT = "sent";
    public static final String DELIVERED = "delivered";
    public static final String READ = "read";
    public static final String FAILED = "failed";

    private static final Map<String, Integer> RANK = Map.of(PENDING, 0, SENT, 1, DELIVERED, 2, READ, 3, FAILED, 4);

    private final JdbcClient jdbc;
    private final TranscriptRepository transcript;
    private final TranscriptView view;
    private final Clock clock;

    public DeliveryStates(JdbcClient jdbc, TranscriptRepository transcript, TranscriptView view, Clock clock) {
        this.jdbc = jdbc;
        this.transcript = transcript;
        this.view = view;
        this.clock = clock;
    }

    public static boolean known(String state) {
        return state != null && RANK.containsKey(state.toLowerCase(Locale.ROOT));
    }

    static int rank(String state) {
        return state == null ? -1 : RANK.getOrDefault(state, -1);
    }

    /**
     * A provider's report about one of our messages. Unknown provider ids are kept too (the send may still be
     * returning); they simply never match a transcript entry when the message was not ours.
     */
    @Transactional
    public void report(Channel channel, String providerMessageId, String state, String error) {
        String s = state.toLowerCase(Locale.ROOT);
        int rank = rank(s);
        if (rank < 0) {
            throw new IllegalArgumentException("unknown delivery state " + state);
        }
        String err = error == null ? null : (error.length() > 1900 ? error.substring(0, 1900) : error);
        Timestamp now = Timestamp.from(clock.instant());
        int updated = jdbc.sql("""
                update delivery_status set state = :s, state_rank = :r, error = :e, updated_at = :now
                where channel = :ch and provider_message_id = :p and state_rank < :r""")
                .param("s", s).param("r", rank).param("e", err).param("now", now)
                .param("ch", channel.name()).param("p", providerMessageId).update();
        if (updated == 0) {
            boolean exists = jdbc.sql("select count(*) from delivery_status where channel = :ch and provider_message_id = :p")
                    .param("ch", channel.name()).param("p", providerMessageId).query(Integer.class).single() > 0;
            if (exists) {
                return; // a later state is already known: this callback is late or repeated
            }
            try {
                jdbc.sql("""
                        insert into delivery_status (channel, provider_message_id, state, state_rank, error, updated_at)
                        values (:ch, :p, :s, :r, :e, :now)""")
                        .param("ch", channel.name()).param("p", providerMessageId).param("s", s).param("r", rank)
                        .param("e", err).param("now", now).update();
            } catch (DuplicateKeyException concurrent) {
                report(channel, providerMessageId, state, error);
                return;
            }
        }
        List<TranscriptMessage> ours = jdbc.sql("""
                select * from message where channel = :ch and provider_message_id = :p and direction = 'OUT'""")
                .param("ch", channel.name()).param("p", providerMessageId)
                .query((rs, n) -> transcript.find(rs.getLong("id")).orElseThrow()).list();
        for (TranscriptMessage m : ours) {
            if (rank(m.deliveryState()) < rank) {
                transcript.setDeliveryState(m.id(), s);
                if (FAILED.equals(s)) {
                    transcript.append(new TranscriptMessage(0, m.conversationId(), Direction.EVENT, channel,
                            "Asyncdesk", "The " + channel.key() + " provider could not deliver the reply of "
                            + m.author() + (err == null ? "" : ": " + err), clock.instant(), null, null));
                }
                view.refresh(m.conversationId());
            }
        }
    }

    /**
     * A read receipt by watermark (Messenger): every message we sent this customer address on this channel before
     * the watermark has been read.
     */
    @Transactional
    public void reportReadUntil(Channel channel, String address, java.time.Instant watermark) {
        List<String> providerIds = jdbc.sql("""
                select m.provider_message_id from message m
                  join conversation c on c.id = m.conversation_id
                  join customer_identity i on i.customer_id = c.customer_id
                where m.channel = :ch and m.direction = 'OUT' and m.provider_message_id is not null
                  and m.created_at <= :w and i.channel = :key and i.address = :a
                  and (m.delivery_state is null or m.delivery_state in ('pending', 'sent', 'delivered'))""")
                .param("ch", channel.name()).param("w", Timestamp.from(watermark)).param("key", channel.key())
                .param("a", address).query(String.class).list();
        providerIds.forEach(id -> report(channel, id, READ, null));
    }

    /** The state a message has once the send returned this provider id: "sent", or what a callback reported. */
    String afterSend(Channel channel, String providerMessageId) {
        if (providerMessageId == null) {
            return SENT;
        }
        Optional<String> reported = jdbc.sql(
                        "select state from delivery_status where channel = :ch and provider_message_id = :p")
                .param("ch", channel.name()).param("p", providerMessageId).query(String.class).optional();
        return reported.filter(r -> rank(r) > rank(SENT)).orElse(SENT);
    }
}
