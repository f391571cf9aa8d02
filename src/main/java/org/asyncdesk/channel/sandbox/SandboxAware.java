package org.asyncdesk.channel.sandbox;

import org.asyncdesk.conversation.Channel;

/**
 * A provider channel that falls back to the built-in sandbox while it has no credentials.
 */
public interface SandboxAware {

    Channel channel();

    /**
     * true while the channel has no credentials: replies go to the sandbox, inbound can
     * be simulated there
     */
    boolean sandboxed();

}
