package org.asyncdesk.channel;

import java.util.List;

import org.asyncdesk.web.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * What became of a provider webhook: messages stored, provider retries recognised,
 * delivery statuses applied, and entries refused (with where and why), which do not stop
 * the valid ones of the same batch.
 */
public record WebhookResult(int stored, int duplicates, int statuses, int ignored, List<Rejection> rejected) {

    public record Rejection(String entry, String reason) {
    }

    /**
     * 200 when anything of the batch was usable; 422 when every entry was refused (the
     * provider should not retry).
     */
    public HttpStatus httpStatus() {
        boolean nothingUsable = stored + duplicates + statuses + ignored == 0 && !rejected.isEmpty();
        return nothingUsable ? HttpStatus.UNPROCESSABLE_ENTITY : HttpStatus.OK;
    }

    /**
     * The provider's answer: this result with 200, or, when nothing was usable, a 422
     * problem detail that carries the same fields (so the reasons are listed either way).
     */
    public ResponseEntity<?> answer() {
        if (httpStatus() == HttpStatus.OK) {
            return ResponseEntity.ok(this);
        }
        var problem = new ProblemException(httpStatus(), "unusable-entries", "Unprocessable webhook",
                "none of the entries could be used: " + rejected.get(0).reason())
            .with("stored", stored)
            .with("duplicates", duplicates)
            .with("statuses", statuses)
            .with("ignored", ignored)
            .with("rejected", rejected);
        return ResponseEntity.status(httpStatus()).body(problem.problemDetail());
    }
}
