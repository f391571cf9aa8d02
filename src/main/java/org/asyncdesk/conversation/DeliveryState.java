package org.asyncdesk.conversation;

import java.util.Locale;
import java.util.Optional;

/**
 * Where one of our outbound messages stands. States only move forward by rank
 * ({@code pending < sent < delivered <
 * read}, and {@code failed} ends it), so provider callbacks that arrive twice or out of
 * order never move a message back. {@link #key()} is what the transcript table, the web
 * chat and the agents' transcript show.
 */
public enum DeliveryState {

    PENDING, SENT, DELIVERED, READ, FAILED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A state a later report may replace this one with. */
    public boolean isBefore(DeliveryState other) {
        return ordinal() < other.ordinal();
    }

    /**
     * Our key or a provider's word for it ({@code "delivered"}, {@code "READ"}); empty
     * when it names no state.
     */
    public static Optional<DeliveryState> of(String key) {
        if (key == null) {
            return Optional.empty();
        }
        for (DeliveryState s : values()) {
            if (s.key().equals(key.toLowerCase(Locale.ROOT))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The rank stored beside the key, so that SQL can refuse a step back. */
    int rank() {
        return ordinal();
    }

}
