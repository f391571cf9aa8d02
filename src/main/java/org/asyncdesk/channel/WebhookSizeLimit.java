package org.asyncdesk.channel;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses webhook bodies over {@code asyncdesk.channels.max-body-size} by their Content-Length, before anything is
 * read. (Bodies without a length are checked again by the channel after reading.)
 */
@Configuration
class WebhookSizeLimit {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> webhookSizeLimitFilter(ChannelsProperties properties) {
        var r = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                long length = request.getContentLengthLong();
                if (length > properties.maxBodySize()) {
                    response.setStatus(413);
                    response.setContentType("application/problem+json");
                    response.getWriter().write("{\"type\":\"https://asyncdesk.org/problems/payload-too-large\","
                            + "\"title\":\"Payload too large\",\"status\":413,\"detail\":\"the body has " + length
                            + " bytes; at most " + properties.maxBodySize() + " are accepted\"}");
                    return;
                }
                chain.doFilter(request, response);
            }
        });
        r.addUrlPatterns("/webhooks/*");
        r.setName("webhook-size-limit");
        r.setOrder(5);
        return r;
    }
}
