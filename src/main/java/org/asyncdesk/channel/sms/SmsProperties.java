package org.asyncdesk.channel.sms;

import org.asyncdesk.web.BaseUrl;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * SMS through Twilio. Without {@code account-sid} and {@code auth-token} replies go to
 * the sandbox.
 *
 * @param accountSid Twilio account SID (user of the Messages API's Basic authentication)
 * @param authToken Twilio auth token: password of the Messages API and key of
 * {@code X-Twilio-Signature}
 * @param fromNumber our Twilio phone number (E.164) replies are sent from
 * @param baseUrl Twilio REST API base
 */
@ConfigurationProperties("asyncdesk.channels.sms")
public record SmsProperties(String accountSid, String authToken, String fromNumber,
        @DefaultValue("https://api.twilio.com") String baseUrl) {

    public SmsProperties {
        baseUrl = BaseUrl.withoutTrailingSlash(baseUrl);
    }

    boolean configured() {
        return accountSid != null && !accountSid.isBlank() && authToken != null && !authToken.isBlank();
    }
}
