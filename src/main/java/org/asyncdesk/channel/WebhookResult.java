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
}
