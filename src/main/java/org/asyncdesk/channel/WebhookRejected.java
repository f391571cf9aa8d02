package org.asyncdesk.channel;

import org.springframework.http.HttpStatus;

/** A webhook request we refuse as a whole; nothing of it is stored. Answered as an RFC 9457 problem detail. */
public class WebhookRejected extends RuntimeException {

    private final HttpStatus status;
    private final String type;

    public WebhookRejected(HttpStatus status, String type, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }
}
