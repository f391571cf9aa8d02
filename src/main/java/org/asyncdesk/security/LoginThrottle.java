package org.asyncdesk.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.asyncdesk.web.ApiProblems;
import org.asyncdesk.web.ClientBuckets;
import org.asyncdesk.web.RateLimited;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Throttles failed logins per client address, so that guessing passwords is slow and nobody can lock a user out for
 * others (Camunda's own {@code loginMaxAttempts} locked a user for good; it is set out of reach in
 * application.yaml, and Camunda's growing per-user delay, at most {@code loginDelayMaxTime}, is the lockout that
 * expires). Wraps every login path and counts the 401s it answers to a login attempt; an address out of tokens
 * gets 429 with {@code Retry-After} before its credentials are even checked, so its guesses neither count nor
 * delay the user further.
 */
@Configuration
class LoginThrottle {

    /** Runs before the authentication filters (orders 10–12) that it watches. */
    @Bean
    FilterRegistrationBean<FailedLogins> loginThrottling(LoginThrottleProperties properties) {
        var r = new FilterRegistrationBean<>(new FailedLogins(
                new ClientBuckets(properties.maxFailures(), properties.window(), properties.maxTracked())));
        r.addUrlPatterns("/engine-rest/*", "/camunda/api/admin/auth/user/*", "/api/customers/*", "/sandbox",
                "/sandbox/*", "/api/sandbox/*", "/api/admin/*");
        r.setName("login-throttling");
        r.setOrder(9);
        return r;
    }

    static class FailedLogins extends OncePerRequestFilter {

        private final ClientBuckets failures;

        FailedLogins(ClientBuckets failures) {
            this.failures = failures;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !loginAttempt(request);
        }

        /** Credentials sent: HTTP Basic anywhere, or the webapps' login form ({@code …/login/{app}}). */
        private static boolean loginAttempt(HttpServletRequest request) {
            String auth = request.getHeader("Authorization");
            if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
                return true;
            }
            return "POST".equals(request.getMethod()) && request.getRequestURI().contains("/api/admin/auth/user/")
                    && request.getRequestURI().contains("/login/");
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String client = ClientBuckets.clientKey(request.getRemoteAddr());
            var wait = failures.exhausted(client);
            if (wait.isPresent()) {
                ApiProblems.write(response, new RateLimited(
                        "too many failed logins from your address; try again later", wait.get()));
                return;
            }
            chain.doFilter(request, response);
            if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
                failures.tryConsume(client);
            }
        }
    }
}
