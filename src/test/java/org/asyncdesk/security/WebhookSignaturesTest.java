package org.asyncdesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class WebhookSignaturesTest {

    @Test
    void twilioSignatureMatchesThePublishedExample() {
        Map<String, String[]> params = new LinkedHashMap<>();
        params.put("CallSid", new String[] {"CA1234567890ABCDE"});
        params.put("Caller", new String[] {"+12349013030"});
        params.put("Digits", new String[] {"1234"});
        params.put("From", new String[] {"+12349013030"});
        params.put("To", new String[] {"+18005551212"});
        String url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        assertThat(WebhookSignatures.twilioSignature("12345", url, params)).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
        assertThat(WebhookSignatures.twilioValid("12345", url, params, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")).isTrue();
        assertThat(WebhookSignatures.twilioValid("12345", url.replace("https", "http"), params, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")).isFalse();
        assertThat(WebhookSignatures.twilioValid("12345", url, params, null)).isFalse();
    }

    @Test
    void metaSignatureIsHmacSha256OfTheRawBody() {
        byte[] body = "{\"object\":\"page\"}".getBytes(StandardCharsets.UTF_8);
        String header = WebhookSignatures.metaSignature("secret", body);
        assertThat(header).startsWith("sha256=").hasSize(7 + 64);
        assertThat(WebhookSignatures.metaValid("secret", body, header)).isTrue();
        assertThat(WebhookSignatures.metaValid("secret", body, header.toUpperCase().replace("SHA256=", "sha256="))).isTrue();
        assertThat(WebhookSignatures.metaValid("other", body, header)).isFalse();
        assertThat(WebhookSignatures.metaValid("secret", "{\"object\":\"page\" }".getBytes(StandardCharsets.UTF_8), header)).isFalse();
    }
}
