package org.asyncdesk.channel.email;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The support mailbox: polled by IMAP, replies sent by SMTP through Spring Mail
 * ({@code spring.mail.*}). Without {@code imap-host} nothing is polled; without
 * {@code address} (or without {@code spring.mail.host}) replies go to the sandbox.
 *
 * @param imapHost IMAP server of the support mailbox
 * @param imapPort its port (993 for IMAPS)
 * @param username mailbox login
 * @param password mailbox password
 * @param address the support address customers write to; From of every reply
 * @param fromName display name on replies
 * @param ssl IMAPS instead of IMAP (+STARTTLS when the server offers it)
 * @param pollInterval pause between two polls
 * @param folder mailbox folder to poll
 * @param maxTextLength characters of an e-mail's text kept in the transcript (at most
 * 100000, the column size); a longer e-mail is cut there, noted as an attachment and left
 * flagged in the mailbox
 * @param trustedAuthservIds authserv-ids (the first word of an
 * {@code Authentication-Results} header) of the receiving mail servers whose DMARC/DKIM
 * verdicts we believe, e.g. {@code mx.google.com}; an e-mail's From: counts as verified
 * only with a passing verdict from one of them (see {@link SenderAuthentication}). Empty:
 * every e-mail's sender is unverified
 */
@ConfigurationProperties("asyncdesk.channels.email")
public record EmailProperties(String imapHost, @DefaultValue("993") int imapPort, String username, String password,
        String address, @DefaultValue("Customer Service") String fromName, @DefaultValue("true") boolean ssl,
        @DefaultValue("30s") Duration pollInterval, @DefaultValue("INBOX") String folder,
        @DefaultValue("20000") int maxTextLength, List<String> trustedAuthservIds) {

    /** The transcript's and the inbox's body columns hold 100000 characters. */
    static final int BODY_COLUMN = 100_000;

    public EmailProperties {
        if (maxTextLength < 100 || maxTextLength > BODY_COLUMN) {
            throw new IllegalArgumentException("asyncdesk.channels.email.max-text-length must be between 100 and "
                    + BODY_COLUMN + ", not " + maxTextLength);
        }
        trustedAuthservIds = trustedAuthservIds == null ? List.of()
                : trustedAuthservIds.stream()
                    .filter(id -> id != null && !id.isBlank())
                    .map(id -> id.strip().toLowerCase(Locale.ROOT))
                    .toList();
    }

    Set<String> trustedServers() {
        return Set.copyOf(trustedAuthservIds);
    }

    boolean polling() {
        return imapHost != null && !imapHost.isBlank();
    }
}
