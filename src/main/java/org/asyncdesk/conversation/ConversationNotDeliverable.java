package org.asyncdesk.conversation;

/**
 * The engine cannot take the message right now (e.g. the process is between two steps);
 * try again later.
 */
public class ConversationNotDeliverable extends RuntimeException {

    public ConversationNotDeliverable(String message, Throwable cause) {
        super(message, cause);
    }

}
