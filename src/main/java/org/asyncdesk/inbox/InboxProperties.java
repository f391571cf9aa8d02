package org.asyncdesk.inbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled      whether this node dispatches stored messages (every node may; rows are claimed, not shared)
 * @param pollInterval how often an idle dispatcher looks for work; new messages wake it at once on this node
 * @param maxAttempts  failed deliveries before a message is parked for an operator
 * @param workers      dispatcher threads on this node
 * @param retryBackoff first retry delay, doubled per attempt
 */
@ConfigurationProperties("asyncdesk.inbox")
public record InboxProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("2") int workers,
        @DefaultValue("1s") Duration retryBackoff) {
}
