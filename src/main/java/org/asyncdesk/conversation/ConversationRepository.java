package org.asyncdesk.conversation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.asyncdesk.customer.CustomerIdentity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ConversationRepository {

    private final JdbcClient jdbc;

    public ConversationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Conversation c, String accessTokenHash) {
        jdbc.sql("""
                insert into conversation (id, customer_id, status, channel, last_inbound_channel, language,
                                          access_token_hash, created_at, updated_at, identity_verified,
                                          claimed_channel, claimed_address)
                values (:id, :customer, :status, :channel, :channel, :language, :hash, :now, :now, :verified,
                        :claimedChannel, :claimedAddress)""")
            .param("id", c.id())
            .param("customer", c.customerId())
            .param("status", c.status().name())
            .param("channel", c.channel().name())
            .param("language", c.language())
            .param("hash", accessTokenHash)
            .param("now", ts(c.createdAt()))
            .param("verified", c.identityVerified())
            .param("claimedChannel", c.claimedIdentity() == null ? null : c.claimedIdentity().channel())
            .param("claimedAddress", c.claimedIdentity() == null ? null : c.claimedIdentity().address())
            .update();
    }

    public Optional<Conversation> find(String id) {
        return jdbc.sql("select * from conversation where id = :id").param("id", id).query(this::map).optional();
    }

    /**
     * Locks the row until the transaction ends, so one node at a time changes a
     * conversation.
     */
    public Optional<Conversation> lock(String id) {
        return jdbc.sql("select * from conversation where id = :id for update")
            .param("id", id)
            .query(this::map)
            .optional();
    }

    public Optional<String> accessTokenHash(String id) {
        return jdbc.sql("select access_token_hash from conversation where id = :id")
            .param("id", id)
            .query(String.class)
            .optional();
    }

    /** The customer's latest conversation, whatever its status. */
    public Optional<Conversation> latestOfCustomer(String customerId) {
        return jdbc.sql("select * from conversation where customer_id = :c order by created_at desc, id desc")
            .param("c", customerId)
            .query(this::map)
            .list()
            .stream()
            .findFirst();
    }

    /** Not resolved; uses the index on (customer_id, status). */
    public int countOpenOfCustomer(String customerId) {
        return jdbc.sql("select count(*) from conversation where customer_id = :c and status <> 'RESOLVED'")
            .param("c", customerId)
            .query(Integer.class)
            .single();
    }

    /**
     * The latest conversation on {@code channel} that claims this identity and is still
     * unverified: where a further unverified message from the same address goes (it never
     * goes into a verified one).
     */
    public Optional<Conversation> latestUnverifiedClaim(Channel channel, CustomerIdentity claimed) {
        return jdbc.sql("""
                select * from conversation
                where claimed_address = :a and claimed_channel = :ch and channel = :channel and not identity_verified
                order by created_at desc, id desc""")
            .param("a", claimed.address())
            .param("ch", claimed.channel())
            .param("channel", channel.name())
            .query(this::map)
            .list()
            .stream()
            .findFirst();
    }

    /**
     * Open conversations that claim this identity without having confirmed it; uses the
     * claim index.
     */
    public int countOpenUnverifiedClaims(CustomerIdentity claimed) {
        return jdbc
            .sql("""
                    select count(*) from conversation
                    where claimed_address = :a and claimed_channel = :ch and status <> 'RESOLVED' and not identity_verified""")
            .param("a", claimed.address())
            .param("ch", claimed.channel())
            .query(Integer.class)
            .single();
    }

    public void markIdentityVerified(String id, Instant now) {
        jdbc.sql("update conversation set identity_verified = true, identity_verified_at = :now where id = :id")
            .param("now", ts(now))
            .param("id", id)
            .update();
    }

    public List<Conversation> ofCustomer(String customerId) {
        return jdbc.sql("select * from conversation where customer_id = :c order by created_at")
            .param("c", customerId)
            .query(this::map)
            .list();
    }

    public void updateStatus(String id, ConversationStatus status, Instant now) {
        jdbc.sql("update conversation set status = :status, updated_at = :now, resolved_at = :resolved where id = :id")
            .param("status", status.name())
            .param("now", ts(now))
            .param("resolved", status == ConversationStatus.RESOLVED ? ts(now) : null, Types.TIMESTAMP)
            .param("id", id)
            .update();
    }

    public void updateInbound(String id, Channel channel, Instant now) {
        jdbc.sql("update conversation set last_inbound_channel = :ch, updated_at = :now where id = :id")
            .param("ch", channel.name())
            .param("now", ts(now))
            .param("id", id)
            .update();
    }

    public void moveToCustomer(String id, String customerId) {
        jdbc.sql("update conversation set customer_id = :c where id = :id")
            .param("c", customerId)
            .param("id", id)
            .update();
    }

    public void updateLanguage(String id, String language) {
        jdbc.sql("update conversation set language = :lang where id = :id")
            .param("lang", language)
            .param("id", id)
            .update();
    }

    private Conversation map(ResultSet rs, int row) throws SQLException {
        return new Conversation(rs.getString("id"), rs.getString("customer_id"),
                ConversationStatus.valueOf(rs.getString("status")), Channel.valueOf(rs.getString("channel")),
                Channel.valueOf(rs.getString("last_inbound_channel")), rs.getString("language"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("updated_at")),
                instant(rs.getTimestamp("resolved_at")), rs.getBoolean("identity_verified"),
                rs.getString("claimed_address") == null ? null
                        : new CustomerIdentity(rs.getString("claimed_channel"), rs.getString("claimed_address")));
    }

    static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

}
