package org.asyncdesk.web;

import java.io.IOException;

/** A request body went over its limit while it was read; answered 413 (see {@link ApiProblems}). */
public class BodyTooLarge extends IOException {

    private final long limit;

    public BodyTooLarge(long limit) {
        super("the body is larger than " + limit + " bytes; at most " + limit + " are accepted");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
