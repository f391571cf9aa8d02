package org.asyncdesk.conversation;

/**
 * The provider refused a reply for good (a 4xx such as an invalid recipient or an expired
 * token): retrying cannot help. The engine skips the remaining retries of the send job
 * and raises an incident at once, carrying this message (the provider's error text); see
 * {@link PermanentFailurePlugin}.
 */
public class PermanentDeliveryFailure extends RuntimeException {

    public PermanentDeliveryFailure(String message) {
        super(message);
    }

}
