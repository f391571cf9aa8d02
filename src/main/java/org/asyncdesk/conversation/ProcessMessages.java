package org.asyncdesk.conversation;

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

    private ProcessMessages() {
    }
}
