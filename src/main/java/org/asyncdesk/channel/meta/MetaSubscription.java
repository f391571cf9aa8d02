package org.asyncdesk.channel.meta;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.asyncdesk.channel.WebhookRejected;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Meta's subscription check: the {@code GET} the app dashboard sends when a webhook URL
 * is entered.
 */
final class MetaSubscription {

    private MetaSubscription() {
    }

    /**
     * Answers {@code hub.challenge} when {@code hub.mode=subscribe} and the verify token
     * matches.
     */
    static ResponseEntity<String> verify(String expectedToken, String mode, String token, String challenge) {
        if (expectedToken == null || expectedToken.isBlank()) {
            throw new WebhookRejected(HttpStatus.SERVICE_UNAVAILABLE, "channel-not-configured",
                    "no verify token is configured for this channel");
        }
        if (!"subscribe".equals(mode) || challenge == null || challenge.isBlank()) {
            throw new WebhookRejected(HttpStatus.BAD_REQUEST, "invalid-subscription",
                    "expected hub.mode=subscribe with hub.challenge and hub.verify_token");
        }
        if (token == null || !MessageDigest.isEqual(expectedToken.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            throw new WebhookRejected(HttpStatus.FORBIDDEN, "invalid-verify-token", "hub.verify_token does not match");
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
    }

}
