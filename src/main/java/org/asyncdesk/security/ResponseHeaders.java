package org.asyncdesk.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.asyncdesk.AsyncdeskProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Browser hardening headers on everything we serve ({@code /chat}, {@code /sandbox},
 * {@code /api/*}, {@code /engine-rest}, {@code /actuator}). The Camunda webapps under
 * {@code /camunda/} are left to Camunda's own header filter
 * ({@code camunda.bpm.webapp.header-security.*}): their pages need a CSP of their own
 * (nonces, {@code unsafe-eval} for AngularJS). Our pages load scripts and styles from
 * files only, so a strict CSP fits. HSTS only when {@code asyncdesk.public-url} is https:
 * sent over plain HTTP it would lock browsers out.
 */
@Configuration
class ResponseHeaders {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    static final String HSTS = "max-age=31536000";

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> securityHeaders(AsyncdeskProperties properties) {
        boolean https = properties.https();
        var r = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (!request.getRequestURI().startsWith(request.getContextPath() + "/camunda/")) {
                    response.setHeader("X-Content-Type-Options", "nosniff");
                    response.setHeader("Content-Security-Policy", CSP);
                    response.setHeader("X-Frame-Options", "DENY");
                    // chat links carry the conversation's token: never hand a URL to
                    // another site
                    response.setHeader("Referrer-Policy", "no-referrer");
                    if (https) {
                        response.setHeader("Strict-Transport-Security", HSTS);
                    }
                }
                chain.doFilter(request, response);
            }
        });
        r.addUrlPatterns("/*");
        r.setName("security-headers");
        // first, so that refusals of the filters after it carry the headers too
        r.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return r;
    }

}
