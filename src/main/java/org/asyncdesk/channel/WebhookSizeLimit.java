package org.asyncdesk.channel;

import org.asyncdesk.web.BodyLimit;
import org.asyncdesk.web.ProblemResponses;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Webhook bodies over {@code asyncdesk.channels.max-body-size} get 413: by their
 * Content-Length before anything is read, and chunked ones while they are read.
 */
@Configuration
class WebhookSizeLimit {

    @Bean
    FilterRegistrationBean<BodyLimit> webhookSizeLimitFilter(ChannelsProperties properties, ProblemResponses problems) {
        return BodyLimit.register("webhook-size-limit", properties.maxBodySize(), problems, "/webhooks/*");
    }

}
