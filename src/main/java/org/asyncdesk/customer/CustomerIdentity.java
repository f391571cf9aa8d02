package org.asyncdesk.customer;

/** An address a customer is known under on one channel (lower-case channel key, e.g. "email"). */
public record CustomerIdentity(String channel, String address) {
}
