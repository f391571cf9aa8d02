package org.asyncdesk.channel.webchat;

import java.io.UnsupportedEncodingException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.regex.Pattern;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.asyncdesk.AsyncdeskProperties;
import org.asyncdesk.channel.email.EmailProperties;
import org.asyncdesk.channel.sandbox.Sandbox;
import org.asyncdesk.conversation.AccessTokens;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.Conversation;
import org.asyncdesk.conversation.ConversationRouter;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.template.MessageTemplates;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Confirmation of the e-mail address a web chat customer gave: anyone can type anyone's
 * address, so the chat is unverified (a provisional profile, nobody's orders) until the
 * customer opens the link we e-mail to it and confirms.
 * <ul>
 * <li>{@link #request}: queues an e-mail (table {@code email_confirmation}), at most
 * {@code asyncdesk.webchat.confirmation.max-mails-per-address} per address and
 * {@code mail-window}, counted in the database for all nodes; over it nothing is sent
 * (abuse: nobody can flood a stranger's mailbox through us).</li>
 * <li>{@link #sendDue}: sends queued e-mails (Spring Mail, or the sandbox when the e-mail
 * channel has no address), each with a fresh link token of 256 random bits whose SHA-256
 * alone is stored, valid {@code ttl} and once; a failed send is retried up to
 * {@code max-attempts} times. Runs every {@code send-interval} and right after a
 * request.</li>
 * <li>{@link #link} / {@link #confirm}: what the page at {@code /chat/confirm} shows and
 * does. Opening the link does nothing by itself (mail scanners open links); only the
 * page's POST confirms.</li>
 * </ul>
 */
@Service
public class EmailConfirmations implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EmailConfirmations.class);

    private static final Pattern TOKEN = Pattern.compile("^[A-Za-z0-9_-]{43}$");

    private static final int SEND_BATCH = 100;

    private static final int CONFIRM_ATTEMPTS = 5;

    public enum Requested {

        QUEUED, LIMIT_REACHED, ALREADY_CONFIRMED

    }

    /**
     * @param retryAfter when the address may get its next e-mail (for
     * {@link Requested#LIMIT_REACHED})
     */
    public record Request(Requested outcome, Duration retryAfter) {
    }

    public enum LinkState {

        VALID, CONFIRMED, EXPIRED, UNKNOWN

    }

    /** What a link stands for; address and times only for known links. */
    public record Link(LinkState state, String address, Instant requestedAt, Instant expiresAt) {
        static Link unknown() {
            return new Link(LinkState.UNKNOWN, null, null, null);
        }
    }

    private record Row(long id, String conversationId, String address, String status, Instant requestedAt,
            Instant expiresAt, int attempts) {
    }

    /**
     * The engine was busy with the conversation every time we tried; the customer may
     * press Confirm again.
     */
    public static class Busy extends RuntimeException {

        Busy(RuntimeException cause) {
            super("the conversation is busy, try again in a moment", cause);
        }

    }

    private final JdbcClient jdbc;

    private final TransactionTemplate tx;

    private final ConversationService conversations;

    private final Transcript transcript;

    private final ConversationRouter router;

    private final MessageTemplates templates;

    private final WebchatProperties.Confirmation properties;

    private final EmailProperties email;

    private final AsyncdeskProperties asyncdesk;

    private final ObjectProvider<JavaMailSender> mail;

    private final Sandbox sandbox;

    private final TaskScheduler scheduler;

    private final Clock clock;

    private volatile ScheduledFuture<?> schedule;

    public EmailConfirmations(JdbcClient jdbc, TransactionTemplate tx, ConversationService conversations,
            Transcript transcript, ConversationRouter router, MessageTemplates templates, WebchatProperties webchat,
            EmailProperties email, AsyncdeskProperties asyncdesk, ObjectProvider<JavaMailSender> mail, Sandbox sandbox,
            TaskScheduler scheduler, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.conversations = conversations;
        this.transcript = transcript;
        this.router = router;
        this.templates = templates;
        this.properties = webchat.confirmation();
        this.email = email;
        this.asyncdesk = asyncdesk;
        this.mail = mail;
        this.sandbox = sandbox;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /**
     * Queues a confirmation e-mail for the address the conversation claims, within the
     * caller's transaction; it leaves after the commit.
     */
    public Request request(String conversationId) {
        return tx.execute(s -> {
            Conversation c = conversations.find(conversationId).orElseThrow();
            if (c.identityVerified() || c.claimedIdentity() == null || !"email".equals(c.claimedIdentity().channel())) {
                return new Request(Requested.ALREADY_CONFIRMED, Duration.ZERO);
            }
            String address = c.claimedIdentity().address();
            Instant now = clock.instant();
            List<Instant> recent = jdbc.sql("""
                    select requested_at from email_confirmation where address = :a and requested_at > :since
                    order by requested_at""")
                .param("a", address)
                .param("since", Timestamp.from(now.minus(properties.mailWindow())))
                .query((rs, n) -> rs.getTimestamp(1).toInstant())
                .list();
            if (recent.size() >= properties.maxMailsPerAddress()) {
                Duration wait = Duration.between(now,
                        recent.get(recent.size() - properties.maxMailsPerAddress()).plus(properties.mailWindow()));
                transcript.recordEvent(conversationId, "No confirmation e-mail sent to " + address + ": it got "
                        + recent.size() + " within " + properties.mailWindow().toHours() + " h already "
                        + "(asyncdesk.webchat.confirmation.max-mails-per-address); the identity stays unverified");
                return new Request(Requested.LIMIT_REACHED, wait.isNegative() ? Duration.ZERO : wait);
            }
            jdbc.sql("""
                    insert into email_confirmation (conversation_id, address, status, requested_at, next_attempt_at)
                    values (:c, :a, 'PENDING', :now, :now)""")
                .param("c", conversationId)
                .param("a", address)
                .param("now", Timestamp.from(now))
                .update();
            afterCommit(this::wakeUp);
            return new Request(Requested.QUEUED, Duration.ZERO);
        });
    }

    /** Sends the queued e-mails that are due. @return how many were sent */
    public int sendDue() {
        int sent = 0;
        for (int i = 0; i < SEND_BATCH; i++) {
            long[] failed = { 0 };
            try {
                Optional<Row> took = tx.execute(s -> sendNext(failed));
                if (took == null || took.isEmpty()) {
                    break;
                }
                if (failed[0] != 0) {
                    sent++;
                    noteSent(took.get());
                }
            }
            catch (RuntimeException e) {
                if (failed[0] == 0) {
                    log.warn("sending confirmation e-mails failed: {}", e.getClass().getSimpleName());
                    break;
                }
                recordFailure(failed[0], e);
            }
        }
        return sent;
    }

    /**
     * @return the row it took, empty when nothing is due; {@code failed[0]} is set when
     * it was mailed
     */
    private Optional<Row> sendNext(long[] failed) {
        Instant now = clock.instant();
        Optional<Row> due = jdbc.sql("""
                select * from email_confirmation where status = 'PENDING' and next_attempt_at <= :now
                order by id limit 1 for update skip locked""")
            .param("now", Timestamp.from(now))
            .query(this::map)
            .optional();
        if (due.isEmpty()) {
            return due;
        }
        Row row = due.get();
        Conversation c = conversations.find(row.conversationId()).orElseThrow();
        if (c.identityVerified()) {
            jdbc.sql("update email_confirmation set status = 'CANCELLED' where id = :id")
                .param("id", row.id())
                .update();
            return due;
        }
        String token = AccessTokens.newToken();
        Instant expires = now.plus(properties.ttl());
        jdbc.sql("""
                update email_confirmation set status = 'MAILED', token_hash = :h, mailed_at = :now, expires_at = :exp,
                       attempts = attempts + 1, last_error = null
                where id = :id""")
            .param("h", AccessTokens.hash(token))
            .param("now", Timestamp.from(now))
            .param("exp", Timestamp.from(expires))
            .param("id", row.id())
            .update();
        failed[0] = row.id();
        // last, so that a refused e-mail rolls the row back to PENDING; a commit that
        // fails after a sent e-mail
        // leaves a dead link, and the customer asks for a new one
        send(row, c, token);
        // the transcript note comes after the commit: it updates the open tasks'
        // transcript view, which a job of
        // the instance may update at the same moment, and that collision must not roll
        // back a link already mailed
        return due;
    }

    /**
     * The transcript note about a mailed link; the link stays valid even when the note
     * cannot be written.
     */
    private void noteSent(Row row) {
        for (int attempt = 1;; attempt++) {
            try {
                transcript.recordEvent(row.conversationId(),
                        "Confirmation link e-mailed to " + row.address() + " (valid for " + hours() + " h, once)");
                return;
            }
            catch (RuntimeException e) {
                if (!collided(e) || attempt == CONFIRM_ATTEMPTS) {
                    log.warn("confirmation e-mail {} sent, but its transcript note failed: {}", row.id(),
                            e.getClass().getSimpleName());
                    return;
                }
                pause(attempt);
            }
        }
    }

    private void send(Row row, Conversation c, String token) {
        String language = c.language() == null ? MessageTemplates.FALLBACK_LANGUAGE : c.language();
        Map<String, Object> values = Map.of("link", asyncdesk.link("/chat/confirm?token=" + token), "address",
                row.address(), "hours", hours());
        String subject = templates.text("email-confirmation-subject", language, values).strip();
        String text = templates.text("email-confirmation", language, values);
        if (sandboxed()) {
            sandbox.record(Channel.EMAIL, row.address(), row.conversationId(), "Subject: " + subject + "\n\n" + text);
            return;
        }
        try {
            MimeMessage mime = new MimeMessage((Session) null);
            mime.setFrom(new InternetAddress(email.address(), email.fromName(), "UTF-8"));
            mime.setRecipient(Message.RecipientType.TO, new InternetAddress(row.address()));
            mime.setSubject(subject, "UTF-8");
            mime.setText(text, "UTF-8");
            mime.setSentDate(Date.from(clock.instant()));
            mail.getObject().send(mime);
        }
        catch (MessagingException | UnsupportedEncodingException bad) {
            throw new IllegalStateException(
                    "the confirmation e-mail could not be built: " + bad.getClass().getSimpleName(), bad);
        }
    }

    private boolean sandboxed() {
        return email.address() == null || email.address().isBlank() || mail.getIfAvailable() == null;
    }

    private long hours() {
        return Math.max(1, properties.ttl().toHours());
    }

    private void recordFailure(long id, RuntimeException e) {
        try {
            tx.executeWithoutResult(s -> jdbc.sql("select * from email_confirmation where id = :id for update")
                .param("id", id)
                .query(this::map)
                .optional()
                .ifPresent(row -> {
                    int attempts = row.attempts() + 1;
                    boolean last = attempts >= properties.maxAttempts() || !(e instanceof MailException);
                    Duration backoff = Duration.ofSeconds(30).multipliedBy(1L << Math.min(attempts - 1, 6));
                    jdbc.sql("""
                            update email_confirmation set status = :s, attempts = :a, next_attempt_at = :next,
                                   last_error = :err
                            where id = :id""")
                        .param("s", last ? "FAILED" : "PENDING")
                        .param("a", attempts)
                        .param("next", Timestamp.from(clock.instant().plus(backoff)))
                        .param("err", e.getClass().getSimpleName())
                        .param("id", id)
                        .update();
                    log.warn("confirmation e-mail {} not sent (attempt {}{}): {}", id, attempts,
                            last ? ", given up" : "", e.getClass().getSimpleName());
                    if (last) {
                        transcript.recordEvent(row.conversationId(),
                                "The confirmation e-mail to " + row.address() + " could not be sent ("
                                        + e.getClass().getSimpleName() + "); the identity stays unverified");
                    }
                }));
        }
        catch (RuntimeException again) {
            log.warn("confirmation e-mail {}: recording the failure failed: {}", id, again.getClass().getSimpleName());
        }
    }

    /** What the link with this token stands for (nothing changes). */
    public Link link(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Link.unknown();
        }
        return jdbc.sql("select * from email_confirmation where token_hash = :h")
            .param("h", AccessTokens.hash(token))
            .query(this::map)
            .optional()
            .map(this::state)
            .orElseGet(Link::unknown);
    }

    /**
     * Confirms the address of the link's conversation: it joins the profile known under
     * the address, or the provisional profile becomes that address's (see
     * {@link ConversationRouter#confirmIdentity}). Once per link.
     * @return the link's state before: {@link LinkState#VALID} means it has now been
     * confirmed
     * @throws Busy when the conversation's process instance was changed concurrently
     * every time we tried
     */
    public Link confirm(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Link.unknown();
        }
        String hash = AccessTokens.hash(token);
        for (int attempt = 1;; attempt++) {
            try {
                return tx.execute(s -> {
                    Optional<Row> found = jdbc.sql("select * from email_confirmation where token_hash = :h for update")
                        .param("h", hash)
                        .query(this::map)
                        .optional();
                    if (found.isEmpty()) {
                        return Link.unknown();
                    }
                    Row row = found.get();
                    Link link = state(row);
                    if (link.state() != LinkState.VALID) {
                        return link;
                    }
                    router.confirmIdentity(row.conversationId(),
                            "the customer used the link of the confirmation e-mail sent there");
                    jdbc.sql("update email_confirmation set status = 'CONFIRMED', confirmed_at = :now where id = :id")
                        .param("now", Timestamp.from(clock.instant()))
                        .param("id", row.id())
                        .update();
                    return link;
                });
            }
            catch (RuntimeException e) {
                // a job of the conversation's instance committed at the same moment:
                // everything rolled back
                if (!collided(e)) {
                    throw e;
                }
                if (attempt == CONFIRM_ATTEMPTS) {
                    throw new Busy(e);
                }
                pause(attempt);
            }
        }
    }

    private Link state(Row row) {
        LinkState state;
        if ("CONFIRMED".equals(row.status())) {
            state = LinkState.CONFIRMED;
        }
        else if (!"MAILED".equals(row.status()) || row.expiresAt() == null) {
            state = LinkState.UNKNOWN;
        }
        else if (!row.expiresAt().isAfter(clock.instant())) {
            state = LinkState.EXPIRED;
        }
        else {
            state = LinkState.VALID;
        }
        return new Link(state, row.address(), row.requestedAt(), row.expiresAt());
    }

    private static boolean collided(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OptimisticLockingException) {
                return true;
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(50L * attempt);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Row map(ResultSet rs, int n) throws SQLException {
        Timestamp expires = rs.getTimestamp("expires_at");
        return new Row(rs.getLong("id"), rs.getString("conversation_id"), rs.getString("address"),
                rs.getString("status"), rs.getTimestamp("requested_at").toInstant(),
                expires == null ? null : expires.toInstant(), rs.getInt("attempts"));
    }

    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        }
        else {
            action.run();
        }
    }

    private void wakeUp() {
        if (schedule != null) {
            scheduler.schedule(this::sendQuietly, Instant.now());
        }
    }

    private void sendQuietly() {
        try {
            sendDue();
        }
        catch (RuntimeException e) {
            log.warn("sending confirmation e-mails failed: {}", e.getClass().getSimpleName());
        }
    }

    @Override
    public void start() {
        schedule = scheduler.scheduleWithFixedDelay(this::sendQuietly, properties.sendInterval());
    }

    @Override
    public void stop() {
        if (schedule != null) {
            schedule.cancel(false);
            schedule = null;
        }
    }

    @Override
    public boolean isRunning() {
        return schedule != null;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }

}
