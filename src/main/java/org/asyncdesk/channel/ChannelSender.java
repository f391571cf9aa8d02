package org.asyncdesk.channel;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.asyncdesk.channel.sandbox.Sandbox;
import org.asyncdesk.channel.sandbox.SandboxAware;
import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.OutboundChannel;
import org.asyncdesk.conversation.OutboundMessage;
import org.asyncdesk.conversation.PermanentDeliveryFailure;
import org.asyncdesk.conversation.Transcript;

/**
 * The shape every provider's sender shares, so that a channel writes only what its
 * provider wants: the customer's address on the channel, or else a note in the transcript
 * and a permanent failure (retries cannot find an address); then the reply is built, and
 * goes to the sandbox while the channel has no credentials, to the provider otherwise.
 * Built first either way, so the sandbox shows what the provider would have got.
 */
public abstract class ChannelSender implements OutboundChannel, SandboxAware {

    /**
     * A reply ready to go.
     *
     * @param sandboxText what the sandbox keeps in place of the provider call
     * @param delivery the provider call (through {@link ProviderHttp} for HTTP APIs);
     * gives the provider's message id, or null
     */
    public record Reply(String sandboxText, Supplier<String> delivery) {
    }

    private final Channel channel;

    private final String label;

    private final String noAddress;

    private final BooleanSupplier configured;

    private final Sandbox sandbox;

    private final Transcript transcript;

    /**
     * @param label the channel's name in failures ("WhatsApp: the customer has no
     * WhatsApp number; …")
     * @param noAddress for the agent, when the customer has no address here: what is
     * missing and what to do instead
     * @param configured whether the channel has its credentials; asked on each send
     */
    protected ChannelSender(Channel channel, String label, String noAddress, BooleanSupplier configured,
            Sandbox sandbox, Transcript transcript) {
        this.channel = channel;
        this.label = label;
        this.noAddress = noAddress;
        this.configured = configured;
        this.sandbox = sandbox;
        this.transcript = transcript;
    }

    @Override
    public final Channel channel() {
        return channel;
    }

    @Override
    public final boolean sandboxed() {
        return !configured.getAsBoolean();
    }

    @Override
    public final String send(OutboundMessage message) {
        String to = address(message);
        if (to == null) {
            throw notSent(message, "Reply not sent: " + noAddress, label + ": " + noAddress);
        }
        Reply reply = reply(message, to);
        if (sandboxed()) {
            return sandbox.record(channel, to, message.conversationId(), reply.sandboxText());
        }
        return reply.delivery().get();
    }

    /**
     * The customer's address on this channel, or null; by default their identity on it.
     */
    protected String address(OutboundMessage message) {
        return message.addressOn(channel.key());
    }

    /** Builds the reply to {@code to}; called whether the channel is sandboxed or not. */
    protected abstract Reply reply(OutboundMessage message, String to);

    /**
     * Notes in the transcript why the customer got nothing (the agent reads it there),
     * and gives the failure that ends the send without retries.
     */
    protected final PermanentDeliveryFailure notSent(OutboundMessage message, String note, String failure) {
        transcript.recordDeliveryProblem(message.conversationId(), channel, note);
        return new PermanentDeliveryFailure(failure);
    }

}
