package org.asyncdesk.channel.webchat;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The public web chat.
 *
 * @param maxTextLength longest message a customer may send through the web chat, in
 * characters
 * @param maxOpenPerEmail open (not resolved) conversations one e-mail address may have; a
 * further new one is refused
 * @param rateLimit requests per client address, per e-mail address and in all, counted
 * per node
 * @param challenge an optional proof of work before a new conversation
 * @param confirmation the e-mail that lets a customer confirm the address they gave
 */
@ConfigurationProperties("asyncdesk.webchat")
public record WebchatProperties(@DefaultValue("4000") int maxTextLength, @DefaultValue("3") int maxOpenPerEmail,
        @DefaultValue RateLimit rateLimit, @DefaultValue Challenge challenge, @DefaultValue Confirmation confirmation) {

    /**
     * The e-mail address typed into the chat is unverified until the customer opens the
     * link we send there.
     *
     * @param ttl how long a link can be used (once)
     * @param maxMailsPerAddress confirmation e-mails one address gets within
     * {@code mailWindow}, counted in the database (all nodes together); further requests
     * send nothing
     * @param mailWindow the period of that cap
     * @param sendInterval how often each node looks for confirmation e-mails to send
     * (retries; new requests on the same node are sent at once)
     * @param maxAttempts sending attempts before an e-mail is given up (the transcript
     * says so; the customer can ask for a new one)
     */
    public record Confirmation(@DefaultValue("24h") Duration ttl, @DefaultValue("3") int maxMailsPerAddress,
            @DefaultValue("24h") Duration mailWindow, @DefaultValue("10s") Duration sendInterval,
            @DefaultValue("5") int maxAttempts) {
    }

    /**
     * Token buckets: each allows a burst of its size and refills evenly over its period.
     *
     * @param conversationsPerAddressPerHour new conversations from one client address
     * (IPv6: one /64)
     * @param messagesPerAddressPerMinute messages into existing conversations from one
     * client address
     * @param conversationsPerEmailPerHour new conversations giving one e-mail address
     * @param globalConversationsPerMinute new conversations from everyone together, on
     * this node
     * @param globalMessagesPerMinute messages from everyone together, on this node
     * @param maxTrackedClients buckets kept per kind; the least recently used is dropped
     * beyond it
     */
    public record RateLimit(@DefaultValue("10") int conversationsPerAddressPerHour,
            @DefaultValue("30") int messagesPerAddressPerMinute, @DefaultValue("5") int conversationsPerEmailPerHour,
            @DefaultValue("60") int globalConversationsPerMinute, @DefaultValue("600") int globalMessagesPerMinute,
            @DefaultValue("100000") int maxTrackedClients) {
    }

    /**
     * @param enabled whether a new conversation needs a solved challenge from
     * {@code GET /api/webchat/challenge}
     * @param bits leading zero bits the SHA-256 of {@code nonce:solution} must have (each
     * one doubles the work)
     * @param ttl how long an issued nonce may be solved and used (once)
     * @param secret key that signs nonces; empty: a random key per start, so behind a
     * load balancer without sticky sessions give every node the same secret
     */
    public record Challenge(@DefaultValue("false") boolean enabled, @DefaultValue("18") int bits,
            @DefaultValue("5m") Duration ttl, @DefaultValue("") String secret) {
    }
}
