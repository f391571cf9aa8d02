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
import jakarta.mail.search.FlagTerm;

import org.asyncdesk.channel.SimulatedInbound;
import org.asyncdesk.conversation.Attachment;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.CustomerMessage;
import org.asyncdesk.inbox.Inbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Polls the support mailbox by IMAP. Each unseen e-mail goes into the inbox (unique by Message-ID, so an e-mail
 * polled again after a crash is stored once) and is then flagged seen. A reply is matched to its conversation by
 * {@code In-Reply-To}/{@code References} (our Message-IDs) or by the {@code [ref:...]} tag in the subject. Quoted
 * history and signatures are cut; HTML becomes text; attachments are kept as metadata. An e-mail without any text
 * or attachment is flagged (\Flagged) and left for a human in the mailbox.
 */
@Component
class EmailPoller implements SmartLifecycle, SimulatedInbound {

    private static final Logger log = LoggerFactory.getLogger(EmailPoller.class);

    private final EmailProperties properties;
    private final Inbox inbox;
    private final ConversationService conversations;
    private final EmailThreads threads;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private volatile ScheduledFuture<?> schedule;
    private volatile String lastProblem;

    EmailPoller(EmailProperties properties, Inbox inbox, ConversationService conversations, EmailThreads threads,
                TaskScheduler scheduler, Clock clock) {
        this.properties = properties;
        this.inbox = inbox;
        this.conversations = conversations;
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
        int stored = 0;
        try (Store store = Session.getInstance(p).getStore(protocol)) {
            store.connect(properties.imapHost(), properties.imapPort(), properties.username(), properties.password());
            Folder folder = store.getFolder(properties.folder());
            folder.open(Folder.READ_WRITE);
            try {
                for (Message m : folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))) {
                    stored += take((MimeMessage) m);
                }
            } finally {
                folder.close(false);
            }
            lastProblem = null;
        } catch (MessagingException e) {
            String problem = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!problem.equals(lastProblem)) {
                log.warn("polling the support mailbox failed (will retry): {}", problem);
            }
            lastProblem = problem;
        }
        return stored;
    }

    private int take(MimeMessage m) throws MessagingException {
        Optional<CustomerMessage> message;
        try {
            message = parse(m);
        } catch (IOException | MessagingException | RuntimeException unreadable) {
            log.warn("an e-mail could not be read and was flagged for a human: {}", unreadable.getClass().getSimpleName());
            m.setFlag(Flags.Flag.FLAGGED, true);
            m.setFlag(Flags.Flag.SEEN, true);
            return 0;
        }
        if (message.isEmpty()) {
            log.warn("an e-mail without text or attachments was flagged for a human");
            m.setFlag(Flags.Flag.FLAGGED, true);
            m.setFlag(Flags.Flag.SEEN, true);
            return 0;
        }
        threads.rememberSubject(message.get().providerMessageId(), m.getSubject());
        boolean fresh = !inbox.accept(message.get()).duplicate();
        // only after the inbox committed: a crash before this line means the e-mail is polled (and deduplicated) again
        m.setFlag(Flags.Flag.SEEN, true);
        return fresh ? 1 : 0;
    }

    Optional<CustomerMessage> parse(MimeMessage m) throws MessagingException, IOException {
        Address[] from = m.getFrom();
        if (from == null || from.length == 0 || !(from[0] instanceof InternetAddress sender)) {
            return Optional.empty();
        }
        String address = sender.getAddress().strip().toLowerCase(Locale.ROOT);
        String messageId = m.getMessageID() != null ? m.getMessageID().strip() : syntheticId(m, address);
        List<Attachment> attachments = new ArrayList<>();
        Body body = new Body();
        collect(m, body, attachments);
        String text = body.plain != null ? body.plain : body.html != null ? EmailText.fromHtml(body.html) : "";
        text = EmailText.withoutHistory(text);
        if (text.isBlank() && attachments.isEmpty()) {
            return Optional.empty();
        }
        if (text.isBlank()) {
            text = "[" + attachments.get(0).kind() + "]";
        }
        String thread = threadOf(m).orElse(null);
        Instant at = m.getSentDate() != null ? m.getSentDate().toInstant() : clock.instant();
        return Optional.of(new CustomerMessage(Channel.EMAIL, messageId, address, sender.getPersonal(), null, text,
                at, attachments, thread));
    }

    private Optional<String> threadOf(MimeMessage m) throws MessagingException {
        List<String> refs = EmailThreads.referencedIds(m.getHeader("In-Reply-To", " "), m.getHeader("References", " "));
        Optional<String> byHeaders = conversations.conversationOfProviderMessage(Channel.EMAIL, refs);
        if (byHeaders.isPresent()) {
            return byHeaders;
        }
        return EmailThreads.taggedConversation(m.getSubject()).filter(id -> conversations.find(id).isPresent());
    }

    private static final class Body {
        String plain;
        String html;
    }

    private static void collect(Part part, Body body, List<Attachment> attachments) throws MessagingException, IOException {
        String disposition = part.getDisposition();
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart child = mp.getBodyPart(i);
                collect(child, body, attachments);
            }
        } else if (Part.ATTACHMENT.equalsIgnoreCase(disposition) || part.getFileName() != null
                || !(part.isMimeType("text/plain") || part.isMimeType("text/html"))) {
            String mime = part.getContentType() == null ? null : part.getContentType().split(";")[0].strip().toLowerCase(Locale.ROOT);
            String kind = mime == null ? "file" : mime.startsWith("image/") ? "image" : mime.startsWith("audio/") ? "audio"
                    : mime.startsWith("video/") ? "video" : "document";
            attachments.add(new Attachment(kind, mime, null, part.getFileName(), null));
        } else if (part.isMimeType("text/plain") && body.plain == null) {
            body.plain = String.valueOf(part.getContent());
        } else if (part.isMimeType("text/html") && body.html == null) {
            body.html = String.valueOf(part.getContent());
        }
    }

    private static String syntheticId(MimeMessage m, String from) throws MessagingException {
        String seed = from + "|" + m.getSubject() + "|" + (m.getSentDate() == null ? "" : m.getSentDate().getTime());
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return "<no-message-id." + HexFormat.of().formatHex(h, 0, 16) + "@asyncdesk>";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    /** The sandbox's e-mail: as if it had been polled (no mailbox involved). */
    @Override
    public String simulate(String from, String name, String text) {
        String id = "<sandbox." + UUID.randomUUID() + "@asyncdesk>";
        threads.rememberSubject(id, "Message from the sandbox");
        inbox.accept(new CustomerMessage(Channel.EMAIL, id, from.strip().toLowerCase(Locale.ROOT), name, null,
                EmailText.withoutHistory(text), clock.instant()));
        return id;
    }

    @Override
    public void start() {
        if (properties.polling()) {
            schedule = scheduler.scheduleWithFixedDelay(this::pollQuietly, properties.pollInterval());
        }
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            log.warn("e-mail poll failed: {}", e.toString());
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
