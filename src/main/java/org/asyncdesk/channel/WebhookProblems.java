package org.asyncdesk.channel;

import java.net.URI;

import com.fasterxml.jackson.core.JsonProcessingException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Problem details for refused webhooks; logs the reason, never the payload. */
@RestControllerAdvice(basePackages = "org.asyncdesk.channel")
class WebhookProblems {

    private static final Logger log = LoggerFactory.getLogger(WebhookProblems.class);

    @ExceptionHandler(WebhookRejected.class)
    ResponseEntity<ProblemDetail> rejected(WebhookRejected e) {
        log.warn("webhook refused ({} {}): {}", e.status().value(), e.type(), e.getMessage());
        ProblemDetail p = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        p.setTitle(switch (e.status()) {
            case UNAUTHORIZED -> "Signature required";
            case FORBIDDEN -> "Invalid signature";
            case PAYLOAD_TOO_LARGE -> "Payload too large";
            case UNPROCESSABLE_ENTITY -> "Unprocessable webhook";
            case SERVICE_UNAVAILABLE -> "Channel not configured";
            default -> "Invalid webhook";
        });
        p.setType(URI.create("https://asyncdesk.org/problems/" + e.type()));
        return ResponseEntity.status(e.status()).body(p);
    }

    @ExceptionHandler(JsonProcessingException.class)
    ResponseEntity<ProblemDetail> malformed(JsonProcessingException e) {
        return rejected(new WebhookRejected(HttpStatus.BAD_REQUEST, "malformed-json",
                "the body is not valid JSON (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")"));
    }
}
