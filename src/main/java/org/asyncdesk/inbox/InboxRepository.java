package org.asyncdesk.inbox;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.asyncdesk.conversation.Attachment;
import org.asyncdesk.conversation.Channel;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Repository;

@Repository
class InboxRepository {

    private static final String COLUMNS = """
            insert into inbox (channel, provider_message_id, order_key, sender_address, sender_name, language,
                               body, conversation_id, message_id, status, attempts, next_attempt_at, received_at,
                               attachments, thread_conversation_id, sender_verified)
            values (:ch, :pid, :key, :addr, :name, :lang, :body, :conv, :msg, 'PENDING', 0, :now, :now,
                    :att, :thread, :verified)""";

    private final JdbcClient jdbc;

    private final boolean onConflict;

    public InboxRepository(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.onConflict = isPostgres(dataSource);
    }

    private static boolean isPostgres(DataSource dataSource) {
        try {
            return "PostgreSQL"
                .equals(JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName));
        }
        catch (MetaDataAccessException e) {
            return false;
        }
    }

    /**
     * @return the new row's id, or empty when the provider already delivered this message
     */
    public Optional<Long> insert(Channel channel, String providerMessageId, String orderKey, String senderAddress,
            String senderName, String language, String body, String conversationId, Long messageId, Instant now) {
        return insert(channel, providerMessageId, orderKey, senderAddress, senderName, language, body, conversationId,
                messageId, now, List.of(), null, true);
    }

    /** A message whose sender the channel vouched for; see the full form. */
    public Optional<Long> insert(Channel channel, String providerMessageId, String orderKey, String senderAddress,
            String senderName, String language, String body, String conversationId, Long messageId, Instant now,
            List<Attachment> attachments, String threadConversationId) {
        return insert(channel, providerMessageId, orderKey, senderAddress, senderName, language, body, conversationId,
                messageId, now, attachments, threadConversationId, true);
    }

    /**
     * @return the new row's id, or empty when the provider already delivered this
     * message. On PostgreSQL one statement ({@code on conflict do nothing}) does the
     * duplicate check, so a webhook costs one round trip and a commit; elsewhere (H2) a
     * lookup goes first, and a concurrent twin still ends in the unique constraint.
     */
    public Optional<Long> insert(Channel channel, String providerMessageId, String orderKey, String senderAddress,
            String senderName, String language, String body, String conversationId, Long messageId, Instant now,
            List<Attachment> attachments, String threadConversationId, boolean senderVerified) {
        if (onConflict) {
            return bind(jdbc.sql(COLUMNS + " on conflict (channel, provider_message_id) do nothing returning id"),
                    channel, providerMessageId, orderKey, senderAddress, senderName, language, body, conversationId,
                    messageId, now, attachments, threadConversationId, senderVerified)
                .query(Long.class)
                .optional();
        }
        if (exists(channel, providerMessageId)) {
            return Optional.empty();
        }
        var keys = new GeneratedKeyHolder();
        try {
            bind(jdbc.sql(COLUMNS), channel, providerMessageId, orderKey, senderAddress, senderName, language, body,
                    conversationId, messageId, now, attachments, threadConversationId, senderVerified)
                .update(keys, "id");
        }
        catch (DuplicateKeyException concurrentRetry) {
            return Optional.empty();
        }
        return Optional.of(keys.getKeyAs(Number.class).longValue());
    }

    private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec sql, Channel channel, String providerMessageId,
            String orderKey, String senderAddress, String senderName, String language, String body,
            String conversationId, Long messageId, Instant now, List<Attachment> attachments,
            String threadConversationId, boolean senderVerified) {
        return sql.param("att", attachments.isEmpty() ? null : writeAttachments(attachments))
            .param("thread", threadConversationId)
            .param("verified", senderVerified)
            .param("ch", channel.name())
            .param("pid", providerMessageId)
            .param("key", orderKey)
            .param("addr", senderAddress)
            .param("name", senderName)
            .param("lang", language)
            .param("body", body)
            .param("conv", conversationId)
            .param("msg", messageId)
            .param("now", Timestamp.from(now));
    }

    public boolean exists(Channel channel, String providerMessageId) {
        return jdbc.sql("select count(*) from inbox where channel = :ch and provider_message_id = :pid")
            .param("ch", channel.name())
            .param("pid", providerMessageId)
            .query(Integer.class)
            .single() > 0;
    }

    /**
     * Claims the next message that may go now: due, and no earlier message of the same
     * sender or conversation is still pending (that keeps per-conversation order across
     * nodes). Locked until the transaction ends; rows other nodes hold are skipped.
     */
    public Optional<InboxEntry> claimNext(Instant now) {
        // "no earlier pending row of the same key" as a per-row lookup (min over the
        // key's pending rows), not an
        // anti-join: the planner cannot turn it into a scan of all pending rows when
        // statistics lag behind a burst
        return jdbc.sql("""
                select * from inbox i
                where i.status = 'PENDING' and i.next_attempt_at <= :now
                  and i.id = (select min(p.id) from inbox p where p.order_key = i.order_key and p.status = 'PENDING')
                order by i.id
                limit 1
                for update skip locked""").param("now", Timestamp.from(now)).query(this::map).optional();
    }

    /** This row, if it is still pending and no other node holds it. */
    public Optional<InboxEntry> claim(long id) {
        return jdbc.sql("select * from inbox where id = :id and status = 'PENDING' for update skip locked")
            .param("id", id)
            .query(this::map)
            .optional();
    }

    /**
     * The same sender's pending messages after this one, in order, locked. They could not
     * go before it anyway (see {@link #claimNext}), so whoever holds this row is the only
     * one who takes them.
     */
    public List<InboxEntry> lockFollowers(long id, int limit) {
        return jdbc.sql("""
                select * from inbox
                where status = 'PENDING' and id > :id and order_key = (select order_key from inbox where id = :id)
                order by id
                limit :n
                for update""").param("id", id).param("n", limit).query(this::map).list();
    }

    /** These rows, locked, in id order. */
    public List<InboxEntry> lockAll(List<Long> ids) {
        return jdbc.sql("select * from inbox where id in (:ids) order by id for update")
            .param("ids", ids)
            .query(this::map)
            .list();
    }

    public Optional<InboxEntry> lock(long id) {
        return jdbc.sql("select * from inbox where id = :id for update").param("id", id).query(this::map).optional();
    }

    public Optional<InboxEntry> find(long id) {
        return jdbc.sql("select * from inbox where id = :id").param("id", id).query(this::map).optional();
    }

    public void attachToTranscript(long id, String conversationId, long messageId) {
        jdbc.sql("update inbox set conversation_id = :c, message_id = :m where id = :id")
            .param("c", conversationId)
            .param("m", messageId)
            .param("id", id)
            .update();
    }

    public void markDone(long id, Instant now) {
        jdbc.sql("update inbox set status = 'DONE', dispatched_at = :now, last_error = null where id = :id")
            .param("now", Timestamp.from(now))
            .param("id", id)
            .update();
    }

    public void markFailed(long id, int attempts, InboxStatus status, Instant nextAttempt, String error) {
        jdbc.sql("""
                update inbox set attempts = :a, status = :s, next_attempt_at = :next, last_error = :err
                where id = :id""")
            .param("a", attempts)
            .param("s", status.name())
            .param("next", Timestamp.from(nextAttempt))
            .param("err", error)
            .param("id", id)
            .update();
    }

    public int redrive(long id, Instant now) {
        return jdbc.sql("""
                update inbox set status = 'PENDING', attempts = 0, next_attempt_at = :now
                where id = :id and status = 'PARKED'""").param("now", Timestamp.from(now)).param("id", id).update();
    }

    public List<InboxEntry> parked() {
        return jdbc.sql("select * from inbox where status = 'PARKED' order by id").query(this::map).list();
    }

    /** Entries by status, newest first (operators' view). */
    public List<InboxEntry> withStatus(InboxStatus status, int limit) {
        return jdbc.sql("select * from inbox where status = :s order by id desc limit :n")
            .param("s", status.name())
            .param("n", limit)
            .query(this::map)
            .list();
    }

    public int redriveAllParked(Instant now) {
        return jdbc
            .sql("update inbox set status = 'PENDING', attempts = 0, next_attempt_at = :now where status = 'PARKED'")
            .param("now", Timestamp.from(now))
            .update();
    }

    public Map<String, Long> countByStatus() {
        var counts = new TreeMap<String, Long>();
        jdbc.sql("select status, count(*) n from inbox group by status").query(rs -> {
            counts.put(rs.getString("status"), rs.getLong("n"));
        });
        return counts;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String writeAttachments(List<Attachment> attachments) {
        try {
            return JSON.writeValueAsString(attachments);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<Attachment> readAttachments(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return List.of(JSON.readValue(json, Attachment[].class));
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable attachment metadata", e);
        }
    }

    private InboxEntry map(ResultSet rs, int row) throws SQLException {
        Object messageId = rs.getObject("message_id");
        return new InboxEntry(rs.getLong("id"), Channel.valueOf(rs.getString("channel")),
                rs.getString("provider_message_id"), rs.getString("sender_address"), rs.getString("sender_name"),
                rs.getString("language"), rs.getString("body"), rs.getString("conversation_id"),
                messageId == null ? null : ((Number) messageId).longValue(),
                InboxStatus.valueOf(rs.getString("status")), rs.getInt("attempts"), rs.getString("last_error"),
                rs.getTimestamp("received_at").toInstant(), readAttachments(rs.getString("attachments")),
                rs.getString("thread_conversation_id"), rs.getBoolean("sender_verified"));
    }

}
