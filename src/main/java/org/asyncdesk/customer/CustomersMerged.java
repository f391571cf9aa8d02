package org.asyncdesk.customer;

/**
 * Published inside the merging transaction: features that keep data per customer
 * (conversations, process variables) move it from {@code fromCustomerId} to
 * {@code intoCustomerId}.
 */
public record CustomersMerged(String fromCustomerId, String intoCustomerId, String intoDisplayName, String by) {
}
