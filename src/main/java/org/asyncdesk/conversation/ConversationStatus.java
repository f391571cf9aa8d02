package org.asyncdesk.conversation;

/** Where a conversation stands, as the customer and the agents see it. */
public enum ConversationStatus {

    /** created, the first message is on its way into the engine */
    NEW,
    /** the customer waits for an agent */
    WAITING_FOR_AGENT,
    /** an agent replied; the next move is the customer's */
    WAITING_FOR_CUSTOMER, RESOLVED

}
