package org.asyncdesk.sla;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code asyncdesk.sla}.
 *
 * @param warningShare share of a response target after which the conversation counts as
 * at risk and the agents are warned (0.75 = after three quarters of the business time)
 * @param callbackTarget how soon a requested call-back is due, in the conversation's
 * business hours
 */
@ConfigurationProperties("asyncdesk.sla")
public record SlaProperties(@DefaultValue("0.75") double warningShare, @DefaultValue("PT1H") Duration callbackTarget) {

    public SlaProperties {
        if (!(warningShare > 0 && warningShare < 1)) {
            throw new IllegalArgumentException(
                    "asyncdesk.sla.warning-share must be between 0 and 1 (exclusive), was " + warningShare);
        }
    }
}
