package org.asyncdesk.conversation;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.asyncdesk.customer.Customer;
import org.asyncdesk.customer.CustomerService;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one place that tells running conversation instances what happened outside them: a
 * customer message starts, reopens or continues the process; a confirmed identity or a
 * merge changes who the customer is. The message and variable names are the process
 * owners' contract ({@link ProcessVocabulary}, {@code docs/modeling.md}).
 */
@Service
public class EngineGateway {

    private final ConversationRepository conversations;

    private final TranscriptRepository messages;

    private final Transcript transcript;

    private final CustomerService customers;

    private final RuntimeService runtime;

    private final TranscriptView view;

    private final Clock clock;

    public EngineGateway(ConversationRepository conversations, TranscriptRepository messages, Transcript transcript,
            CustomerService customers, RuntimeService runtime, TranscriptView view, Clock clock) {
        this.conversations = conversations;
        this.messages = messages;
        this.transcript = transcript;
        this.customers = customers;
        this.runtime = runtime;
        this.view = view;
        this.clock = clock;
    }

    /**
     * Tells the engine about a stored customer message: starts the conversation (or
     * reopens it), or continues the running instance. While an agent task is open the
     * message only lands in the transcript and on the task.
     * @throws ConversationNotDeliverable when the running instance is not ready for it;
     * the caller retries
     */
    @Transactional
    public void deliver(String conversationId, long messageId) {
        Conversation c = conversations.lock(conversationId)
            .orElseThrow(() -> new IllegalStateException("conversation " + conversationId + " does not exist"));
        TranscriptMessage m = messages.find(messageId)
            .orElseThrow(() -> new IllegalStateException("message " + messageId + " does not exist"));
        Instant now = clock.instant();
        // a new conversation has no instance yet (its status changes in the same
        // transaction as the start)
        List<ProcessInstance> running = c.status() == ConversationStatus.NEW ? List.of() : running(conversationId);
        if (running.isEmpty()) {
            Customer customer = customers.find(c.customerId()).orElseThrow();
            Map<String, Object> vars = new HashMap<>();
            vars.put(ProcessVocabulary.VAR_CONVERSATION_ID, conversationId);
            vars.put(ProcessVocabulary.VAR_CUSTOMER_ID, c.customerId());
            vars.put(ProcessVocabulary.VAR_CHANNEL, m.channel().key());
            vars.put(ProcessVocabulary.VAR_LANGUAGE, c.language() == null ? "en" : c.language());
            vars.put(ProcessVocabulary.VAR_CUSTOMER_TIER, customer.tier());
            vars.put(ProcessVocabulary.VAR_IDENTITY_VERIFIED, c.identityVerified());
            vars.put(ProcessVocabulary.VAR_REOPENED, c.status() != ConversationStatus.NEW);
            vars.put(ProcessVocabulary.VAR_LAST_CUSTOMER_MESSAGE_AT, Date.from(m.createdAt()));
            conversations.updateStatus(conversationId, ConversationStatus.WAITING_FOR_AGENT, now);
            if (c.status() == ConversationStatus.RESOLVED) {
                transcript.appendEvent(conversationId, m.channel(), "Conversation reopened by a new customer message");
            }
            runtime.createMessageCorrelation(ProcessVocabulary.CUSTOMER_MESSAGE)
                .processInstanceBusinessKey(conversationId)
                .setVariables(vars)
                .correlateStartMessage();
            return;
        }
        // asked first, so that a busy instance (the usual case while its first steps run)
        // costs one query, not a
        // failed correlation with an engine error in the log
        boolean waiting = running.stream()
            .anyMatch(p -> runtime.createEventSubscriptionQuery()
                .eventType("message")
                .eventName(ProcessVocabulary.CUSTOMER_FOLLOW_UP)
                .processInstanceId(p.getId())
                .count() > 0);
        if (!waiting) {
            throw new ConversationNotDeliverable(
                    "conversation " + conversationId + " is not waiting for a customer message right now", null);
        }
        try {
            runtime.createMessageCorrelation(ProcessVocabulary.CUSTOMER_FOLLOW_UP)
                .processInstanceBusinessKey(conversationId)
                .setVariable(ProcessVocabulary.VAR_LAST_CUSTOMER_MESSAGE_AT, Date.from(m.createdAt()))
                .setVariable(ProcessVocabulary.VAR_CHANNEL, m.channel().key())
                // from the conversation, not the instance: a task completion may have set
                // it
                .setVariable(ProcessVocabulary.VAR_IDENTITY_VERIFIED, c.identityVerified())
                .correlateWithResult();
        }
        catch (MismatchingMessageCorrelationException notWaiting) {
            throw new ConversationNotDeliverable(
                    "conversation " + conversationId + " is not waiting for a customer message right now", notWaiting);
        }
        if (c.status() == ConversationStatus.WAITING_FOR_CUSTOMER) {
            conversations.updateStatus(conversationId, ConversationStatus.WAITING_FOR_AGENT, now);
        }
    }

    /**
     * The running instance hears {@code IdentityConfirmed} with {@code identityVerified}
     * = true and the customer's {@code customerId}/{@code customerTier}.
     */
    void identityConfirmed(String conversationId, Customer customer) {
        Map<String, Object> vars = new HashMap<>();
        vars.put(ProcessVocabulary.VAR_IDENTITY_VERIFIED, true);
        vars.put(ProcessVocabulary.VAR_CUSTOMER_ID, customer.id());
        vars.put(ProcessVocabulary.VAR_CUSTOMER_TIER, customer.tier());
        List<ProcessInstance> running = running(conversationId);
        if (!running.isEmpty()) {
            // set first, so that a version of the diagram without the IdentityConfirmed
            // event still knows
            running.forEach(p -> runtime.setVariables(p.getId(), vars));
            runtime.createMessageCorrelation(ProcessVocabulary.IDENTITY_CONFIRMED)
                .processInstanceBusinessKey(conversationId)
                .setVariables(vars)
                .correlateAll();
            view.refresh(conversationId);
        }
    }

    /**
     * The conversation now belongs to another customer (a merge): its instances get the
     * new {@code customerId}.
     */
    void customerChanged(String conversationId, String customerId) {
        for (ProcessInstance p : running(conversationId)) {
            runtime.setVariable(p.getId(), ProcessVocabulary.VAR_CUSTOMER_ID, customerId);
        }
    }

    private List<ProcessInstance> running(String conversationId) {
        return runtime.createProcessInstanceQuery().processInstanceBusinessKey(conversationId).list();
    }

}
