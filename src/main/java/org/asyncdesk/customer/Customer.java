package org.asyncdesk.customer;

import java.time.Instant;

public record Customer(String id, String displayName, String tier, String language, Instant createdAt) {
}
