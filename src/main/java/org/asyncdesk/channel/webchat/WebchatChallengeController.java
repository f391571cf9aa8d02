package org.asyncdesk.channel.webchat;

import java.net.URI;
import java.time.Instant;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import org.asyncdesk.web.ApiProblems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The challenge the chat page solves before it opens a conversation, when {@code asyncdesk.webchat.challenge} is on. */
@RestController
class WebchatChallengeController {

    private final WebchatFloodGuard guard;

    WebchatChallengeController(WebchatFloodGuard guard) {
        this.guard = guard;
    }

    /** {@code required} false: no challenge, open the conversation right away. */
    record ChallengeView(boolean required, String algorithm, String nonce, Integer bits, Instant expiresAt) {
    }

    @GetMapping("/api/webchat/challenge")
    ResponseEntity<ChallengeView> challenge() {
        ChallengeView view = new ChallengeView(false, null, null, null, null);
        if (guard.challengeEnabled()) {
            var issued = guard.proofOfWork().issue();
            view = new ChallengeView(true, "sha256-leading-zero-bits", issued.nonce(), issued.bits(), issued.expiresAt());
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(view);
    }

    /** Before the channels' webhook advice, which would answer an unknown field as malformed JSON. */
    @RestControllerAdvice(assignableTypes = WebchatController.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class Problems {

        @ExceptionHandler(UnrecognizedPropertyException.class)
        ProblemDetail unknownField(UnrecognizedPropertyException e) {
            return ApiProblems.unknownField(e);
        }

        @ExceptionHandler(WebchatFloodGuard.TooManyOpenConversations.class)
        ProblemDetail tooManyOpen(WebchatFloodGuard.TooManyOpenConversations e) {
            ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
            p.setTitle("Too many open conversations");
            p.setType(URI.create("https://asyncdesk.org/problems/too-many-open-conversations"));
            return p;
        }
    }
}
