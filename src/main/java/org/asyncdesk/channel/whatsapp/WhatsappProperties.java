package org.asyncdesk.channel.whatsapp;

import org.asyncdesk.channel.meta.MetaApp;
import org.asyncdesk.web.BaseUrl;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * WhatsApp Cloud API. Without {@code access-token} and {@code phone-number-id} replies go
 * to the sandbox.
 *
 * @param appSecret signs webhooks ({@code X-Hub-Signature-256})
 * @param verifyToken the token entered in the Meta app dashboard for the subscription
 * check
 * @param accessToken bearer token for the Graph API
 * @param phoneNumberId the business phone number's id (path of the messages endpoint)
 * @param baseUrl Graph API base including the version
 * @param templateName approved template sent instead of a free-form reply outside the
 * 24-hour window
 * @param templateLanguage that template's language code
 */
@ConfigurationProperties("asyncdesk.channels.whatsapp")
public record WhatsappProperties(String appSecret, String verifyToken, String accessToken, String phoneNumberId,
        @DefaultValue("https://graph.facebook.com/v21.0") String baseUrl,
        @DefaultValue("asyncdesk_reply_waiting") String templateName,
        @DefaultValue("en") String templateLanguage) implements MetaApp {

    public WhatsappProperties {
        baseUrl = BaseUrl.withoutTrailingSlash(baseUrl);
    }

    boolean configured() {
        return accessToken != null && !accessToken.isBlank() && phoneNumberId != null && !phoneNumberId.isBlank();
    }
}
