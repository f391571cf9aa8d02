package org.asyncdesk.channel.webchat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The web chat's optional challenge: the page finds a {@code solution} such that SHA-256
 * of {@code nonce + ":" + solution} starts with {@code bits} zero bits, about 2^bits
 * hashes of work for the client and one for us. Nonces are not stored when issued: they
 * carry their expiry and an HMAC of it, so any node with the same secret accepts them. A
 * solved nonce is used once (remembered until it expires, in a size-bounded map).
 */
class ProofOfWork {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static final int MAX_REMEMBERED = 100_000;

    private final WebchatProperties.Challenge config;

    private final byte[] secret;

    private final Clock clock;

    private final SecureRandom random = new SecureRandom();

    private final Map<String, Instant> used = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    ProofOfWork(WebchatProperties.Challenge config, Clock clock) {
        this.config = config;
        this.clock = clock;
        if (config.secret() == null || config.secret().isBlank()) {
            secret = new byte[32];
            random.nextBytes(secret);
        }
        else {
            secret = config.secret().getBytes(StandardCharsets.UTF_8);
        }
    }

    record Issued(String nonce, int bits, Instant expiresAt) {
    }

    Issued issue() {
        Instant expires = clock.instant().plus(config.ttl());
        byte[] body = ByteBuffer.allocate(24).putLong(expires.getEpochSecond()).put(randomBytes(16)).array();
        String head = B64.encodeToString(body);
        return new Issued(head + "." + B64.encodeToString(hmac(head)), config.bits(), expires);
    }

    /**
     * Why {@code nonce:solution} is not accepted, or null when it is (and it is now used
     * up).
     */
    String refusal(String header) {
        if (header == null || header.isBlank()) {
            return "solve the challenge from GET /api/webchat/challenge and send it as 'X-Asyncdesk-Challenge: <nonce>:<solution>'";
        }
        int colon = header.lastIndexOf(':');
        int dot = header.indexOf('.');
        if (colon < 0 || dot < 0 || dot > colon || header.length() > 200) {
            return "the challenge answer is not '<nonce>:<solution>'";
        }
        String head = header.substring(0, dot);
        String nonce = header.substring(0, colon);
        byte[] body;
        try {
            body = Base64.getUrlDecoder().decode(head);
            if (body.length != 24 || !MessageDigest.isEqual(hmac(head),
                    Base64.getUrlDecoder().decode(header.substring(dot + 1, colon)))) {
                return "the challenge was not issued by us";
            }
        }
        catch (IllegalArgumentException e) {
            return "the challenge was not issued by us";
        }
        Instant expires = Instant.ofEpochSecond(ByteBuffer.wrap(body).getLong());
        Instant now = clock.instant();
        if (now.isAfter(expires)) {
            return "the challenge has expired; fetch a new one";
        }
        if (leadingZeroBits(sha256(header)) < config.bits()) {
            return "the challenge is not solved";
        }
        synchronized (used) {
            used.values().removeIf(now::isAfter);
            if (used.putIfAbsent(nonce, expires) != null) {
                return "this challenge was used already; fetch a new one";
            }
        }
        return null;
    }

    static int leadingZeroBits(byte[] hash) {
        int bits = 0;
        for (byte b : hash) {
            if (b == 0) {
                bits += 8;
                continue;
            }
            return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
        }
        return bits;
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] hmac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

}
