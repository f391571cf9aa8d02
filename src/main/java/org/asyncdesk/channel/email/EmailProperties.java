package org.asyncdesk.channel.email;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The support mailbox: polled by IMAP, replies sent by SMTP through Spring Mail ({@code spring.mail.*}). Without
 * {@code imap-host} nothing is polled; without {@code address} (or without {@code spring.mail.host}) replies go to
 * the sandbox.
 *
 * @param imapHost     IMAP server of the support mailbox
 * @param imapPort     its port (993 for IMAPS)
 * @param username     mailbox login
 * @param password     mailbox password
 * @param address      the support address customers write to; From of every reply
 * @param fromName     display name on replies
 * @param ssl          IMAPS instead of IMAP (+STARTTLS when the server offers it)
 * @param pollInterval pause between two polls
 * @param folder       mailbox folder to poll
 */
@ConfigurationProperties("asyncdesk.channels.email")
public record EmailProperties(
        String imapHost,
        @DefaultValue("993") int imapPort,
        String username,
        String password,
        String address,
        @DefaultValue("Customer Service") String fromName,
        @DefaultValue("true") boolean ssl,
        @DefaultValue("30s") Duration pollInterval,
        @DefaultValue("INBOX") String folder) {

    boolean polling() {
        return imapHost != null && !imapHost.isBlank();
    }
}
