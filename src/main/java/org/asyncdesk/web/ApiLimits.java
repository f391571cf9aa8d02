package org.asyncdesk.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The body limit of our API. */
@Configuration
class ApiLimits {

    @Bean
    FilterRegistrationBean<BodyLimit> apiBodyLimit(ApiProperties properties, ProblemResponses problems) {
        return BodyLimit.register("api-body-limit", properties.maxBodySize(), problems, "/api/*");
    }

}
