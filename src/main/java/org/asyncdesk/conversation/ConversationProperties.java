package org.asyncdesk.conversation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param silenceTimeout how long after an agent's reply a silent customer's conversation
 * stays open before it is auto-resolved (the BPMN timer reads it through
 * {@code conversationPolicy})
 * @param reopenWindow a message this soon after resolution reopens the conversation;
 * later ones start a new one
 */
@ConfigurationProperties("asyncdesk.conversation")
public record ConversationProperties(@DefaultValue("P3D") Duration silenceTimeout,
        @DefaultValue("P7D") Duration reopenWindow) {
}
