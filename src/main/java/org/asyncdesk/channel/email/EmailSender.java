package org.asyncdesk.channel.email;

import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.asyncdesk.channel.ChannelSender;
import org.asyncdesk.channel.sandbox.Sandbox;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.Direction;
import org.asyncdesk.conversation.OutboundMessage;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.conversation.TransientDeliveryFailure;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Replies by SMTP (Spring Mail) from the support address, threaded: our own Message-ID
 * (stored as the provider id, so the customer's answer finds its way back),
 * {@code In-Reply-To} the customer's last e-mail, {@code References} the conversation's
 * e-mails, and the subject {@code Re: <their subject> [ref:<conversation id>]}.
 */
@Component
class EmailSender extends ChannelSender {

    private final EmailProperties properties;

    private final ObjectProvider<JavaMailSender> mail;

    private final Transcript transcript;

    private final EmailThreads threads;

    private final Clock clock;

    EmailSender(EmailProperties properties, ObjectProvider<JavaMailSender> mail, Sandbox sandbox, Transcript transcript,
            EmailThreads threads, Clock clock) {
        super(Channel.EMAIL, "E-mail", "the customer has no e-mail address; pick another reply channel",
                () -> properties.address() != null && !properties.address().isBlank() && mail.getIfAvailable() != null,
                sandbox, transcript);
        this.clock = clock;
        this.properties = properties;
        this.mail = mail;
        this.transcript = transcript;
        this.threads = threads;
    }

    @Override
    protected Reply reply(OutboundMessage message, String to) {
        List<TranscriptMessage> emails = transcript.of(message.conversationId())
            .stream()
            .filter(m -> m.channel() == Channel.EMAIL && m.providerMessageId() != null
                    && m.providerMessageId().startsWith("<")
                    && (m.direction() == Direction.IN || m.direction() == Direction.OUT))
            .toList();
        TranscriptMessage lastInbound = emails.stream()
            .filter(m -> m.direction() == Direction.IN)
            .reduce((a, b) -> b)
            .orElse(null);
        String base = lastInbound == null ? ""
                : threads.subjectOf(lastInbound.providerMessageId()).map(EmailThreads::baseSubject).orElse("");
        String subject = (base.isEmpty() ? "Your message to us" : "Re: " + base) + " "
                + EmailThreads.tag(message.conversationId());
        return new Reply("Subject: " + subject + "\n\n" + message.text(),
                () -> smtp(message, to, subject, lastInbound, emails));
    }

    private String smtp(OutboundMessage message, String to, String subject, TranscriptMessage lastInbound,
            List<TranscriptMessage> emails) {
        String domain = properties.address().substring(properties.address().indexOf('@') + 1);
        String messageId = "<" + UUID.randomUUID() + ".asyncdesk@" + domain + ">";
        JavaMailSender sender = mail.getObject();
        try {
            MimeMessage mime = new MimeMessage((Session) null) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", messageId);
                }
            };
            mime.setFrom(new InternetAddress(properties.address(), properties.fromName(), "UTF-8"));
            mime.setRecipient(Message.RecipientType.TO, new InternetAddress(to, message.customerName(), "UTF-8"));
            mime.setSubject(subject, "UTF-8");
            mime.setText(message.text(), "UTF-8");
            mime.setSentDate(Date.from(clock.instant()));
            if (lastInbound != null) {
                mime.setHeader("In-Reply-To", lastInbound.providerMessageId());
            }
            if (!emails.isEmpty()) {
                List<String> refs = emails.stream().map(TranscriptMessage::providerMessageId).toList();
                mime.setHeader("References",
                        String.join(" ", refs.subList(Math.max(0, refs.size() - 20), refs.size())));
            }
            sender.send(mime);
            return messageId;
        }
        catch (MessagingException | UnsupportedEncodingException | MailParseException bad) {
            throw notSent(message, "Reply not sent: the e-mail could not be built (" + bad.getMessage() + ")",
                    "E-mail could not be built: " + bad.getMessage());
        }
        catch (MailAuthenticationException auth) {
            throw new TransientDeliveryFailure(
                    "SMTP login failed (check spring.mail.username/password): " + auth.getMessage(), auth);
        }
        catch (MailException unreachable) {
            throw new TransientDeliveryFailure("SMTP server did not take the e-mail: " + unreachable.getMessage(),
                    unreachable);
        }
    }

}
