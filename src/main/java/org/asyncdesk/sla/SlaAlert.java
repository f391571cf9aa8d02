package org.asyncdesk.sla;

import java.time.Instant;

/**
 * A recorded SLA warning or breach.
 *
 * @param kind {@link #WARNING}, {@link #RESPONSE_BREACH}, {@link #RESOLUTION_BREACH} or
 * {@link #CALLBACK_BREACH}
 * @param alertedAt when the alert e-mail was accepted by the mail server; null while it
 * is still to be sent
 */
public record SlaAlert(long id, String conversationId, String processInstanceId, String kind, Instant dueAt,
        Instant recordedAt, Instant alertedAt, String recipients) {

    public static final String WARNING = "warning";

    public static final String RESPONSE_BREACH = "response-breach";

    public static final String RESOLUTION_BREACH = "resolution-breach";

    public static final String CALLBACK_BREACH = "callback-breach";

    public boolean isBreach() {
        return !WARNING.equals(kind);
    }
}
