package org.asyncdesk.channel.whatsapp;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.asyncdesk.channel.WebhookRejected;
import org.asyncdesk.security.WebhookSignatures;
import org.asyncdesk.web.NulCharacters;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Meta's webhook conventions, shared by WhatsApp and Messenger: the subscription check and the body signature. */
public final class MetaSubscription {

    private MetaSubscription() {
    }

    /** Answers {@code hub.challenge} when {@code hub.mode=subscribe} and the verify token matches. */
    public static ResponseEntity<String> verify(String expectedToken, String mode, String token, String challenge) {
        if (expectedToken == null || expectedToken.isBlank()) {
            throw new WebhookRejected(HttpStatus.SERVICE_UNAVAILABLE, "channel-not-configured",
                    "no verify token is configured for this channel");
        }
        if (!"subscribe".equals(mode) || challenge == null || challenge.isBlank()) {
            throw new WebhookRejected(HttpStatus.BAD_REQUEST, "invalid-subscription",
                    "expected hub.mode=subscribe with hub.challenge and hub.verify_token");
        }
        if (token == null || !java.security.MessageDigest.isEqual(expectedToken.getBytes(), token.getBytes())) {
            throw new WebhookRejected(HttpStatus.FORBIDDEN, "invalid-verify-token", "hub.verify_token does not match");
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
    }

    /**
     * The raw body once its signature is checked. The app secret is checked before anything is read (503), the body
     * is read up to the size limit only (413).
     */
    public static byte[] signedBody(String appSecret, int maxBodySize, HttpServletRequest request, String signature,
                                    String channel) throws IOException {
        requireSecret(appSecret, channel);
        byte[] body = request.getInputStream().readNBytes(maxBodySize + 1);
        checkSignature(appSecret, maxBodySize, body, signature, channel);
        return body;
    }

    /** The JSON of a signed body; NUL characters anywhere make it malformed (PostgreSQL cannot store them). */
    public static JsonNode parse(ObjectMapper json, byte[] body) throws IOException {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw WebhookRejected.malformedJson(e);
        }
        if (NulCharacters.in(root)) {
            throw new WebhookRejected(HttpStatus.BAD_REQUEST, "malformed-webhook",
                    "the body contains NUL characters (\\u0000)");
        }
        return root;
    }

    /** A JSON field that must be a string; a number or anything else there is a malformed entry. */
    public static String string(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return v.textValue();
    }

    private static void requireSecret(String appSecret, String channel) {
        if (appSecret == null || appSecret.isBlank()) {
            throw new WebhookRejected(HttpStatus.SERVICE_UNAVAILABLE, "channel-not-configured",
                    channel + " has no app secret configured; use the sandbox page to simulate messages");
        }
    }

    /** Size first, then {@code X-Hub-Signature-256} over the raw body. */
    public static void checkSignature(String appSecret, int maxBodySize, byte[] body, String signature, String channel) {
        requireSecret(appSecret, channel);
        if (body == null || body.length == 0) {
            throw new WebhookRejected(HttpStatus.BAD_REQUEST, "empty-body", "the request has no body");
        }
        if (body.length > maxBodySize) {
            throw new WebhookRejected(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
                    "the body has " + body.length + " bytes; at most " + maxBodySize + " are accepted");
        }
        if (signature == null || signature.isBlank()) {
            throw new WebhookRejected(HttpStatus.UNAUTHORIZED, "signature-required",
                    "X-Hub-Signature-256 is missing");
        }
        if (!WebhookSignatures.metaValid(appSecret, body, signature)) {
            throw new WebhookRejected(HttpStatus.FORBIDDEN, "invalid-signature",
                    "X-Hub-Signature-256 does not match the body");
        }
    }
}
