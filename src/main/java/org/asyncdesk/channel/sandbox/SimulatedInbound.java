package org.asyncdesk.channel.sandbox;

import org.asyncdesk.conversation.Channel;

/**
 * A channel whose inbound messages the sandbox page can simulate. Implementations build
 * the provider's own payload and take it through the same parsing and inbox path as a
 * real webhook (only the signature check is skipped).
 */
public interface SimulatedInbound {

    Channel channel();

    /**
     * @return the provider message id given to the simulated message
     */
    String simulate(String from, String name, String text);

}
