package org.asyncdesk.channel.email;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.FlagTerm;
import org.asyncdesk.channel.sandbox.SimulatedInbound;
import org.asyncdesk.conversation.Attachment;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.CustomerMessage;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.inbox.Inbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Polls the support mailbox by IMAP. Each unseen e-mail goes into the inbox (unique by
 * Message-ID, so an e-mail polled again after a crash is stored once) and is then flagged
 * seen. A reply is matched to its conversation by {@code In-Reply-To}/{@code References}
 * (our Message-IDs) or by the {@code [ref:...]} tag in the subject. Quoted history and
 * signatures are cut; HTML becomes text; attachments are kept as metadata.
 * <p>
 * No e-mail is lost: bodies are fetched with IMAP {@code BODY.PEEK}, so only storing an
 * e-mail makes it seen; fields longer than their columns are cut to fit (a text longer
 * than {@code max-text-length} is cut, noted as an attachment, and the original stays
 * flagged in the mailbox); an e-mail that cannot be read or stored at all (or has no text
 * and no attachment) is flagged (\Flagged) and left unseen for a human, and not polled
 * again while flagged. Log lines name what happened and the exception type, never a
 * subject, address or text.
 * <p>
 * The sender is verified only with a passing verdict of a trusted receiving server in
 * {@code Authentication-Results} ({@link SenderAuthentication}); an unverified e-mail is
 * stored all the same and kept apart from the profile and conversations of the address it
 * shows (ConversationRouter#conversationFor).
 */
@Component
class EmailPoller implements SmartLifecycle, SimulatedInbound {

    private static final Logger log = LoggerFactory.getLogger(EmailPoller.class);

    private final EmailProperties properties;

    private final Inbox inbox;

    private final ConversationService conversations;

    private final Transcript transcript;

    private final EmailThreads threads;

    private final TaskScheduler scheduler;

    private final Clock clock;

    private volatile ScheduledFuture<?> schedule;

    private volatile String lastProblem;

    EmailPoller(EmailProperties properties, Inbox inbox, ConversationService conversations, Transcript transcript,
            EmailThreads threads, TaskScheduler scheduler, Clock clock) {
        this.properties = properties;
        this.inbox = inbox;
        this.conversations = conversations;
        this.transcript = transcript;
        this.threads = threads;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Polls once. @return how many new e-mails were stored */
    public synchronized int poll() {
        if (!properties.polling()) {
            return 0;
        }
        Properties p = new Properties();
        String protocol = properties.ssl() ? "imaps" : "imap";
        p.put("mail.store.protocol", protocol);
        p.put("mail." + protocol + ".connectiontimeout", "10000");
        p.put("mail." + protocol + ".timeout", "20000");
        p.put("mail.imap.starttls.enable", "true");
        // BODY.PEEK: reading an e-mail must not make it seen before it is stored
        p.put("mail." + protocol + ".peek", "true");
        int stored = 0;
        try (Store store = Session.getInstance(p).getStore(protocol)) {
            store.connect(properties.imapHost(), properties.imapPort(), properties.username(), properties.password());
            Folder folder = store.getFolder(properties.folder());
            folder.open(Folder.READ_WRITE);
            try {
                // flagged ones wait for a human
                for (Message m : folder.search(new AndTerm(new FlagTerm(new Flags(Flags.Flag.SEEN), false),
                        new FlagTerm(new Flags(Flags.Flag.FLAGGED), false)))) {
                    stored += take((MimeMessage) m);
                }
            }
            finally {
                folder.close(false);
            }
            lastProblem = null;
        }
        catch (MessagingException | StoreLater e) {
            // the server's or the database's words about the connection, never about an
            // e-mail
            String problem = e instanceof StoreLater later ? later.getCause().getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!problem.equals(lastProblem)) {
                log.warn("polling the support mailbox failed (will retry): {}", problem);
            }
            lastProblem = problem;
        }
        return stored;
    }

    private int take(MimeMessage m) throws MessagingException {
        Optional<Mail> mail;
        try {
            mail = parse(m);
        }
        catch (IOException | MessagingException | RuntimeException unreadable) {
            log.warn("an e-mail could not be read and was flagged for a human: {}",
                    unreadable.getClass().getSimpleName());
            m.setFlag(Flags.Flag.FLAGGED, true);
            return 0;
        }
        if (mail.isEmpty()) {
            log.warn("an e-mail without text or attachments was flagged for a human");
            m.setFlag(Flags.Flag.FLAGGED, true);
            return 0;
        }
        CustomerMessage message = mail.get().message();
        boolean fresh;
        try {
            threads.rememberSubject(message.providerMessageId(), Columns.withoutNul(m.getSubject()));
            fresh = !inbox.accept(message).duplicate();
        }
        catch (TransientDataAccessException | RecoverableDataAccessException
                | DataAccessResourceFailureException down) {
            throw new StoreLater(down); // the database, not this e-mail: it stays unseen
                                        // for the next poll
        }
        catch (RuntimeException unstorable) {
            log.warn("an e-mail could not be stored and was flagged for a human: {}",
                    unstorable.getClass().getSimpleName());
            m.setFlag(Flags.Flag.FLAGGED, true);
            return 0;
        }
        // only after the inbox committed: a crash before this line means the e-mail is
        // polled (and deduplicated) again
        if (mail.get().textCut()) {
            m.setFlag(Flags.Flag.FLAGGED, true);
        }
        m.setFlag(Flags.Flag.SEEN, true);
        return fresh ? 1 : 0;
    }

    /** The database is unavailable: stop this poll, leave the e-mail as it is. */
    private static final class StoreLater extends RuntimeException {

        StoreLater(RuntimeException cause) {
            super(cause);
        }

    }

    /**
     * @param textCut the text was longer than {@code max-text-length}: the original stays
     * flagged in the mailbox
     */
    record Mail(CustomerMessage message, boolean textCut) {
    }

    Optional<Mail> parse(MimeMessage m) throws MessagingException, IOException {
        Address[] from = m.getFrom();
        if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress sender)) {
            return Optional.empty();
        }
        String address = Columns.fit(sender.getAddress().strip().toLowerCase(Locale.ROOT), Columns.ADDRESS);
        String messageId = Columns
            .messageId(m.getMessageID() != null ? m.getMessageID().strip() : syntheticId(m, address));
        List<Attachment> attachments = new ArrayList<>();
        Body body = new Body();
        collect(m, body, attachments);
        String text = body.plain != null ? body.plain : body.html != null ? EmailText.fromHtml(body.html) : "";
        text = Columns.withoutNul(EmailText.withoutHistory(text));
        if (text.isBlank() && attachments.isEmpty()) {
            return Optional.empty();
        }
        attachments = Columns.attachments(attachments);
        boolean cut = text.length() > properties.maxTextLength();
        if (cut) {
            int length = text.length();
            text = EmailText.beginning(text, properties.maxTextLength()) + "\n[…]";
            attachments.add(new Attachment("document", "message/rfc822", messageId, "original e-mail",
                    "the e-mail's text has " + length + " characters, only the first " + properties.maxTextLength()
                            + " are shown; the whole e-mail stays flagged in the support mailbox"));
        }
        if (text.isBlank()) {
            text = "[" + attachments.get(0).kind() + "]";
        }
        String thread = threadOf(m).orElse(null);
        Instant at = m.getSentDate() != null ? m.getSentDate().toInstant() : clock.instant();
        String name = sender.getPersonal() == null ? null
                : Columns.fit(Columns.withoutNul(sender.getPersonal()).strip(), Columns.NAME);
        return Optional.of(new Mail(new CustomerMessage(Channel.EMAIL, messageId, address, name, null, text, at,
                attachments, thread, senderAuthenticated(m, from)), cut));
    }

    /**
     * The From: is believed only with a passing verdict of a trusted receiving server,
     * and only when there is exactly one From: address (with several, the server may have
     * judged another one than we would read).
     */
    private boolean senderAuthenticated(MimeMessage m, Address[] from) throws MessagingException {
        String[] fromHeaders = m.getHeader("From");
        if (from.length != 1 || fromHeaders == null || fromHeaders.length != 1
                || !(from[0] instanceof InternetAddress sender) || sender.getAddress() == null) {
            return false;
        }
        String address = sender.getAddress().strip().toLowerCase(Locale.ROOT);
        int at = address.lastIndexOf('@');
        String domain = at < 0 ? null : address.substring(at + 1);
        return SenderAuthentication.authenticated(m.getHeader("Authentication-Results"), domain,
                properties.trustedServers());
    }

    private Optional<String> threadOf(MimeMessage m) throws MessagingException {
        List<String> refs = EmailThreads.referencedIds(m.getHeader("In-Reply-To", " "), m.getHeader("References", " "));
        Optional<String> byHeaders = transcript.conversationOfProviderMessage(Channel.EMAIL, refs);
        if (byHeaders.isPresent()) {
            return byHeaders;
        }
        return EmailThreads.taggedConversation(m.getSubject()).filter(id -> conversations.find(id).isPresent());
    }

    private static final class Body {

        String plain;

        String html;

    }

    private static void collect(Part part, Body body, List<Attachment> attachments)
            throws MessagingException, IOException {
        String disposition = part.getDisposition();
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart child = mp.getBodyPart(i);
                collect(child, body, attachments);
            }
        }
        else if (Part.ATTACHMENT.equalsIgnoreCase(disposition) || part.getFileName() != null
                || !(part.isMimeType("text/plain") || part.isMimeType("text/html"))) {
            String mime = part.getContentType() == null ? null
                    : part.getContentType().split(";")[0].strip().toLowerCase(Locale.ROOT);
            String kind = mime == null ? "file" : mime.startsWith("image/") ? "image"
                    : mime.startsWith("audio/") ? "audio" : mime.startsWith("video/") ? "video" : "document";
            attachments.add(new Attachment(kind, mime, null, part.getFileName(), null));
        }
        else if (part.isMimeType("text/plain") && body.plain == null) {
            body.plain = String.valueOf(part.getContent());
        }
        else if (part.isMimeType("text/html") && body.html == null) {
            body.html = String.valueOf(part.getContent());
        }
    }

    private static String syntheticId(MimeMessage m, String from) throws MessagingException {
        String seed = from + "|" + m.getSubject() + "|" + (m.getSentDate() == null ? "" : m.getSentDate().getTime());
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return "<no-message-id." + HexFormat.of().formatHex(h, 0, 16) + "@asyncdesk>";
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    /**
     * The sandbox's e-mail: as if it had been polled (no mailbox involved). No receiving
     * server vouched for its sender, so it is unverified like any such e-mail.
     */
    @Override
    public String simulate(String from, String name, String text) {
        String id = "<sandbox." + UUID.randomUUID() + "@asyncdesk>";
        threads.rememberSubject(id, "Message from the sandbox");
        inbox.accept(new CustomerMessage(Channel.EMAIL, id,
                Columns.fit(from.strip().toLowerCase(Locale.ROOT), Columns.ADDRESS), Columns.fit(name, Columns.NAME),
                null, EmailText.beginning(EmailText.withoutHistory(text), properties.maxTextLength()), clock.instant(),
                List.of(), null, false));
        return id;
    }

    @Override
    public void start() {
        if (properties.polling() && properties.trustedAuthservIds().isEmpty()) {
            log.warn("asyncdesk.channels.email.trusted-authserv-ids is empty: no e-mail's sender counts as verified, "
                    + "so e-mails never join a customer's profile or open conversation (see README, Verified identities)");
        }
        if (properties.polling()) {
            schedule = scheduler.scheduleWithFixedDelay(this::pollQuietly, properties.pollInterval());
        }
    }

    private void pollQuietly() {
        try {
            poll();
        }
        catch (RuntimeException e) {
            log.warn("e-mail poll failed: {}", e.getClass().getSimpleName());
        }
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
