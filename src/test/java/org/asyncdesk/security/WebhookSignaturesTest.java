package org.asyncdesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.asyncdesk.support.ProviderSignatures;
import org.junit.jupiter.api.Test;

/**
 * Signatures checked against vectors computed outside Java (openssl), never against our
 * own code.
 */
class WebhookSignaturesTest {

    static final String META_BODY = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\","
            + "\"value\":{\"messaging_product\":\"whatsapp\",\"messages\":[{\"from\":\"4915112345678\",\"id\":\"wamid.vector-1\","
            + "\"timestamp\":\"1764662400\",\"type\":\"text\",\"text\":{\"body\":\"Wo ist mein Paket? \u00fc\"}}]}}]}]}";

    // printf '%s' "$META_BODY" | openssl dgst -sha256 -hmac "wa-app-secret" (the body as
    // UTF-8, ü as c3 bc)
    static final String META_VECTOR = "sha256=00f8ebd9569f8aea796cec8d69784df7a11c05c092951b67f8374112682cd8dc";

    // printf '%s'
    // 'http://localhost:8080/webhooks/smsAccountSidACtest0000000000000000000000000000Body<Ünïcode
    // & more>From+4915112345678MessageSidSMvector1NumMedia0To+4930123456' \
    // | openssl dgst -sha1 -hmac twilio-auth-token -binary | base64
    static final String TWILIO_VECTOR = "5BzYplOhzf0jxzxiyPACwF2D/dU=";

    static Map<String, String> twilioParams() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("MessageSid", "SMvector1");
        p.put("From", "+4915112345678");
        p.put("To", "+4930123456");
        p.put("Body", "<\u00dcn\u00efcode & more>");
        p.put("NumMedia", "0");
        p.put("AccountSid", "ACtest0000000000000000000000000000");
        return p;
    }

    static Map<String, String[]> asArrays(Map<String, String> params) {
        Map<String, String[]> m = new LinkedHashMap<>();
        params.forEach((k, v) -> m.put(k, new String[] { v }));
        return m;
    }

    @Test
    void twilioSignatureMatchesThePublishedExample() {
        Map<String, String[]> params = new LinkedHashMap<>();
        params.put("CallSid", new String[] { "CA1234567890ABCDE" });
        params.put("Caller", new String[] { "+12349013030" });
        params.put("Digits", new String[] { "1234" });
        params.put("From", new String[] { "+12349013030" });
        params.put("To", new String[] { "+18005551212" });
        String url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        // Twilio's documented example; also: printf '%s'
        // 'https://mycompany.com/myapp.php?foo=1&bar=2CallSidCA1234567890ABCDECaller+12349013030Digits1234From+12349013030To+18005551212'
        // | openssl dgst -sha1 -hmac 12345 -binary | base64
        assertThat(WebhookSignatures.twilioSignature("12345", url, params)).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
        assertThat(WebhookSignatures.twilioValid("12345", url, params, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")).isTrue();
        assertThat(WebhookSignatures.twilioValid("12345", url.replace("https", "http"), params,
                "0/KCTR6DLpKmkAf8muzZqo1nDgQ="))
            .isFalse();
        assertThat(WebhookSignatures.twilioValid("12345", url, params, null)).isFalse();
    }

    @Test
    void twilioSignatureSortsParametersAndSignsUtf8() {
        String url = "http://localhost:8080/webhooks/sms";
        Map<String, String[]> params = asArrays(twilioParams());
        assertThat(WebhookSignatures.twilioValid("twilio-auth-token", url, params, TWILIO_VECTOR)).isTrue();
        assertThat(WebhookSignatures.twilioValid("other-token", url, params, TWILIO_VECTOR)).isFalse();
        Map<String, String[]> changed = asArrays(twilioParams());
        changed.put("Body", new String[] { "<Unicode & more>" });
        assertThat(WebhookSignatures.twilioValid("twilio-auth-token", url, changed, TWILIO_VECTOR)).isFalse();
    }

    @Test
    void metaSignatureIsHmacSha256OfTheRawBody() {
        byte[] body = META_BODY.getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignatures.metaValid("wa-app-secret", body, META_VECTOR)).isTrue();
        assertThat(WebhookSignatures.metaValid("wa-app-secret", body,
                META_VECTOR.toUpperCase().replace("SHA256=", "sha256=")))
            .isTrue();
        assertThat(WebhookSignatures.metaValid("wa-app-secret", body, META_VECTOR.substring("sha256=".length())))
            .isFalse();
        assertThat(WebhookSignatures.metaValid("other-secret", body, META_VECTOR)).isFalse();
        // one space more in the raw body is another body, although it parses to the same
        // JSON
        byte[] reformatted = META_BODY.replace("{\"object\":", "{\"object\": ").getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignatures.metaValid("wa-app-secret", reformatted, META_VECTOR)).isFalse();
        assertThat(WebhookSignatures.metaValid("wa-app-secret", body, null)).isFalse();
    }

    /** The signer the channel tests post with is held to the same outside vectors. */
    @Test
    void theTestSignerMatchesTheOpensslVectors() {
        assertThat(ProviderSignatures.meta("wa-app-secret", META_BODY.getBytes(StandardCharsets.UTF_8)))
            .isEqualTo(META_VECTOR);
        assertThat(ProviderSignatures.twilio("twilio-auth-token", "http://localhost:8080/webhooks/sms", twilioParams()))
            .isEqualTo(TWILIO_VECTOR);
    }

}
