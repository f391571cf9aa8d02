package org.asyncdesk.conversation;

/**
 * The provider could not take a reply right now (timeout, 5xx, 429) even after the
 * sender's own short retries; the send job's retry cycle tries again later.
 */
public class TransientDeliveryFailure extends RuntimeException {

    public TransientDeliveryFailure(String message, Throwable cause) {
        super(message, cause);
    }

}
