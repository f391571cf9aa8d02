package org.asyncdesk.inbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether this node dispatches stored messages (every node may; rows are
 * claimed, not shared)
 * @param pollInterval how often an idle dispatcher looks for work; new messages wake it
 * at once on this node
 * @param maxAttempts failed deliveries before a message is parked for an operator
 * @param workers dispatcher threads on this node
 * @param retryBackoff first retry delay, doubled per attempt
 * @param notReadyMaxBackoff longest pause before a message whose conversation is busy
 * (not waiting for a customer message yet, or changed concurrently by a timer or another
 * node) is tried again; such waits never count as failed attempts
 * @param batchSize messages (of different senders) dispatched in one transaction; 1 = one
 * at a time (default). Larger batches save commits but hold row locks and a connection
 * longer: size the connection pool for it (the engine's id generator takes a second
 * connection at times)
 * @param groupSize most messages of one sender that are waiting together and go to the
 * engine as one delivery (each still its own transcript entry, in order); 1 = one engine
 * delivery per message
 */
@ConfigurationProperties("asyncdesk.inbox")
public record InboxProperties(@DefaultValue("true") boolean enabled, @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("8") int maxAttempts, @DefaultValue("2") int workers, @DefaultValue("1s") Duration retryBackoff,
        @DefaultValue("1") int batchSize, @DefaultValue("5s") Duration notReadyMaxBackoff,
        @DefaultValue("20") int groupSize) {
}
