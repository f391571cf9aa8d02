package org.asyncdesk.automation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code asyncdesk.automation.*}: the assistant that answers from the knowledge base.
 *
 * @param enabled false: the assistant never proposes an answer, every message goes to the
 * team as before
 * @param confirmTimeout how long the assistant waits for the customer after its answer;
 * silence for that long counts as "answered" (the conversation is resolved by the
 * assistant)
 */
@ConfigurationProperties("asyncdesk.automation")
public record AutomationProperties(@DefaultValue("false") boolean enabled,
        @DefaultValue("PT24H") Duration confirmTimeout) {

    public AutomationProperties {
        if (confirmTimeout.isNegative() || confirmTimeout.isZero()) {
            throw new IllegalArgumentException("asyncdesk.automation.confirm-timeout must be positive");
        }
    }
}
