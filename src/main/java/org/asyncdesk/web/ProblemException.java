package org.asyncdesk.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A refusal that carries its RFC 9457 problem: status, type (a name under
 * {@value #TYPES}), title, detail, and any extra members and headers. Thrown from a
 * controller it is answered by {@link ApiProblems}; a servlet filter, which answers
 * before Spring MVC, writes it with {@link ProblemResponses}. Features extend it for the
 * refusals they name, so the problem a client gets is written where the refusal is
 * decided.
 */
public class ProblemException extends RuntimeException {

    public static final String TYPES = "https://asyncdesk.org/problems/";

    private final HttpStatus status;

    private final String type;

    private final String title;

    private final Map<String, Object> properties = new LinkedHashMap<>();

    private final HttpHeaders headers = new HttpHeaders();

    public ProblemException(HttpStatus status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    /**
     * An extra member of the problem detail, e.g. the field that was refused (never a
     * customer's value).
     */
    public ProblemException with(String property, Object value) {
        properties.put(property, value);
        return this;
    }

    /** A header of the answer, e.g. {@code Retry-After}. */
    public ProblemException withHeader(String name, String value) {
        headers.add(name, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    /** The problem type's name, without {@value #TYPES}. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public HttpHeaders headers() {
        return HttpHeaders.readOnlyHttpHeaders(headers);
    }

    /**
     * Whether refusing it is worth a warning in the log (by default it is the client's
     * business only).
     */
    protected boolean warn() {
        return false;
    }

    public ProblemDetail problemDetail() {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, getMessage());
        p.setTitle(title);
        p.setType(URI.create(TYPES + type));
        properties.forEach(p::setProperty);
        return p;
    }

}
