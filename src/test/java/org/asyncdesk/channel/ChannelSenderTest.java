package org.asyncdesk.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;

import org.asyncdesk.channel.sandbox.Sandbox;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.OutboundMessage;
import org.asyncdesk.conversation.PermanentDeliveryFailure;
import org.asyncdesk.conversation.Transcript;
import org.asyncdesk.customer.CustomerIdentity;
import org.junit.jupiter.api.Test;

/**
 * The shape every provider sender gets from {@link ChannelSender}: no address, sandbox,
 * provider.
 */
class ChannelSenderTest {

    private final Sandbox sandbox = mock(Sandbox.class);

    private final Transcript transcript = mock(Transcript.class);

    private final List<String> built = new ArrayList<>();

    private final List<String> posted = new ArrayList<>();

    private boolean configured;

    private final ChannelSender sender = new ChannelSender(Channel.SMS, "SMS",
            "the customer has no phone number; pick another reply channel", () -> configured, sandbox, transcript) {
        @Override
        protected Reply reply(OutboundMessage message, String to) {
            built.add(to);
            return new Reply("kept: " + message.text(), () -> {
                posted.add(to);
                return "SM-1";
            });
        }
    };

    private static OutboundMessage to(CustomerIdentity... recipients) {
        return new OutboundMessage("c-1", 7, Channel.SMS, "Ada", List.of(recipients), "en", "Hello");
    }

    @Test
    void withoutAnAddressTheAgentReadsWhyAndTheSendFailsForGood() {
        assertThatThrownBy(() -> sender.send(to(new CustomerIdentity("email", "ada@example.com"))))
            .isInstanceOf(PermanentDeliveryFailure.class)
            .hasMessage("SMS: the customer has no phone number; pick another reply channel");
        verify(transcript).recordDeliveryProblem("c-1", Channel.SMS,
                "Reply not sent: the customer has no phone number; pick another reply channel");
        assertThat(built).isEmpty();
        verifyNoInteractions(sandbox);
    }

    @Test
    void withoutCredentialsTheBuiltReplyGoesToTheSandbox() {
        when(sandbox.record(Channel.SMS, "+4915100000", "c-1", "kept: Hello")).thenReturn("sandbox-3");
        assertThat(sender.sandboxed()).isTrue();
        assertThat(sender.send(to(new CustomerIdentity("sms", "+4915100000")))).isEqualTo("sandbox-3");
        assertThat(built).containsExactly("+4915100000");
        assertThat(posted).isEmpty();
        verifyNoInteractions(transcript);
    }

    @Test
    void withCredentialsTheProviderGetsItAndItsIdIsReturned() {
        configured = true;
        assertThat(sender.sandboxed()).isFalse();
        assertThat(sender.send(to(new CustomerIdentity("sms", "+4915100000")))).isEqualTo("SM-1");
        assertThat(posted).containsExactly("+4915100000");
        verifyNoInteractions(sandbox, transcript);
    }

}
