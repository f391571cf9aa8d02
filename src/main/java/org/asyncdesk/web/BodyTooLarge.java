package org.asyncdesk.web;

import java.io.IOException;

import org.springframework.http.HttpStatus;

/**
 * A request body went over its limit while it was read; answered 413. An
 * {@link IOException}, as the body stream throws it, so it carries its problem instead of
 * being one.
 */
class BodyTooLarge extends IOException {

    public BodyTooLarge(long limit) {
        super("the body is larger than " + limit + " bytes; at most " + limit + " are accepted");
    }

    public ProblemException problem() {
        return payloadTooLarge(getMessage());
    }

    static ProblemException payloadTooLarge(String detail) {
        return new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "Payload too large", detail);
    }

}
