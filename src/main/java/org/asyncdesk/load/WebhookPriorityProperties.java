package org.asyncdesk.load;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook acknowledgements before background work on the same node
 * ({@link WebhookPriority}).
 *
 * @param enabled whether background work backs off while webhooks are being acknowledged
 * @param backgroundPermits inbox dispatch rounds and engine jobs that may run at once on
 * this node while webhooks are in flight (or were, within {@code quiet-period}); the
 * others wait their turn. At least 1, so background work always goes on; without webhooks
 * there is no limit
 * @param quietPeriod how long after the last webhook the node still counts as busy with
 * them (default 0: only while webhooks are in flight). Longer periods shield bursts
 * better but, with steady traffic, keep background work at {@code background-permits} all
 * the time
 */
@ConfigurationProperties("asyncdesk.webhook-priority")
public record WebhookPriorityProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1") int backgroundPermits,
        @DefaultValue("0ms") Duration quietPeriod) {

    public WebhookPriorityProperties {
        if (backgroundPermits < 1 || quietPeriod.isNegative()) {
            throw new IllegalArgumentException("asyncdesk.webhook-priority: background-permits must be at least 1 "
                    + "and quiet-period not negative");
        }
    }
}
