package org.asyncdesk.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.OutboundMessage;
import org.asyncdesk.conversation.WebchatAccess;
import org.asyncdesk.customer.CustomerIdentity;
import org.asyncdesk.support.Conversations;
import org.asyncdesk.support.MailServer;
import org.asyncdesk.support.ProcessTest;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A reply e-mail's Date header is the application's (engine-controlled) time, like the
 * transcript's.
 */
@ProcessTest
@TestPropertySource(properties = "asyncdesk.channels.email.address=support@asyncdesk.test")
class EmailSentDateTest {

    @Autowired
    EmailSender sender;

    @Autowired
    ConversationService conversations;

    @Autowired
    WebchatAccess webchats;

    @AfterEach
    void tearDown() {
        Conversations.resetClock();
    }

    @Test
    void aReplyIsDatedWithThePinnedTime() throws Exception {
        // far enough from the real date either way that the wall clock can never pass for
        // it
        Instant pinned = Instant.now().minus(Duration.ofDays(400)).truncatedTo(ChronoUnit.SECONDS);
        ClockUtil.setCurrentTime(Date.from(pinned));
        String customer = "dated." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String conversation = webchats.open("Dora Date", customer, "en").conversation().id();

        String messageId = sender.send(new OutboundMessage(conversation, 0, Channel.EMAIL, "Dora Date",
                List.of(new CustomerIdentity("email", customer)), "en", "Your parcel left today."));

        MimeMessage received = Arrays.stream(MailServer.get().getReceivedMessages()).filter(m -> {
            try {
                return ((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getAddress().equals(customer);
            }
            catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow();
        assertThat(received.getMessageID()).isEqualTo(messageId);
        assertThat(received.getSentDate().toInstant()).isEqualTo(pinned);
    }

}
