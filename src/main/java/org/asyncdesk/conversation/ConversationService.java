package org.asyncdesk.conversation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.asyncdesk.customer.Customer;
import org.asyncdesk.customer.CustomerIdentity;
import org.asyncdesk.customer.CustomerService;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one place that opens, continues and closes conversations: our tables and the engine move together here.
 */
@Service
public class ConversationService {

    private final ConversationRepository conversations;
    private final TranscriptRepository transcript;
    private final CustomerService customers;
    private final RuntimeService runtime;
    private final ConversationProperties properties;
    private final TranscriptView view;
    private final Clock clock;
    private final DeliveryStates deliveryStates;

    public ConversationService(ConversationRepository conversations, TranscriptRepository transcript,
                               CustomerService customers, RuntimeService runtime,
                               ConversationProperties properties, TranscriptView view, Clock clock,
                               DeliveryStates deliveryStates) {
        this.deliveryStates = deliveryStates;
        this.conversations = conversations;
        this.transcript = transcript;
        this.customers = customers;
        this.runtime = runtime;
        this.properties = properties;
        this.view = view;
        this.clock = clock;
    }

    /** A web chat conversation, created when the customer submits the chat form. */
    public record OpenedConversation(Conversation conversation, String accessToken) {
    }

    /**
     * A web chat conversation, created when the customer submits the chat form. The e-mail address is only claimed
     * (anyone can type anyone's): the conversation gets a provisional profile of its own, never the profile, tier,
     * orders or other conversations of whoever owns the address, until the customer confirms it
     * ({@link #confirmIdentity}).
     */
    @Transactional
    public OpenedConversation openWebchat(String name, String email, String language) {
        CustomerIdentity claimed = new CustomerIdentity("email", email).normalised();
        Customer customer = customers.createProvisional(name, language);
        Instant now = clock.instant();
        var conversation = new Conversation(UUID.randomUUID().toString(), customer.id(), ConversationStatus.NEW,
                Channel.WEBCHAT, Channel.WEBCHAT, language, now, now, null, false, claimed);
        String token = AccessTokens.newToken();
        conversations.insert(conversation, AccessTokens.hash(token));
        transcript.append(event(conversation.id(), Channel.WEBCHAT, unverifiedNote(claimed,
                "typed into the web chat; confirmed once the customer opens the link we e-mail there")));
        return new OpenedConversation(conversation, token);
    }

    /**
     * Open (not resolved) conversations of this address: those of the customer known under it, and those that
     * merely claim it (web chats, unauthenticated e-mails). 0 for an address nobody used.
     */
    public int openConversationsOf(String channel, String address) {
        CustomerIdentity identity = new CustomerIdentity(channel, address).normalised();
        return customers.customerIdOf(identity).map(conversations::countOpenOfCustomer).orElse(0)
                + conversations.countOpenUnverifiedClaims(identity);
    }

    public boolean accessAllowed(String conversationId, String token) {
        return conversations.accessTokenHash(conversationId).map(h -> AccessTokens.matches(token, h)).orElse(false);
    }

    public Optional<Conversation> find(String id) {
        return conversations.find(id);
    }

    public List<TranscriptMessage> transcript(String conversationId) {
        return transcript.of(conversationId);
    }

    /**
     * The conversation a message from this sender belongs to: the customer's open one, or the one resolved within
     * the reopen window, or a new one. Locks the customer's latest conversation so that two nodes agree.
     * <p>
     * A message that names the conversation it continues (an e-mail reply threaded to one of our e-mails) goes
     * there while it is open or reopenable, and its sender's identity is linked to that conversation's customer
     * when it was unknown: that is how a customer who started on WhatsApp and answers our e-mail stays one
     * customer. An identity that already belongs to another customer is never moved this way (agents merge
     * customers explicitly); such a message follows the normal rule.
     * <p>
     * A sender the channel does not vouch for ({@link CustomerMessage#senderVerified()}, an e-mail without a passing
     * DMARC/DKIM result) reaches neither the profile nor the conversations of the address it shows: it goes to the
     * latest unverified conversation on the same channel that claims the same address, or to a new one with a
     * provisional profile. An authenticated e-mail from the address such an e-mail conversation claims, threaded to
     * it, confirms the claim ({@link #confirmIdentity}): the address's owner answered in the thread.
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
                // another address's unverified conversation: never linked to this sender, the normal rule applies
            } else if (threaded.isPresent()) {
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
     * Where a message goes whose sender nobody vouched for: only into a conversation that is itself unverified,
     * claims the same address and runs on the same channel (a web chat is reached by its token alone: its holder
     * reads the transcript), else into a new one with a provisional profile. Nothing is lost, nothing is joined.
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
        transcript.append(event(conversation.id(), message.channel(), unverifiedNote(claimed,
                "the receiving mail server did not confirm the sender (no passing DMARC or aligned DKIM result)")));
        return conversation;
    }

    private static boolean claims(Conversation c, Channel channel, CustomerIdentity identity) {
        return c.channel() == channel && identity.equals(c.claimedIdentity());
    }

    private static String unverifiedNote(CustomerIdentity claimed, String why) {
        return "Unverified identity: " + claimed.channel() + " " + claimed.address() + " is only claimed (" + why
                + "). This conversation has a profile of its own: no other profile, orders or conversations of that "
                + "address are shown.";
    }

    /**
     * The customer proved that the identity the conversation claims is theirs (the link of the confirmation e-mail).
     * The conversation then joins the profile known under that identity (its provisional profile is dropped), or,
     * when nobody is known under it, the provisional profile keeps it as a real one. The running instance hears
     * {@code IdentityConfirmed} with {@code identityVerified} = true and the new {@code customerId}/{@code customerTier}.
     *
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

    /** Links a locked, unverified conversation to the owner of its claimed identity; see {@link #confirmIdentity}. */
    private Conversation confirmClaim(Conversation c, String how) {
        CustomerIdentity claimed = c.claimedIdentity();
        Optional<String> owner = customers.customerIdOf(claimed);
        String linked;
        Customer customer;
        if (owner.isPresent()) {
            conversations.moveToCustomer(c.id(), owner.get());
            customer = customers.dropProvisional(c.customerId(), owner.get());
            linked = "linked to the customer profile of " + customer.displayName();
        } else {
            customers.confirmProvisional(c.customerId(), claimed);
            customer = customers.find(c.customerId()).orElseThrow();
            linked = "nobody else is known under it, so it now belongs to this customer's profile";
        }
        Instant now = clock.instant();
        conversations.markIdentityVerified(c.id(), now);
        transcript.append(event(c.id(), c.lastInboundChannel(), "Identity confirmed: " + claimed.channel() + " "
                + claimed.address() + " (" + how + "); " + linked));
        Map<String, Object> vars = new HashMap<>();
        vars.put(ProcessMessages.VAR_IDENTITY_VERIFIED, true);
        vars.put(ProcessMessages.VAR_CUSTOMER_ID, customer.id());
        vars.put(ProcessMessages.VAR_CUSTOMER_TIER, customer.tier());
        List<ProcessInstance> running = runtime.createProcessInstanceQuery().processInstanceBusinessKey(c.id()).list();
        if (!running.isEmpty()) {
            // set first, so that a version of the diagram without the IdentityConfirmed event still knows
            running.forEach(p -> runtime.setVariables(p.getId(), vars));
            runtime.createMessageCorrelation(ProcessMessages.IDENTITY_CONFIRMED).processInstanceBusinessKey(c.id())
                    .setVariables(vars).correlateAll();
            view.refresh(c.id());
        }
        return conversations.find(c.id()).orElseThrow();
    }

    /**
     * Where replies to this conversation may go: the customer's identities and, for an unverified conversation on the
     * channel of its claim (an unauthenticated e-mail), the claimed address itself: answering the address a mail
     * came from tells its owner, not whoever forged it. A web chat's claimed address gets no replies before it is
     * confirmed.
     */
    public List<CustomerIdentity> recipients(Conversation c) {
        List<CustomerIdentity> recipients = new ArrayList<>(customers.identitiesOf(c.customerId()));
        if (!c.identityVerified() && c.claimedIdentity() != null
                && c.claimedIdentity().channel().equals(c.channel().key())) {
            recipients.add(c.claimedIdentity());
        }
        return recipients;
    }

    private boolean continuable(Conversation c, Instant now) {
        boolean open = c.status() != ConversationStatus.RESOLVED;
        boolean reopenable = c.resolvedAt() != null && c.resolvedAt().plus(properties.reopenWindow()).isAfter(now);
        return open || reopenable;
    }

    /** When the customer last wrote on this channel in this conversation (WhatsApp's 24-hour window). */
    public Optional<TranscriptMessage> lastInbound(String conversationId, Channel channel) {
        return transcript.lastInbound(conversationId, channel);
    }

    /** The conversation that one of these provider message ids (e.g. e-mail Message-IDs) belongs to. */
    public Optional<String> conversationOfProviderMessage(Channel channel, java.util.Collection<String> providerIds) {
        return transcript.conversationOfProviderMessage(channel, providerIds);
    }

    public List<Attachment> attachments(long messageId) {
        return transcript.attachmentsOf(messageId);
    }

    /** Moves the conversations of a merged customer and tells their running instances the new {@code customerId}. */
    @org.springframework.context.event.EventListener
    public void customersMerged(org.asyncdesk.customer.CustomersMerged merged) {
        for (Conversation c : conversations.ofCustomer(merged.fromCustomerId())) {
            conversations.moveToCustomer(c.id(), merged.intoCustomerId());
            for (ProcessInstance p : runtime.createProcessInstanceQuery().processInstanceBusinessKey(c.id()).list()) {
                runtime.setVariable(p.getId(), ProcessMessages.VAR_CUSTOMER_ID, merged.intoCustomerId());
            }
            transcript.append(event(c.id(), c.lastInboundChannel(), "Customer merged into "
                    + merged.intoDisplayName() + " by " + merged.by()));
            view.refresh(c.id());
        }
    }

    /** Stores a customer's message in the transcript; the engine hears of it in {@link #deliverToEngine}. */
    @Transactional
    public TranscriptMessage appendInbound(String conversationId, CustomerMessage message) {
        conversations.updateInbound(conversationId, message.channel(), clock.instant());
        String author = message.senderName() == null || message.senderName().isBlank()
                ? message.senderAddress() : message.senderName();
        var stored = transcript.append(new TranscriptMessage(0, conversationId, Direction.IN, message.channel(),
                author, message.text(), message.receivedAt(), message.providerMessageId(), null));
        for (Attachment a : message.attachments()) {
            transcript.addAttachment(stored.id(), a);
            // media stays with the provider; the agent needs to know it is there and how to find it
            transcript.append(event(conversationId, message.channel(), "The customer sent " + a.describe()));
        }
        // no instance runs for a new or resolved conversation, so no task can show it: spare the engine the query
        if (conversations.find(conversationId).map(c -> c.status() != ConversationStatus.NEW
                && c.status() != ConversationStatus.RESOLVED).orElse(true)) {
            view.refresh(conversationId);
        }
        return stored;
    }

    /**
     * Tells the engine about a stored customer message: starts the conversation (or reopens it), or continues the
     * running instance. While an agent task is open the message only lands in the transcript and on the task.
     *
     * @throws ConversationNotDeliverable when the running instance is not ready for it; the caller retries
     */
    @Transactional
    public void deliverToEngine(String conversationId, long messageId) {
        Conversation c = conversations.lock(conversationId)
                .orElseThrow(() -> new IllegalStateException("conversation " + conversationId + " does not exist"));
        TranscriptMessage m = transcript.find(messageId)
                .orElseThrow(() -> new IllegalStateException("message " + messageId + " does not exist"));
        Instant now = clock.instant();
        // a new conversation has no instance yet (its status changes in the same transaction as the start)
        List<ProcessInstance> running = c.status() == ConversationStatus.NEW ? List.of()
                : runtime.createProcessInstanceQuery().processInstanceBusinessKey(conversationId).list();
        if (running.isEmpty()) {
            Customer customer = customers.find(c.customerId()).orElseThrow();
            Map<String, Object> vars = new HashMap<>();
            vars.put(ProcessMessages.VAR_CONVERSATION_ID, conversationId);
            vars.put(ProcessMessages.VAR_CUSTOMER_ID, c.customerId());
            vars.put(ProcessMessages.VAR_CHANNEL, m.channel().key());
            vars.put(ProcessMessages.VAR_LANGUAGE, c.language() == null ? "en" : c.language());
            vars.put(ProcessMessages.VAR_CUSTOMER_TIER, customer.tier());
            vars.put(ProcessMessages.VAR_IDENTITY_VERIFIED, c.identityVerified());
            vars.put(ProcessMessages.VAR_REOPENED, c.status() != ConversationStatus.NEW);
            vars.put(ProcessMessages.VAR_LAST_CUSTOMER_MESSAGE_AT, java.util.Date.from(m.createdAt()));
            conversations.updateStatus(conversationId, ConversationStatus.WAITING_FOR_AGENT, now);
            if (c.status() == ConversationStatus.RESOLVED) {
                transcript.append(event(conversationId, m.channel(), "Conversation reopened by a new customer message"));
            }
            runtime.createMessageCorrelation(ProcessMessages.CUSTOMER_MESSAGE)
                    .processInstanceBusinessKey(conversationId)
                    .setVariables(vars)
                    .correlateStartMessage();
            return;
        }
        // asked first, so that a busy instance (the usual case while its first steps run) costs one query, not a
        // failed correlation with an engine error in the log
        boolean waiting = running.stream().anyMatch(p -> runtime.createEventSubscriptionQuery().eventType("message")
                .eventName(ProcessMessages.CUSTOMER_FOLLOW_UP).processInstanceId(p.getId()).count() > 0);
        if (!waiting) {
            throw new ConversationNotDeliverable("conversation " + conversationId
                    + " is not waiting for a customer message right now", null);
        }
        try {
            runtime.createMessageCorrelation(ProcessMessages.CUSTOMER_FOLLOW_UP)
                    .processInstanceBusinessKey(conversationId)
                    .setVariable(ProcessMessages.VAR_LAST_CUSTOMER_MESSAGE_AT, java.util.Date.from(m.createdAt()))
                    .setVariable(ProcessMessages.VAR_CHANNEL, m.channel().key())
                    // from the conversation, not the instance: a task completion may have set it
                    .setVariable(ProcessMessages.VAR_IDENTITY_VERIFIED, c.identityVerified())
                    .correlateWithResult();
        } catch (MismatchingMessageCorrelationException notWaiting) {
            throw new ConversationNotDeliverable("conversation " + conversationId
                    + " is not waiting for a customer message right now", notWaiting);
        }
        if (c.status() == ConversationStatus.WAITING_FOR_CUSTOMER) {
            conversations.updateStatus(conversationId, ConversationStatus.WAITING_FOR_AGENT, now);
        }
    }

    @Transactional
    public TranscriptMessage recordReply(String conversationId, Channel channel, String agent, String text) {
        var m = transcript.append(new TranscriptMessage(0, conversationId, Direction.OUT, channel, agent, text,
                clock.instant(), null, "pending"));
        conversations.updateStatus(conversationId, ConversationStatus.WAITING_FOR_CUSTOMER, clock.instant());
        return m;
    }

    /**
     * The automatic message about to be sent, committed at once so that a failed send still shows in the transcript
     * (as failed) while the job retries. A retry finds the same unsent text and reuses it: one entry per message,
     * however many attempts it takes. The caller refreshes the agent's view once the send went through.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
    public TranscriptMessage automaticMessageToSend(String conversationId, Channel channel, String text) {
        return transcript.of(conversationId).stream()
                .filter(m -> m.direction() == Direction.OUT && "Asyncdesk".equals(m.author()) && m.body().equals(text)
                        && ("pending".equals(m.deliveryState()) || "failed".equals(m.deliveryState())))
                .reduce((a, b) -> b)
                .orElseGet(() -> transcript.append(new TranscriptMessage(0, conversationId, Direction.OUT, channel,
                        "Asyncdesk", text, clock.instant(), null, "pending")));
    }

    /** Shows the current transcript on the conversation's open tasks. */
    public void refreshView(String conversationId) {
        view.refresh(conversationId);
    }

    @Transactional
    public TranscriptMessage recordNote(String conversationId, String agent, String text) {
        var stored = recordNoteFromTask(conversationId, agent, text);
        view.refresh(conversationId);
        return stored;
    }

    /** An internal note written from a task listener (see {@link #recordEventFromTask}). */
    @Transactional
    public TranscriptMessage recordNoteFromTask(String conversationId, String agent, String text) {
        Conversation c = conversations.find(conversationId).orElseThrow();
        return transcript.append(new TranscriptMessage(0, conversationId, Direction.NOTE,
                c.lastInboundChannel(), agent, text, clock.instant(), null, null));
    }

    /**
     * Like {@link #recordEvent} but leaves the open tasks' transcript view alone: for task listeners, which must not
     * update the very task they are notified about through the TaskService (they set the variable directly).
     */
    @Transactional
    public TranscriptMessage recordEventFromTask(String conversationId, String text) {
        Conversation c = conversations.find(conversationId).orElseThrow();
        return transcript.append(event(conversationId, c.lastInboundChannel(), text));
    }

    @Transactional
    public TranscriptMessage recordEvent(String conversationId, String text) {
        Conversation c = conversations.find(conversationId).orElseThrow();
        var stored = transcript.append(event(conversationId, c.lastInboundChannel(), text));
        view.refresh(conversationId);
        return stored;
    }

    @Transactional
    public void resolve(String conversationId, String by) {
        Conversation c = conversations.find(conversationId).orElseThrow();
        conversations.updateStatus(conversationId, ConversationStatus.RESOLVED, clock.instant());
        transcript.append(event(conversationId, c.lastInboundChannel(), "Resolved " + by));
    }

    /** The language the conversation is held in (ISO 639-1): templates and routing follow it. */
    @Transactional
    public void setLanguage(String conversationId, String language) {
        conversations.updateLanguage(conversationId, language);
    }

    public Optional<TranscriptMessage> message(long id) {
        return transcript.find(id);
    }

    /** Survives the rollback of the failing send, so the transcript shows the failure while the job retries. */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
    public void markDeliveryFailed(long transcriptMessageId) {
        transcript.setDeliveryState(transcriptMessageId, "failed");
    }

    /** A note for the agents about a reply the provider refused; survives the rollback of the failing send. */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.REQUIRES_NEW)
    public void recordDeliveryProblem(String conversationId, Channel channel, String text) {
        transcript.append(event(conversationId, channel, text));
    }

    public void setDeliveryState(long transcriptMessageId, String state, String providerMessageId) {
        if (providerMessageId != null) {
            transcript.setProviderMessageId(transcriptMessageId, providerMessageId);
            TranscriptMessage m = transcript.find(transcriptMessageId).orElseThrow();
            // a status callback may have overtaken the send call's response
            if (DeliveryStates.SENT.equals(state)) {
                state = deliveryStates.afterSend(m.channel(), providerMessageId);
            }
        }
        transcript.setDeliveryState(transcriptMessageId, state);
    }

    private TranscriptMessage event(String conversationId, Channel channel, String text) {
        return new TranscriptMessage(0, conversationId, Direction.EVENT, channel, "Asyncdesk", text, clock.instant(),
                null, null);
    }
}
