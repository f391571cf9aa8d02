package org.asyncdesk.load;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Marks provider webhook requests ({@code /webhooks/*}) in flight for
 * {@link WebhookPriority}.
 */
@Configuration(proxyBeanMethods = false)
class WebhookPriorityWeb {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> webhookPriorityFilter(WebhookPriority priority) {
        var filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                priority.webhookStarted();
                try {
                    chain.doFilter(request, response);
                }
                finally {
                    priority.webhookEnded();
                }
            }
        };
        var r = new FilterRegistrationBean<OncePerRequestFilter>(filter);
        r.addUrlPatterns("/webhooks/*");
        r.setName("webhookPriority");
        // before everything else: the whole request counts, signature check and body
        // reading included
        r.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return r;
    }

}
