package org.asyncdesk.channel.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.ConversationService;
import org.asyncdesk.conversation.DeliveryState;
import org.asyncdesk.conversation.Direction;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.conversation.TranscriptMessage;
import org.asyncdesk.inbox.InboxDispatcher;
import org.asyncdesk.support.Conversations;
import org.asyncdesk.support.ProcessTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The embedded default: no provider credentials, so every channel works against the
 * built-in sandbox. Simulated customers take the channels' own webhook parsing and the
 * inbox; replies are recorded by the sandbox.
 */
@ProcessTest
class SandboxChannelsTest {

    @Autowired
    List<SimulatedInbound> simulators;

    @Autowired
    List<SandboxAware> channels;

    @Autowired
    Sandbox sandbox;

    @Autowired
    InboxDispatcher dispatcher;

    @Autowired
    Conversations steps;

    @Autowired
    ConversationService conversations;

    @Autowired
    Transcript transcript;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void tearDown() {
        Conversations.resetClock();
    }

    private SimulatedInbound simulator(Channel c) {
        return simulators.stream().filter(s -> s.channel() == c).findFirst().orElseThrow();
    }

    /**
     * The conversation of the customer known under this address, or the one claiming it
     * (sandbox e-mails are unverified).
     */
    private String conversationOf(String channel, String address) {
        return jdbc.sql("""
                select c.id from conversation c
                where c.customer_id in (select customer_id from customer_identity where channel = :ch and address = :a)
                   or (c.claimed_channel = :ch and c.claimed_address = :a)""")
            .param("ch", channel)
            .param("a", address)
            .query(String.class)
            .single();
    }

    @Test
    void everyProviderChannelIsSandboxedAndRepliesAreRecorded() {
        assertThat(channels).extracting(SandboxAware::channel)
            .containsExactlyInAnyOrder(Channel.WHATSAPP, Channel.SMS, Channel.MESSENGER, Channel.EMAIL);
        assertThat(channels).allMatch(SandboxAware::sandboxed);
        Map<Channel, String> senders = Map.of(Channel.WHATSAPP, "4915100000001", Channel.SMS, "+4915100000002",
                Channel.MESSENGER, "PSID-sandbox-3", Channel.EMAIL, "sandbox.customer@example.com");
        senders.forEach((channel, from) -> simulator(channel).simulate(from, "Sandy " + channel.key(),
                "Hello via " + channel.key()));
        dispatcher.dispatchAll();
        steps.executeJobs();
        senders.forEach((channel, from) -> {
            String conversation = conversationOf(channel.key(), from);
            steps.reply(conversation, "anna", "Answer on " + channel.key());
            assertThat(sandbox.sentTo(channel, from)).extracting(Sandbox.SandboxMessage::body)
                .anyMatch(b -> b.endsWith("Answer on " + channel.key()));
            TranscriptMessage out = transcript.of(conversation)
                .stream()
                .filter(m -> m.direction() == Direction.OUT)
                .findFirst()
                .orElseThrow();
            assertThat(out.deliveryState()).isEqualTo(DeliveryState.SENT);
            assertThat(out.providerMessageId()).startsWith("sandbox-");
        });
        assertThat(sandbox.sentTo(Channel.EMAIL, "sandbox.customer@example.com").get(0).body())
            .startsWith("Subject: Re: Message from the sandbox [ref:");
    }

    @Test
    void outsideWhatsappsServiceWindowTheTemplateGoesOutAndTheAgentIsTold() {
        String from = "4915100000099";
        simulator(Channel.WHATSAPP).simulate(from, "Late Larry", "Is the shop open on Sunday?");
        dispatcher.dispatchAll();
        steps.executeJobs();
        String conversation = conversationOf("whatsapp", from);
        steps.timePasses(Duration.ofHours(25));
        steps.reply(conversation, "anna", "No, Monday to Saturday.");
        // the acknowledgement went out within the window; the late reply becomes the
        // template
        assertThat(sandbox.sentTo(Channel.WHATSAPP, from)).extracting(Sandbox.SandboxMessage::body)
            .hasSize(2)
            .last()
            .isEqualTo("[template asyncdesk_reply_waiting]");
        assertThat(transcript.of(conversation))
            .anyMatch(m -> m.direction() == Direction.EVENT && m.body().contains("Outside WhatsApp's 24-hour window")
                    && m.body().contains("asyncdesk_reply_waiting"));
    }

    @Test
    void withinTheWindowTheReplyItselfIsSent() {
        String from = "4915100000098";
        simulator(Channel.WHATSAPP).simulate(from, "Quick Quinn", "Hi");
        dispatcher.dispatchAll();
        steps.executeJobs();
        steps.timePasses(Duration.ofHours(23));
        steps.reply(conversationOf("whatsapp", from), "anna", "Hello Quinn");
        assertThat(sandbox.sentTo(Channel.WHATSAPP, from)).extracting(Sandbox.SandboxMessage::body)
            .hasSize(2)
            .last()
            .isEqualTo("Hello Quinn");
    }

}
