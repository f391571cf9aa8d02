package org.asyncdesk.web;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Spring MVC's own errors (unreadable or wrongly typed bodies, wrong media type or method, bad parameters) as RFC 9457
 * problem details, in place of Spring Boot's handler; and a body over its {@link BodyLimit} as 413, however deep
 * a converter wrapped it.
 */
@RestControllerAdvice
public class ApiProblems extends ResponseEntityExceptionHandler {

    @ExceptionHandler(BodyTooLarge.class)
    ResponseEntity<Object> tooLarge(BodyTooLarge e) {
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                .body(problem(HttpStatus.PAYLOAD_TOO_LARGE, "Payload too large", "payload-too-large", e.getMessage()));
    }

    @ExceptionHandler(RateLimited.class)
    ResponseEntity<Object> rateLimited(RateLimited e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(problem(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", "rate-limited", e.getMessage()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLarge tooLarge) {
                return tooLarge(tooLarge);
            }
        }
        String detail = "the body is not the JSON this endpoint expects";
        if (e.getCause() instanceof UnrecognizedPropertyException unknown) {
            return ResponseEntity.badRequest().body(unknownField(unknown));
        }
        if (e.getCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            // the field, not the value: the value may be a customer's text
            detail = "'" + mismatch.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                    : "[" + r.getIndex() + "]").collect(Collectors.joining(".")) + "' has the wrong type";
        } else if (e.getCause() instanceof MismatchedInputException) {
            detail = "the body must be a JSON object";
        }
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Malformed request body",
                "malformed-body", detail));
    }

    /** 400 naming the field (not its value) and the fields the body may have. */
    public static ProblemDetail unknownField(UnrecognizedPropertyException unknown) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "Malformed request body", "malformed-body",
                "unknown field '" + unknown.getPropertyName() + "'; this endpoint accepts "
                        + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList());
        p.setProperty("field", unknown.getPropertyName());
        return p;
    }

    static ProblemDetail problem(HttpStatus status, String title, String type, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        p.setType(URI.create("https://asyncdesk.org/problems/" + type));
        return p;
    }

    /** 429 from a servlet filter, with {@code Retry-After}. */
    public static void write(HttpServletResponse response, RateLimited limited) throws IOException {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()));
        write(response, 429, "Too many requests", "rate-limited", limited.getMessage());
    }

    /** For servlet filters, which answer before Spring MVC. */
    public static void write(HttpServletResponse response, int status, String title, String type, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"https://asyncdesk.org/problems/" + type + "\",\"title\":\"" + title
                + "\",\"status\":" + status + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "'") + "\"}");
    }
}
