package org.asyncdesk.conversation;

import static org.asyncdesk.conversation.ConversationRepository.instant;
import static org.asyncdesk.conversation.ConversationRepository.ts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class TranscriptRepository {

    private final JdbcClient jdbc;

    public TranscriptRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public TranscriptMessage append(TranscriptMessage m) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into message (conversation_id, direction, channel, author, body, created_at,
                                     provider_message_id, delivery_state)
                values (:conversation, :direction, :channel, :author, :body, :at, :provider, :state)""")
            .param("conversation", m.conversationId())
            .param("direction", m.direction().name())
            .param("channel", m.channel().name())
            .param("author", m.author())
            .param("body", m.body())
            .param("at", ts(m.createdAt()))
            .param("provider", m.providerMessageId())
            .param("state", m.deliveryState() == null ? null : m.deliveryState().key())
            .update(keys, "id");
        long id = keys.getKeyAs(Number.class).longValue();
        return new TranscriptMessage(id, m.conversationId(), m.direction(), m.channel(), m.author(), m.body(),
                m.createdAt(), m.providerMessageId(), m.deliveryState());
    }

    public List<TranscriptMessage> of(String conversationId) {
        return jdbc.sql("select * from message where conversation_id = :c order by id")
            .param("c", conversationId)
            .query(this::map)
            .list();
    }

    public Optional<TranscriptMessage> find(long id) {
        return jdbc.sql("select * from message where id = :id").param("id", id).query(this::map).optional();
    }

    public int setDeliveryState(long id, DeliveryState state) {
        return jdbc.sql("update message set delivery_state = :s where id = :id")
            .param("s", state.key())
            .param("id", id)
            .update();
    }

    public int setProviderMessageId(long id, String providerMessageId) {
        return jdbc.sql("update message set provider_message_id = :p where id = :id")
            .param("p", providerMessageId)
            .param("id", id)
            .update();
    }

    public void addAttachment(long messageId, Attachment a) {
        jdbc.sql("""
                insert into message_attachment (message_id, kind, mime_type, media_ref, filename, caption)
                values (:m, :k, :mime, :ref, :f, :c)""")
            .param("m", messageId)
            .param("k", a.kind())
            .param("mime", a.mimeType())
            .param("ref", a.mediaRef())
            .param("f", a.filename())
            .param("c", a.caption())
            .update();
    }

    public List<Attachment> attachmentsOf(long messageId) {
        return jdbc.sql("select * from message_attachment where message_id = :m order by id")
            .param("m", messageId)
            .query((rs, n) -> new Attachment(rs.getString("kind"), rs.getString("mime_type"), rs.getString("media_ref"),
                    rs.getString("filename"), rs.getString("caption")))
            .list();
    }

    /** When the customer last wrote on this channel in this conversation. */
    public Optional<TranscriptMessage> lastInbound(String conversationId, Channel channel) {
        return jdbc.sql("""
                select * from message where conversation_id = :c and direction = 'IN' and channel = :ch
                order by id desc""")
            .param("c", conversationId)
            .param("ch", channel.name())
            .query(this::map)
            .list()
            .stream()
            .findFirst();
    }

    /**
     * The conversation one of our outbound (or a customer's inbound) provider message ids
     * belongs to.
     */
    public Optional<String> conversationOfProviderMessage(Channel channel, Collection<String> providerIds) {
        if (providerIds.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select conversation_id from message where channel = :ch and provider_message_id in (:ids)
                order by id desc""")
            .param("ch", channel.name())
            .param("ids", providerIds)
            .query(String.class)
            .list()
            .stream()
            .findFirst();
    }

    private TranscriptMessage map(ResultSet rs, int row) throws SQLException {
        return new TranscriptMessage(rs.getLong("id"), rs.getString("conversation_id"),
                Direction.valueOf(rs.getString("direction")), Channel.valueOf(rs.getString("channel")),
                rs.getString("author"), rs.getString("body"), instant(rs.getTimestamp("created_at")),
                rs.getString("provider_message_id"), DeliveryState.of(rs.getString("delivery_state")).orElse(null));
    }

}
