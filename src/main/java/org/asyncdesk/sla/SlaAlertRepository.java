package org.asyncdesk.sla;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code sla_alert} table: recorded warnings and breaches, and whether their e-mail
 * went out; and {@code sla_alert_mail}: which recipients of an alert still in flight
 * already have its e-mail.
 */
@Repository
public class SlaAlertRepository {

    private final JdbcClient jdbc;

    private final TransactionTemplate ownTransaction;

    public SlaAlertRepository(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Records a warning or breach once per conversation, kind and due time.
     * @return true when this call recorded it, false when it was recorded before (timer
     * fired again after a handover, job retried)
     */
    public boolean record(String conversationId, String processInstanceId, String kind, Instant dueAt, Instant now) {
        // insert-if-absent without relying on a failed insert: PostgreSQL aborts the
        // transaction on a unique
        // violation; the unique key still guards against two nodes racing
        int inserted = jdbc
            .sql("""
                    insert into sla_alert (conversation_id, process_instance_id, kind, due_at, recorded_at)
                    select :c, :pi, :k, :due, :now from (select 1 as one) x
                    where not exists (select 1 from sla_alert where conversation_id = :c and kind = :k and due_at = :due)""")
            .param("c", conversationId)
            .param("pi", processInstanceId)
            .param("k", kind)
            .param("due", Timestamp.from(dueAt))
            .param("now", Timestamp.from(now))
            .update();
        return inserted == 1;
    }

    /**
     * Alerts of a conversation whose e-mail has not gone out yet, locked until the
     * transaction ends.
     */
    public List<SlaAlert> pendingForUpdate(String conversationId) {
        return jdbc
            .sql("select * from sla_alert where conversation_id = :c and alerted_at is null order by id for update")
            .param("c", conversationId)
            .query(this::map)
            .list();
    }

    /**
     * Marks the alert sent and forgets its per-recipient rows (the recipients column
     * keeps who got it).
     */
    public void markAlerted(long id, Instant at, String recipients) {
        jdbc.sql("update sla_alert set alerted_at = :at, recipients = :r where id = :id")
            .param("at", Timestamp.from(at))
            .param("r", recipients)
            .param("id", id)
            .update();
        jdbc.sql("delete from sla_alert_mail where alert_id = :id").param("id", id).update();
    }

    /**
     * Recipients (lower case) whose e-mail of this alert the mail server accepted,
     * committed by {@link #recordSent}.
     */
    public Set<String> sentTo(long alertId) {
        return new TreeSet<>(jdbc.sql("select recipient from sla_alert_mail where alert_id = :id")
            .param("id", alertId)
            .query(String.class)
            .list());
    }

    /**
     * Records that these recipients have the alert's e-mail, in a transaction of its own
     * that commits at once: when the job's transaction rolls back afterwards (another
     * recipient or alert failed), its retry still knows.
     */
    public void recordSent(long alertId, Collection<String> recipients, Instant at) {
        ownTransaction.executeWithoutResult(status -> {
            for (String r : recipients) {
                String recipient = r.toLowerCase(Locale.ROOT);
                jdbc.sql("""
                        insert into sla_alert_mail (alert_id, recipient, sent_at)
                        select :id, :r, :at from (select 1 as one) x
                        where not exists (select 1 from sla_alert_mail where alert_id = :id and recipient = :r)""")
                    .param("id", alertId)
                    .param("r", recipient)
                    .param("at", Timestamp.from(at))
                    .update();
            }
        });
    }

    public List<SlaAlert> ofConversation(String conversationId) {
        return jdbc.sql("select * from sla_alert where conversation_id = :c order by id")
            .param("c", conversationId)
            .query(this::map)
            .list();
    }

    private SlaAlert map(ResultSet rs, int row) throws SQLException {
        return new SlaAlert(rs.getLong("id"), rs.getString("conversation_id"), rs.getString("process_instance_id"),
                rs.getString("kind"), instant(rs.getTimestamp("due_at")), instant(rs.getTimestamp("recorded_at")),
                instant(rs.getTimestamp("alerted_at")), rs.getString("recipients"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

}
