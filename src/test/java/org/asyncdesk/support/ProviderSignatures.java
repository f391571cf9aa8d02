package org.asyncdesk.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs test webhooks the way the providers document it, written apart from
 * {@code security.WebhookSignatures} so that a test signing with it does not check our
 * verification against itself. Pinned to vectors computed with openssl in
 * {@code WebhookSignaturesTest}.
 */
public final class ProviderSignatures {

    private ProviderSignatures() {
    }

    /**
     * Meta's {@code X-Hub-Signature-256}: {@code sha256=} and the hex HMAC-SHA256 of the
     * raw body.
     */
    public static String meta(String appSecret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(mac("HmacSHA256", appSecret, body));
    }

    /**
     * Twilio's {@code X-Twilio-Signature}: base64 HMAC-SHA1 of the URL followed by each
     * name and value, by name.
     */
    public static String twilio(String authToken, String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value));
        return Base64.getEncoder()
            .encodeToString(mac("HmacSHA1", authToken, data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] mac(String algorithm, String key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(data);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

}
