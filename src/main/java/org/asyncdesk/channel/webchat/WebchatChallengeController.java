package org.asyncdesk.channel.webchat;

import java.time.Instant;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The challenge the chat page solves before it opens a conversation, when
 * {@code asyncdesk.webchat.challenge} is on.
 */
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
            view = new ChallengeView(true, "sha256-leading-zero-bits", issued.nonce(), issued.bits(),
                    issued.expiresAt());
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(view);
    }

}
