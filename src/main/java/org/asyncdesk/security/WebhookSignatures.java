package org.asyncdesk.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Provider webhook signatures, compared in constant time.
 * <ul>
 * <li>Meta (WhatsApp Cloud API, Messenger): {@code X-Hub-Signature-256: sha256=<hex>},
 * HMAC-SHA256 of the raw request body with the app secret.</li>
 * <li>Twilio: {@code X-Twilio-Signature}, base64 HMAC-SHA1 with the auth token over the
 * full URL Twilio called followed by every POST parameter name and value, sorted by
 * name.</li>
 * </ul>
 */
public final class WebhookSignatures {

    private WebhookSignatures() {
    }

    public static String metaSignature(String appSecret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", appSecret, body));
    }

    public static boolean metaValid(String appSecret, byte[] body, String header) {
        if (header == null || appSecret == null) {
            return false;
        }
        return constantTimeEquals(metaSignature(appSecret, body), header.strip().toLowerCase(Locale.ROOT));
    }

    public static String twilioSignature(String authToken, String url, Map<String, String[]> params) {
        List<String> names = new ArrayList<>(params.keySet());
        names.sort(null);
        StringBuilder data = new StringBuilder(url);
        for (String name : names) {
            String[] values = params.get(name).clone();
            Arrays.sort(values);
            for (String v : values) {
                data.append(name).append(v);
            }
        }
        return Base64.getEncoder()
            .encodeToString(hmac("HmacSHA1", authToken, data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    public static boolean twilioValid(String authToken, String url, Map<String, String[]> params, String header) {
        if (header == null || authToken == null) {
            return false;
        }
        return constantTimeEquals(twilioSignature(authToken, url, params), header.strip());
    }

    private static byte[] hmac(String algorithm, String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(data);
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean constantTimeEquals(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

}
