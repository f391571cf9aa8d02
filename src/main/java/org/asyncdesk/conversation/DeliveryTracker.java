package org.asyncdesk.conversation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records the {@link DeliveryState} of our outbound messages: the result of the send
 * call, and what providers report later (WhatsApp statuses, Twilio status callbacks,
 * Messenger delivery/read receipts). A report only moves a message forward; one that
 * arrives before the send call returned the provider id is kept and applied when the id
 * is stored.
 */
@Service
public class DeliveryTracker {

    private final JdbcClient jdbc;

    private final TranscriptRepository transcript;

    private final TranscriptView view;

    private final Clock clock;

    public DeliveryTracker(JdbcClient jdbc, TranscriptRepository transcript, TranscriptView view, Clock clock) {
        this.jdbc = jdbc;
        this.transcript = transcript;
        this.view = view;
        this.clock = clock;
    }

    /**
     * A provider's report about one of our messages. Unknown provider ids are kept too
     * (the send may still be returning); they simply never match a transcript entry when
     * the message was not ours.
     */
    @Transactional
    public void report(Channel channel, String providerMessageId, DeliveryState state, String error) {
        String s = state.key();
        int rank = state.rank();
        String err = error == null ? null : (error.length() > 1900 ? error.substring(0, 1900) : error);
        Timestamp now = Timestamp.from(clock.instant());
        int updated = jdbc.sql("""
                update delivery_status set state = :s, state_rank = :r, error = :e, updated_at = :now
                where channel = :ch and provider_message_id = :p and state_rank < :r""")
            .param("s", s)
            .param("r", rank)
            .param("e", err)
            .param("now", now)
            .param("ch", channel.name())
            .param("p", providerMessageId)
            .update();
        if (updated == 0) {
            boolean exists = jdbc
                .sql("select count(*) from delivery_status where channel = :ch and provider_message_id = :p")
                .param("ch", channel.name())
                .param("p", providerMessageId)
                .query(Integer.class)
                .single() > 0;
            if (exists) {
                return; // a later state is already known: this callback is late or
                        // repeated
            }
            try {
                jdbc.sql("""
                        insert into delivery_status (channel, provider_message_id, state, state_rank, error, updated_at)
                        values (:ch, :p, :s, :r, :e, :now)""")
                    .param("ch", channel.name())
                    .param("p", providerMessageId)
                    .param("s", s)
                    .param("r", rank)
                    .param("e", err)
                    .param("now", now)
                    .update();
            }
            catch (DuplicateKeyException concurrent) {
                report(channel, providerMessageId, state, error);
                return;
            }
        }
        List<TranscriptMessage> ours = jdbc.sql("""
                select * from message where channel = :ch and provider_message_id = :p and direction = 'OUT'""")
            .param("ch", channel.name())
            .param("p", providerMessageId)
            .query((rs, n) -> transcript.find(rs.getLong("id")).orElseThrow())
            .list();
        for (TranscriptMessage m : ours) {
            if (m.deliveryState() == null || m.deliveryState().isBefore(state)) {
                transcript.setDeliveryState(m.id(), state);
                if (state == DeliveryState.FAILED) {
                    transcript.append(new TranscriptMessage(0, m.conversationId(), Direction.EVENT, channel,
                            Transcript.ASYNCDESK, "The " + channel.key() + " provider could not deliver the reply of "
                                    + m.author() + (err == null ? "" : ": " + err),
                            clock.instant(), null, null));
                }
                view.refresh(m.conversationId());
            }
        }
    }

    /**
     * A read receipt by watermark (Messenger): every message we sent this customer
     * address on this channel before the watermark has been read.
     */
    @Transactional
    public void reportReadUntil(Channel channel, String address, Instant watermark) {
        List<String> providerIds = jdbc.sql("""
                select m.provider_message_id from message m
                  join conversation c on c.id = m.conversation_id
                  join customer_identity i on i.customer_id = c.customer_id
                where m.channel = :ch and m.direction = 'OUT' and m.provider_message_id is not null
                  and m.created_at <= :w and i.channel = :key and i.address = :a
                  and (m.delivery_state is null or m.delivery_state in (:unread))""")
            .param("ch", channel.name())
            .param("w", Timestamp.from(watermark))
            .param("key", channel.key())
            .param("a", address)
            .param("unread",
                    Arrays.stream(DeliveryState.values())
                        .filter(st -> st.isBefore(DeliveryState.READ))
                        .map(DeliveryState::key)
                        .toList())
            .query(String.class)
            .list();
        providerIds.forEach(id -> report(channel, id, DeliveryState.READ, null));
    }

    /**
     * The send call went through: the message is {@code sent}, or further when a callback
     * overtook the call's response.
     */
    @Transactional
    public void sent(long transcriptMessageId, String providerMessageId) {
        DeliveryState state = DeliveryState.SENT;
        if (providerMessageId != null) {
            transcript.setProviderMessageId(transcriptMessageId, providerMessageId);
            Channel channel = transcript.find(transcriptMessageId).orElseThrow().channel();
            state = jdbc.sql("select state from delivery_status where channel = :ch and provider_message_id = :p")
                .param("ch", channel.name())
                .param("p", providerMessageId)
                .query(String.class)
                .optional()
                .flatMap(DeliveryState::of)
                .filter(DeliveryState.SENT::isBefore)
                .orElse(DeliveryState.SENT);
        }
        transcript.setDeliveryState(transcriptMessageId, state);
    }

    /**
     * Survives the rollback of the failing send, so the transcript shows the failure
     * while the job retries.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void failed(long transcriptMessageId) {
        transcript.setDeliveryState(transcriptMessageId, DeliveryState.FAILED);
    }

}
