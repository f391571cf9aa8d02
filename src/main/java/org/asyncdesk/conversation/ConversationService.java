package org.asyncdesk.conversation;

import java.time.Clock;
import java.time.Instant;
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
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
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
    private final TaskService tasks;
    private final ConversationProperties properties;
    private final TranscriptView view;
    private final Clock clock;
    private final DeliveryStates deliveryStates;

    public ConversationService(ConversationRepository conversations, TranscriptRepository transcript,
                               CustomerService customers, RuntimeService runtime, TaskService tasks,
                               ConversationProperties properties, TranscriptView view, Clock clock,
                               DeliveryStates deliveryStates) {
        this.deliveryStates = deliveryStates;
        this.conversations = conversations;
        this.transcript = transcript;
        this.customers = customers;
        this.runtime = runtime;
        this.tasks = tasks;
        this.properties = properties;
        this.view = view;
        this.clock = clock;
    }

    /** A web chat conversation, created when the customer submits the chat form. */
    public record OpenedConversation(Conversation conversation, String accessToken) {
    }

    @Transactional
    public OpenedConversation openWebchat(String name, String email, String language) {
        Customer customer = customers.findOrCreate(new CustomerIdentity("email", email), name, language);
        Instant now = clock.instant();
        var conversation = new Conversation(UUID.randomUUID().toString(), customer.id(), ConversationStatus.NEW,
                Channel.WEBCHAT, Channel.WEBCHAT, language, now, now, null);
        String token = AccessTokens.newToken();
        conversations.insert(conversation, AccessTokens.hash(token));
        return new OpenedConversation(conversation, token);
    }

    /** Open (not resolved) conversations of the customer known under this address; 0 for an unknown one. */
    public int openConversationsOf(String channel, String address) {
        return customers.customerIdOf(new CustomerIdentity(channel, address))
                .map(conversations::countOpenOfCustomer).orElse(0);
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
     */
    @Transactional
    public Conversation conversationFor(CustomerMessage message) {
        CustomerIdentity identity = new CustomerIdentity(message.channel().key(), message.senderAddress());
        Instant now = clock.instant();
        if (message.threadConversationId() != null) {
            Optional<Conversation> threaded = conversations.lock(message.threadConversationId())
                    .filter(c -> continuable(c, now));
            if (threaded.isPresent()) {
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
                    .correlateWithResult();
        } catch (MismatchingMessageCorrelationException notWaiting) {
            throw new ConversationNotDeliverable("conversation " + conversationId
                    + " is not waiting for a customer message right now", notWaiting);
        }
        if (c.status() == ConversationStatus.WAITING_FOR_CUSTOMER) {
            conversations.updateStatus(conversationId, ConversationStatus.WAITING_FOR_AGENT, now);
        }
    }

    /** Open agent tasks of a conversation (normally one). */
    public List<Task> openTasks(String conversationId) {
        return tasks.createTaskQuery().processInstanceBusinessKey(conversationId).list();
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
