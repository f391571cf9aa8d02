package org.asyncdesk.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The body limit of our API, and {@code /error} requested directly (it is only meant for error dispatches). */
@Configuration
class ApiLimits {

    @Bean
    FilterRegistrationBean<BodyLimit> apiBodyLimit(ApiProperties properties) {
        return BodyLimit.register("api-body-limit", properties.maxBodySize(), "/api/*");
    }

    /** Spring Boot's error controller answers a direct request with 500 "None"; nothing failed, so 404. */
    @Bean
    FilterRegistrationBean<jakarta.servlet.Filter> directErrorRequests() {
        var r = new FilterRegistrationBean<jakarta.servlet.Filter>((request, response, chain) ->
                ApiProblems.write((jakarta.servlet.http.HttpServletResponse) response, 404, "Not found", "not-found",
                        "no such resource"));
        r.addUrlPatterns("/error");
        r.setName("direct-error-requests");
        // default dispatcher type REQUEST only: real error dispatches still reach the error controller
        return r;
    }
}
