package org.asyncdesk.channel.meta;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import org.asyncdesk.channel.WebhookRejected;
import org.asyncdesk.security.WebhookSignatures;
import org.springframework.http.HttpStatus;

/**
 * {@code X-Hub-Signature-256}: Meta signs each notification's raw body with the app
 * secret.
 */
final class MetaSignature {

    private MetaSignature() {
    }

    /**
     * The raw body once its signature is checked. The app secret is checked before
     * anything is read (503), the body is read up to the size limit only (413).
     */
    static byte[] signedBody(String appSecret, int maxBodySize, HttpServletRequest request, String signature,
            String channel) throws IOException {
        requireSecret(appSecret, channel);
        byte[] body = request.getInputStream().readNBytes(maxBodySize + 1);
        check(appSecret, maxBodySize, body, signature);
        return body;
    }

    private static void requireSecret(String appSecret, String channel) {
        if (appSecret == null || appSecret.isBlank()) {
            throw new WebhookRejected(HttpStatus.SERVICE_UNAVAILABLE, "channel-not-configured",
                    channel + " has no app secret configured; use the sandbox page to simulate messages");
        }
    }

    /** Size first, then the signature over the raw body. */
    private static void check(String appSecret, int maxBodySize, byte[] body, String signature) {
        if (body == null || body.length == 0) {
            throw new WebhookRejected(HttpStatus.BAD_REQUEST, "empty-body", "the request has no body");
        }
        if (body.length > maxBodySize) {
            throw new WebhookRejected(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
                    "the body has " + body.length + " bytes; at most " + maxBodySize + " are accepted");
        }
        if (signature == null || signature.isBlank()) {
            throw new WebhookRejected(HttpStatus.UNAUTHORIZED, "signature-required", "X-Hub-Signature-256 is missing");
        }
        if (!WebhookSignatures.metaValid(appSecret, body, signature)) {
            throw new WebhookRejected(HttpStatus.FORBIDDEN, "invalid-signature",
                    "X-Hub-Signature-256 does not match the body");
        }
    }

}
