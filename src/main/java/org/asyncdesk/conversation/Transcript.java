package org.asyncdesk.conversation;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A conversation's transcript: what the customer wrote, what we answered, notes and
 * events. Writing here also refreshes the transcript the open tasks show, except where a
 * task listener writes ({@code …FromTask}).
 */
@Service
public class Transcript {

    static final String ASYNCDESK = "Asyncdesk";

    private final TranscriptRepository messages;

    private final ConversationRepository conversations;

    private final TranscriptView view;

    private final Clock clock;

    private final ApplicationEventPublisher events;

    public Transcript(TranscriptRepository messages, ConversationRepository conversations, TranscriptView view,
            Clock clock, ApplicationEventPublisher events) {
        this.messages = messages;
        this.conversations = conversations;
        this.view = view;
        this.clock = clock;
        this.events = events;
    }

    public List<TranscriptMessage> of(String conversationId) {
        return messages.of(conversationId);
    }

    public Optional<TranscriptMessage> message(long id) {
        return messages.find(id);
    }

    public List<Attachment> attachments(long messageId) {
        return messages.attachmentsOf(messageId);
    }

    /**
     * When the customer last wrote on this channel in this conversation (WhatsApp's
     * 24-hour window).
     */
    public Optional<TranscriptMessage> lastInbound(String conversationId, Channel channel) {
        return messages.lastInbound(conversationId, channel);
    }

    /**
     * The conversation that one of these provider message ids (e.g. e-mail Message-IDs)
     * belongs to.
     */
    public Optional<String> conversationOfProviderMessage(Channel channel, Collection<String> providerIds) {
        return messages.conversationOfProviderMessage(channel, providerIds);
    }

    /**
     * Stores a customer's message; the engine hears of it through
     * {@link EngineGateway#deliver}, and listeners through {@link CustomerWrote} (e.g.
     * the sentiment of a follow-up).
     */
    @Transactional
    public TranscriptMessage appendInbound(String conversationId, CustomerMessage message) {
        conversations.updateInbound(conversationId, message.channel(), clock.instant());
        String author = message.senderName() == null || message.senderName().isBlank() ? message.senderAddress()
                : message.senderName();
        var stored = messages.append(new TranscriptMessage(0, conversationId, Direction.IN, message.channel(), author,
                message.text(), message.receivedAt(), message.providerMessageId(), null));
        for (Attachment a : message.attachments()) {
            messages.addAttachment(stored.id(), a);
            // media stays with the provider; the agent needs to know it is there and how
            // to find it
            appendEvent(conversationId, message.channel(), "The customer sent " + a.describe());
        }
        // no instance runs for a new or resolved conversation, so no task can show it:
        // spare the engine the query
        boolean running = conversations.find(conversationId)
            .map(c -> c.status() != ConversationStatus.NEW && c.status() != ConversationStatus.RESOLVED)
            .orElse(true);
        if (running) {
            view.refresh(conversationId);
        }
        events.publishEvent(new CustomerWrote(conversationId, stored.id(), message.text(), message.channel(), running));
        return stored;
    }

    /**
     * An agent's reply, stored before it is sent; the conversation now waits for the
     * customer.
     */
    @Transactional
    public TranscriptMessage recordReply(String conversationId, Channel channel, String agent, String text) {
        var m = messages.append(new TranscriptMessage(0, conversationId, Direction.OUT, channel, agent, text,
                clock.instant(), null, DeliveryState.PENDING));
        conversations.updateStatus(conversationId, ConversationStatus.WAITING_FOR_CUSTOMER, clock.instant());
        return m;
    }

    /**
     * The automatic message about to be sent, committed at once so that a failed send
     * still shows in the transcript (as failed) while the job retries. A retry finds the
     * same unsent text and reuses it: one entry per message, however many attempts it
     * takes. The caller refreshes the agent's view once the send went through.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public TranscriptMessage automaticMessageToSend(String conversationId, Channel channel, String text) {
        return automaticMessageToSend(conversationId, channel, ASYNCDESK, text);
    }

    /**
     * {@link #automaticMessageToSend(String, Channel, String)} by another automatic
     * author, e.g. "Asyncdesk assistant" for an answer from the knowledge base.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public TranscriptMessage automaticMessageToSend(String conversationId, Channel channel, String author,
            String text) {
        return messages.of(conversationId)
            .stream()
            .filter(m -> m.direction() == Direction.OUT && author.equals(m.author()) && m.body().equals(text)
                    && (m.deliveryState() == DeliveryState.PENDING || m.deliveryState() == DeliveryState.FAILED))
            .reduce((a, b) -> b)
            .orElseGet(() -> messages.append(new TranscriptMessage(0, conversationId, Direction.OUT, channel, author,
                    text, clock.instant(), null, DeliveryState.PENDING)));
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

    /**
     * An internal note written from a task listener (see {@link #recordEventFromTask}).
     */
    @Transactional
    public TranscriptMessage recordNoteFromTask(String conversationId, String agent, String text) {
        Conversation c = conversations.find(conversationId).orElseThrow();
        return messages.append(new TranscriptMessage(0, conversationId, Direction.NOTE, c.lastInboundChannel(), agent,
                text, clock.instant(), null, null));
    }

    /**
     * Like {@link #recordEvent} but leaves the open tasks' transcript view alone: for
     * task listeners, which must not update the very task they are notified about through
     * the TaskService (they set the variable directly).
     */
    @Transactional
    public TranscriptMessage recordEventFromTask(String conversationId, String text) {
        Conversation c = conversations.find(conversationId).orElseThrow();
        return appendEvent(conversationId, c.lastInboundChannel(), text);
    }

    @Transactional
    public TranscriptMessage recordEvent(String conversationId, String text) {
        var stored = recordEventFromTask(conversationId, text);
        view.refresh(conversationId);
        return stored;
    }

    /**
     * A note for the agents about a reply the provider refused; survives the rollback of
     * the failing send.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordDeliveryProblem(String conversationId, Channel channel, String text) {
        appendEvent(conversationId, channel, text);
    }

    /**
     * An event by Asyncdesk, without refreshing the tasks' view (the caller does, or no
     * task exists yet).
     */
    TranscriptMessage appendEvent(String conversationId, Channel channel, String text) {
        return messages.append(new TranscriptMessage(0, conversationId, Direction.EVENT, channel, ASYNCDESK, text,
                clock.instant(), null, null));
    }

}
