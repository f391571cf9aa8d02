package org.asyncdesk.workflow;

import org.asyncdesk.conversation.ConversationProperties;
import org.springframework.stereotype.Component;

/**
 * {@code ${conversationPolicy}}: configured durations for BPMN timers, as ISO-8601
 * strings. {@code ${conversationPolicy.silenceTimeout}} is
 * {@code asyncdesk.conversation.silence-timeout}.
 */
@Component("conversationPolicy")
public class ConversationPolicy {

    private final ConversationProperties properties;

    public ConversationPolicy(ConversationProperties properties) {
        this.properties = properties;
    }

    public String getSilenceTimeout() {
        return properties.silenceTimeout().toString();
    }

}
