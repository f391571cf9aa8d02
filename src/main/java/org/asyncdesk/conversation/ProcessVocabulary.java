package org.asyncdesk.conversation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;

/**
 * The names Java and the diagrams share: messages, process and task variables, and their
 * values. The one place they live in Java; {@code docs/modeling.md} documents each for
 * the process owners, and {@code BpmnContractTest} holds the diagrams to both. The beans
 * a diagram may call are listed in {@code workflow.BpmnVocabulary}.
 */
public final class ProcessVocabulary {

    // messages

    /** starts a conversation instance (first message, or a reopen) */
    public static final String CUSTOMER_MESSAGE = "CustomerMessage";

    /** every later customer message of a running conversation */
    public static final String CUSTOMER_FOLLOW_UP = "CustomerFollowUp";

    /**
     * the customer confirmed the identity the conversation claimed (link in an e-mail, an
     * authenticated e-mail)
     */
    public static final String IDENTITY_CONFIRMED = "IdentityConfirmed";

    // the conversation, set by Java when it starts or continues an instance

    public static final String VAR_CONVERSATION_ID = "conversationId";

    public static final String VAR_CUSTOMER_ID = "customerId";

    public static final String VAR_CHANNEL = "channel";

    public static final String VAR_LANGUAGE = "language";

    public static final String VAR_CUSTOMER_TIER = "customerTier";

    /**
     * false while the conversation's identity is only claimed; Java sets it from the
     * conversation, never trusts it
     */
    public static final String VAR_IDENTITY_VERIFIED = "identityVerified";

    public static final String VAR_REOPENED = "reopened";

    public static final String VAR_LAST_CUSTOMER_MESSAGE_AT = "lastCustomerMessageAt";

    // agent work: what a completion may carry, and what the task beans set

    public static final String VAR_OUTCOME = "outcome";

    public static final String VAR_REPLY_TEXT = "replyText";

    public static final String VAR_REPLY_CHANNEL = "replyChannel";

    public static final String VAR_REPLY_MESSAGE_ID = "replyMessageId";

    public static final String VAR_CANNED_RESPONSE = "cannedResponse";

    public static final String VAR_INTERNAL_NOTE = "internalNote";

    /** the agent who completed the last agent task */
    public static final String VAR_AGENT = "agent";

    public static final String VAR_LAST_REPLY_AT = "lastReplyAt";

    public static final String VAR_RESOLVED_BY = "resolvedBy";

    public static final String VAR_CALL_OUTCOME = "callOutcome";

    public static final String VAR_CALL_NOTES = "callNotes";

    public static final String VAR_SAME_CUSTOMER_AS = "sameCustomerAs";

    // what the agent's form shows: task-local variables

    /** the transcript as Markdown, internal notes marked */
    public static final String TASK_TRANSCRIPT = "transcript";

    public static final String TASK_DUE_TEXT = "dueText";

    public static final String TASK_WAITING_SINCE = "waitingSince";

    public static final String TASK_REPLY_CHANNELS = "replyChannels";

    public static final String TASK_CANNED_RESPONSES = "cannedResponses";

    public static final String TASK_CUSTOMER_NAME = "customerName";

    public static final String TASK_CUSTOMER_IDENTITIES = "customerIdentities";

    public static final String TASK_CUSTOMER_PHONE = "customerPhone";

    public static final String TASK_IDENTITY_NOTICE = "identityNotice";

    /** list column: the customer's mood, e.g. "😠 negative (anger)" ({@link Mood}) */
    public static final String TASK_MOOD = "mood";

    /** Markdown line at the top of the agent form while the customer sounds negative */
    public static final String TASK_MOOD_NOTICE = "moodNotice";

    // the shop

    public static final String VAR_RECENT_ORDERS = "recentOrders";

    public static final String VAR_LAST_ORDER_NUMBER = "lastOrderNumber";

    public static final String VAR_TRACKING_LINK = "trackingLink";

    // SLA and routing

    public static final String VAR_INTENT = "intent";

    /**
     * {@code negative}, {@code neutral} or {@code positive}, of the customer's latest
     * message
     */
    public static final String VAR_SENTIMENT = "sentiment";

    /** −1 (very negative) .. 1 (very positive) */
    public static final String VAR_SENTIMENT_SCORE = "sentimentScore";

    /** {@code anger}, {@code frustration}, {@code worry}, {@code joy} or {@code none} */
    public static final String VAR_EMOTION = "emotion";

    public static final String VAR_PRIORITY = "priority";

    public static final String VAR_CANDIDATE_GROUP = "candidateGroup";

    public static final String VAR_FIRST_RESPONSE = "slaFirstResponse";

    public static final String VAR_NEXT_RESPONSE = "slaNextResponse";

    public static final String VAR_RESOLUTION = "slaResolution";

    public static final String VAR_CALENDAR = "slaCalendar";

    public static final String VAR_RESPOND_DUE = "respondDue";

    public static final String VAR_WARNING_AT = "slaWarningAt";

    public static final String VAR_RESOLUTION_DUE = "resolutionDue";

    public static final String VAR_RESOLUTION_STARTED_AT = "resolutionStartedAt";

    public static final String VAR_ROUND_STARTED_AT = "slaRoundStartedAt";

    /**
     * {@link #SLA_ON_TRACK}, {@link #SLA_AT_RISK} or {@link #SLA_BREACHED}; on the
     * instance and its open tasks
     */
    public static final String VAR_SLA_STATE = "slaState";

    public static final String VAR_ESCALATED = "escalated";

    public static final String VAR_RESOLUTION_BREACHED = "resolutionBreached";

    public static final String VAR_CALLBACK_DUE = "callbackDue";

    public static final String VAR_CALLBACK_REQUESTED_AT = "callbackRequestedAt";

    public static final String SLA_ON_TRACK = "on-track";

    public static final String SLA_AT_RISK = "at-risk";

    public static final String SLA_BREACHED = "breached";

    // the assistant (answers from the knowledge base)

    /** the id of the article the assistant answers with; absent when there is none */
    public static final String VAR_FAQ_ARTICLE = "faqArticle";

    /** the best knowledge-base match's score, 0..1 */
    public static final String VAR_FAQ_SCORE = "faqScore";

    /** true: the assistant answered (the automation-policy decision said so) */
    public static final String VAR_AUTOMATED = "automated";

    /** true: the conversation was resolved by the assistant, without an agent */
    public static final String VAR_BOT_RESOLVED = "botResolved";

    /** how long the assistant waits for the customer's "yes" (ISO-8601 duration) */
    public static final String VAR_CONFIRM_TIMEOUT = "automationConfirmTimeout";

    // handover

    public static final String VAR_HANDOVER_GROUP = "handoverGroup";

    public static final String VAR_HANDOVER_USER = "handoverUser";

    public static final String VAR_HANDOVER_NOTE = "handoverNote";

    public static final String VAR_HANDOVER_ASSIGNEE = "handoverAssignee";

    /**
     * The conversation a process instance belongs to: its business key, which
     * {@link EngineGateway} sets when it starts the instance and no task completion can
     * change. Never the {@code conversationId} variable: a completion could write that
     * (issue 10), and a listener trusting it would show and write another team's
     * conversation.
     * @throws IllegalStateException when the instance has no business key (not started by
     * Asyncdesk), so the step fails visibly (incident or refused completion) instead of
     * guessing
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

    private ProcessVocabulary() {
    }

}
