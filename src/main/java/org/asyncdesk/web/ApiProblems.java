package org.asyncdesk.web;

import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where controllers' errors become RFC 9457 problem details: every
 * {@link ProblemException} as it describes itself; a body over its {@link BodyLimit} as
 * 413, however deep a converter wrapped it; and Spring MVC's own errors (unreadable or
 * wrongly typed bodies, wrong media type or method, bad parameters) in place of Spring
 * Boot's handler. Servlet filters, which answer before Spring MVC, use
 * {@link ProblemResponses}.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<Object> refused(ProblemException e, HttpServletRequest request) {
        // the reason, never the body: it may be a customer's text
        log.atLevel(e.warn() ? Level.WARN : Level.DEBUG)
            .log("{} {} refused ({} {}): {}", request.getMethod(), request.getRequestURI(), e.status().value(),
                    e.type(), e.getMessage());
        return ResponseEntity.status(e.status()).headers(e.headers()).body(e.problemDetail());
    }

    @ExceptionHandler(BodyTooLarge.class)
    ResponseEntity<Object> tooLarge(BodyTooLarge e) {
        ProblemException p = e.problem();
        return ResponseEntity.status(p.status()).body(p.problemDetail());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLarge tooLarge) {
                return tooLarge(tooLarge);
            }
        }
        return ResponseEntity.badRequest().body(malformed(e.getCause()).problemDetail());
    }

    /** 400 naming the field (not its value) where Jackson can tell it. */
    private static ProblemException malformed(Throwable cause) {
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return malformedBody("unknown field '" + unknown.getPropertyName() + "'; this endpoint accepts "
                    + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList())
                .with("field", unknown.getPropertyName());
        }
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            return malformedBody("'" + mismatch.getPath()
                .stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")) + "' has the wrong type");
        }
        if (cause instanceof MismatchedInputException) {
            return malformedBody("the body must be a JSON object");
        }
        return malformedBody("the body is not the JSON this endpoint expects");
    }

    private static ProblemException malformedBody(String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body", detail);
    }

}
