package org.asyncdesk.channel.webchat;

import org.asyncdesk.conversation.Channel;
import org.asyncdesk.conversation.OutboundChannel;
import org.asyncdesk.conversation.OutboundMessage;
import org.springframework.stereotype.Component;

/**
 * Web chat replies need no provider: the customer's page reads them from the transcript.
 */
@Component
class WebchatSender implements OutboundChannel {

    @Override
    public Channel channel() {
        return Channel.WEBCHAT;
    }

    @Override
    public String send(OutboundMessage message) {
        return null;
    }

}
