package org.asyncdesk.customer;

import java.time.Instant;

/**
 * A customer profile.
 *
 * @param provisional made for a conversation whose identity nobody confirmed yet (a web
 * chat's e-mail address, an unauthenticated e-mail): it has no identities and stays apart
 * from every other profile until the identity is confirmed
 */
public record Customer(String id, String displayName, String tier, String language, Instant createdAt,
        boolean provisional) {
}
