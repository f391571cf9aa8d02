package org.asyncdesk.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.asyncdesk.web.ProblemException;
import org.springframework.http.HttpStatus;

/**
 * A webhook request we refuse as a whole; nothing of it is stored. Answered as an RFC
 * 9457 problem detail whose title follows from the status, and logged as a warning (the
 * reason, never the payload): a provider that sends such requests is misconfigured, or it
 * is not the provider.
 */
public class WebhookRejected extends ProblemException {

    public WebhookRejected(HttpStatus status, String type, String detail) {
        super(status, type, title(status), detail);
    }

    /** A body that is not JSON at all. */
    public static WebhookRejected malformedJson(JsonProcessingException e) {
        return new WebhookRejected(HttpStatus.BAD_REQUEST, "malformed-json", "the body is not valid JSON (line "
                + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
    }

    private static String title(HttpStatus status) {
        return switch (status) {
            case UNAUTHORIZED -> "Signature required";
            case FORBIDDEN -> "Invalid signature";
            case PAYLOAD_TOO_LARGE -> "Payload too large";
            case UNPROCESSABLE_ENTITY -> "Unprocessable webhook";
            case SERVICE_UNAVAILABLE -> "Channel not configured";
            default -> "Invalid webhook";
        };
    }

    @Override
    protected boolean warn() {
        return true;
    }

}
