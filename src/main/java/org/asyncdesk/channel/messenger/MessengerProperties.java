package org.asyncdesk.channel.messenger;

import org.asyncdesk.channel.meta.MetaApp;
import org.asyncdesk.web.BaseUrl;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Facebook Messenger. Without {@code page-access-token} replies go to the sandbox.
 *
 * @param appSecret signs webhooks ({@code X-Hub-Signature-256})
 * @param verifyToken the token entered in the Meta app dashboard for the subscription
 * check
 * @param pageAccessToken token of the Page the Send API sends as
 * @param baseUrl Graph API base including the version
 */
@ConfigurationProperties("asyncdesk.channels.messenger")
public record MessengerProperties(String appSecret, String verifyToken, String pageAccessToken,
        @DefaultValue("https://graph.facebook.com/v21.0") String baseUrl) implements MetaApp {

    public MessengerProperties {
        baseUrl = BaseUrl.withoutTrailingSlash(baseUrl);
    }

    boolean configured() {
        return pageAccessToken != null && !pageAccessToken.isBlank();
    }
}
