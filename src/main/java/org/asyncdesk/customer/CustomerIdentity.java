package org.asyncdesk.customer;

import java.util.Locale;

/**
 * An address a customer is known under on one channel (lower-case channel key, e.g.
 * "email").
 */
public record CustomerIdentity(String channel, String address) {

    /** As stored and compared: trimmed, e-mail addresses in lower case. */
    public CustomerIdentity normalised() {
        String a = address.strip();
        return new CustomerIdentity(channel, "email".equals(channel) ? a.toLowerCase(Locale.ROOT) : a);
    }
}
