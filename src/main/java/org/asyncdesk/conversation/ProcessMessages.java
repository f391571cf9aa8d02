package org.asyncdesk.conversation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;

/** Message and variable names shared with the BPMN diagrams; docs/modeling.md lists them for modelers. */
public final class ProcessMessages {

    /** starts a conversation instance (first message, or a reopen) */
    public static final String CUSTOMER_MESSAGE = "CustomerMessage";
    /** every later customer message of a running conversation */
    public static final String CUSTOMER_FOLLOW_UP = "CustomerFollowUp";
    /** the customer confirmed the identity the conversation claimed (link in an e-mail, an authenticated e-mail) */
    public static final String IDENTITY_CONFIRMED = "IdentityConfirmed";

    public static final String VAR_CONVERSATION_ID = "conversationId";
    public static final String VAR_CUSTOMER_ID = "customerId";
    public static final String VAR_CHANNEL = "channel";
    public static final String VAR_LANGUAGE = "language";
    public static final String VAR_CUSTOMER_TIER = "customerTier";
    /** false while the conversation's identity is only claimed; Java sets it from the conversation, never trusts it */
    public static final String VAR_IDENTITY_VERIFIED = "identityVerified";
    public static final String VAR_REOPENED = "reopened";
    public static final String VAR_LAST_CUSTOMER_MESSAGE_AT = "lastCustomerMessageAt";
    public static final String VAR_REPLY_TEXT = "replyText";
    public static final String VAR_OUTCOME = "outcome";

    /**
     * The conversation a process instance belongs to: its business key, which {@link ConversationService} sets when
     * it starts the instance and no task completion can change. Never the {@code conversationId} variable: a
     * completion could write that (issue 10), and a listener trusting it would show and write another team's
     * conversation.
     *
     * @throws IllegalStateException when the instance has no business key (not started by Asyncdesk), so the step
     *                               fails visibly (incident or refused completion) instead of guessing
     */
    public static String conversationId(DelegateExecution execution) {
        String key = execution.getProcessBusinessKey();
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("process instance " + execution.getProcessInstanceId()
                    + " has no business key: conversations are started by Asyncdesk with the conversation id as"
                    + " business key (a call activity must pass it on with camunda:in businessKey)");
        }
        return key;
    }

    /** {@link #conversationId(DelegateExecution)} of the task's process instance. */
    public static String conversationId(DelegateTask task) {
        return conversationId(task.getExecution());
    }

    private ProcessMessages() {
    }
}
