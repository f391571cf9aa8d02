package org.asyncdesk.conversation;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.asyncdesk.customer.Customer;
import org.asyncdesk.customer.CustomerIdentity;
import org.asyncdesk.customer.CustomerService;
import org.asyncdesk.customer.CustomersMerged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which conversation a message belongs to, and which customer a conversation belongs to:
 * the reopen window, e-mail threads, claimed and confirmed identities, merges.
 */
@Service
public class ConversationRouter {

    private final ConversationRepository conversations;

    private final Transcript transcript;

    private final EngineGateway engine;

    private final CustomerService customers;

    private final ConversationProperties properties;

    private final TranscriptView view;

    private final Clock clock;

    public ConversationRouter(ConversationRepository conversations, Transcript transcript, EngineGateway engine,
            CustomerService customers, ConversationProperties properties, TranscriptView view, Clock clock) {
        this.conversations = conversations;
        this.transcript = transcript;
        this.engine = engine;
        this.customers = customers;
        this.properties = properties;
        this.view = view;
        this.clock = clock;
    }

    /**
     * The conversation a message from this sender belongs to: the customer's open one, or
     * the one resolved within the reopen window, or a new one. Locks the customer's
     * latest conversation so that two nodes agree.
     * <p>
     * A message that names the conversation it continues (an e-mail reply threaded to one
     * of our e-mails) goes there while it is open or reopenable, and its sender's
     * identity is linked to that conversation's customer when it was unknown: that is how
     * a customer who started on WhatsApp and answers our e-mail stays one customer. An
     * identity that already belongs to another customer is never moved this way (agents
     * merge customers explicitly); such a message follows the normal rule.
     * <p>
     * A sender the channel does not vouch for ({@link CustomerMessage#senderVerified()},
     * an e-mail without a passing DMARC/DKIM result) reaches neither the profile nor the
     * conversations of the address it shows: it goes to the latest unverified
     * conversation on the same channel that claims the same address, or to a new one with
     * a provisional profile. An authenticated e-mail from the address such an e-mail
     * conversation claims, threaded to it, confirms the claim ({@link #confirmIdentity}):
     * the address's owner answered in the thread.
     */
    @Transactional
    public Conversation conversationFor(CustomerMessage message) {
        CustomerIdentity identity = new CustomerIdentity(message.channel().key(), message.senderAddress()).normalised();
        Instant now = clock.instant();
        if (!message.senderVerified()) {
            return unverifiedConversationFor(message, identity, now);
        }
        if (message.threadConversationId() != null) {
            Optional<Conversation> threaded = conversations.lock(message.threadConversationId())
                .filter(c -> continuable(c, now));
            if (threaded.isPresent() && !threaded.get().identityVerified()) {
                if (claims(threaded.get(), message.channel(), identity)) {
                    return confirmClaim(threaded.get(), "an authenticated e-mail from the address, in the thread");
                }
                // another address's unverified conversation: never linked to this sender,
                // the normal rule applies
            }
            else if (threaded.isPresent()) {
                Optional<String> known = customers.customerIdOf(identity);
                if (known.isEmpty()) {
                    customers.addIdentity(threaded.get().customerId(), identity);
                    return threaded.get();
                }
                if (known.get().equals(threaded.get().customerId())) {
                    return threaded.get();
                }
            }
        }
        Customer customer = customers.findOrCreate(identity, message.senderName(), message.language());
        Optional<Conversation> latest = conversations.latestOfCustomer(customer.id())
            .flatMap(c -> conversations.lock(c.id()));
        if (latest.isPresent() && continuable(latest.get(), now)) {
            return latest.get();
        }
        var conversation = new Conversation(UUID.randomUUID().toString(), customer.id(), ConversationStatus.NEW,
                message.channel(), message.channel(), message.language(), now, now, null);
        conversations.insert(conversation, null);
        return conversation;
    }

    /**
     * Where a message goes whose sender nobody vouched for: only into a conversation that
     * is itself unverified, claims the same address and runs on the same channel (a web
     * chat is reached by its token alone: its holder reads the transcript), else into a
     * new one with a provisional profile. Nothing is lost, nothing is joined.
     */
    private Conversation unverifiedConversationFor(CustomerMessage message, CustomerIdentity claimed, Instant now) {
        if (message.threadConversationId() != null) {
            Optional<Conversation> threaded = conversations.lock(message.threadConversationId())
                .filter(c -> continuable(c, now) && !c.identityVerified() && claims(c, message.channel(), claimed));
            if (threaded.isPresent()) {
                return threaded.get();
            }
        }
        Optional<Conversation> latest = conversations.latestUnverifiedClaim(message.channel(), claimed)
            .flatMap(c -> conversations.lock(c.id()));
        if (latest.isPresent() && !latest.get().identityVerified() && continuable(latest.get(), now)) {
            return latest.get();
        }
        String name = message.senderName() == null || message.senderName().isBlank() ? claimed.address()
                : message.senderName();
        Customer provisional = customers.createProvisional(name, message.language());
        var conversation = new Conversation(UUID.randomUUID().toString(), provisional.id(), ConversationStatus.NEW,
                message.channel(), message.channel(), message.language(), now, now, null, false, claimed);
        conversations.insert(conversation, null);
        transcript.appendEvent(conversation.id(), message.channel(), unverifiedNote(claimed,
                "the receiving mail server did not confirm the sender (no passing DMARC or aligned DKIM result)"));
        return conversation;
    }

    private static boolean claims(Conversation c, Channel channel, CustomerIdentity identity) {
        return c.channel() == channel && identity.equals(c.claimedIdentity());
    }

    static String unverifiedNote(CustomerIdentity claimed, String why) {
        return "Unverified identity: " + claimed.channel() + " " + claimed.address() + " is only claimed (" + why
                + "). This conversation has a profile of its own: no other profile, orders or conversations of that "
                + "address are shown.";
    }

    /**
     * The customer proved that the identity the conversation claims is theirs (the link
     * of the confirmation e-mail). The conversation then joins the profile known under
     * that identity (its provisional profile is dropped), or, when nobody is known under
     * it, the provisional profile keeps it as a real one. The running instance hears
     * {@code IdentityConfirmed} with {@code identityVerified} = true and the new
     * {@code customerId}/{@code customerTier}.
     * @param how for the transcript, e.g. "confirmation link e-mailed to the address"
     * @return the conversation as it is now (unchanged when it was verified already)
     */
    @Transactional
    public Conversation confirmIdentity(String conversationId, String how) {
        Conversation c = conversations.lock(conversationId)
            .orElseThrow(() -> new IllegalStateException("conversation " + conversationId + " does not exist"));
        if (c.identityVerified() || c.claimedIdentity() == null) {
            return c;
        }
        return confirmClaim(c, how);
    }

    /**
     * Links a locked, unverified conversation to the owner of its claimed identity; see
     * {@link #confirmIdentity}.
     */
    private Conversation confirmClaim(Conversation c, String how) {
        CustomerIdentity claimed = c.claimedIdentity();
        Optional<String> owner = customers.customerIdOf(claimed);
        String linked;
        Customer customer;
        if (owner.isPresent()) {
            conversations.moveToCustomer(c.id(), owner.get());
            customer = customers.dropProvisional(c.customerId(), owner.get());
            linked = "linked to the customer profile of " + customer.displayName();
        }
        else {
            customers.confirmProvisional(c.customerId(), claimed);
            customer = customers.find(c.customerId()).orElseThrow();
            linked = "nobody else is known under it, so it now belongs to this customer's profile";
        }
        Instant now = clock.instant();
        conversations.markIdentityVerified(c.id(), now);
        transcript.appendEvent(c.id(), c.lastInboundChannel(),
                "Identity confirmed: " + claimed.channel() + " " + claimed.address() + " (" + how + "); " + linked);
        engine.identityConfirmed(c.id(), customer);
        return conversations.find(c.id()).orElseThrow();
    }

    private boolean continuable(Conversation c, Instant now) {
        boolean open = c.status() != ConversationStatus.RESOLVED;
        boolean reopenable = c.resolvedAt() != null && c.resolvedAt().plus(properties.reopenWindow()).isAfter(now);
        return open || reopenable;
    }

    /**
     * Moves the conversations of a merged customer and tells their running instances the
     * new {@code customerId}.
     */
    @EventListener
    public void customersMerged(CustomersMerged merged) {
        for (Conversation c : conversations.ofCustomer(merged.fromCustomerId())) {
            conversations.moveToCustomer(c.id(), merged.intoCustomerId());
            engine.customerChanged(c.id(), merged.intoCustomerId());
            transcript.appendEvent(c.id(), c.lastInboundChannel(),
                    "Customer merged into " + merged.intoDisplayName() + " by " + merged.by());
            view.refresh(c.id());
        }
    }

}
