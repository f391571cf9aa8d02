package org.asyncdesk.channel;

import java.util.List;

/**
 * What became of a provider webhook: messages stored, provider retries recognised, delivery statuses applied, and
 * entries refused (with where and why), which do not stop the valid ones of the same batch.
 */
public record WebhookResult(int stored, int duplicates, int statuses, int ignored, List<Rejection> rejected) {

    public record Rejection(String entry, String reason) {
    }

    /** 200 when anything of the batch was usable; 422 when every entry was refused (the provider should not retry). */
    public org.springframework.http.HttpStatus httpStatus() {
        boolean nothingUsable = stored + duplicates + statuses + ignored == 0 && !rejected.isEmpty();
        return nothingUsable ? org.springframework.http.HttpStatus.UNPROCESSABLE_ENTITY : org.springframework.http.HttpStatus.OK;
    }

    /**
     * The provider's answer: this result with 200, or, when nothing was usable, a 422 problem detail that carries the
     * same fields (so the reasons are listed either way).
     */
    public org.springframework.http.ResponseEntity<?> answer() {
        if (httpStatus() == org.springframework.http.HttpStatus.OK) {
            return org.springframework.http.ResponseEntity.ok(this);
        }
        var p = org.springframework.http.ProblemDetail.forStatusAndDetail(httpStatus(),
                "none of the entries could be used: " + rejected.get(0).reason());
        p.setTitle("Unprocessable webhook");
        p.setType(java.net.URI.create("https://asyncdesk.org/problems/unusable-entries"));
        p.setProperty("stored", stored);
        p.setProperty("duplicates", duplicates);
        p.setProperty("statuses", statuses);
        p.setProperty("ignored", ignored);
        p.setProperty("rejected", rejected);
        return org.springframework.http.ResponseEntity.status(httpStatus()).body(p);
    }
}
