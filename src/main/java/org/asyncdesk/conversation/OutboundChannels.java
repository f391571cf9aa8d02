package org.asyncdesk.conversation;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/** The sender for each channel. */
@Component
class OutboundChannels {

    private final Map<Channel, OutboundChannel> byChannel = new EnumMap<>(Channel.class);

    public OutboundChannels(List<OutboundChannel> senders) {
        senders.forEach(s -> byChannel.put(s.channel(), s));
    }

    public OutboundChannel of(Channel channel) {
        OutboundChannel sender = byChannel.get(channel);
        if (sender == null) {
            throw new IllegalStateException("no sender configured for channel " + channel.key());
        }
        return sender;
    }

}
