package org.asyncdesk.security;

import java.io.IOException;
import java.time.Clock;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.asyncdesk.web.ClientBuckets;
import org.asyncdesk.web.ProblemResponses;
import org.asyncdesk.web.RateLimited;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Failed logins are limited per client address, on every login path, so that nobody can
 * lock a user out for others (issue 10: about 120 wrong anonymous logins locked
 * {@code tom} for good). Camunda's own per-user lock is switched off in application.yaml:
 * its permanent lock after {@code loginMaxAttempts} and its growing delay after each
 * failure both hit the user wherever he logs in from, whoever made the failures.
 * <p>
 * A client address (as Tomcat's RemoteIpValve gives it: {@code X-Forwarded-For} only from
 * {@code asyncdesk.trusted-proxies}) has {@code max-failures} tokens, refilled over
 * {@code window}. Each login attempt takes one before its credentials are checked and
 * gets it back unless the answer is 401, so parallel guesses cannot overtake the count;
 * an address without a token gets 429 with {@code Retry-After}, even with the right
 * password: that address is locked out until the time it is told, and no one else is.
 */
@Configuration
class LoginThrottle {

    /**
     * Before the authentication filters it watches (engine REST 10, our API 11–12,
     * actuator 13).
     */
    @Bean
    FilterRegistrationBean<FailedLogins> loginThrottling(LoginThrottleProperties properties, Clock clock,
            ProblemResponses problems) {
        var r = new FilterRegistrationBean<>(new FailedLogins(
                new ClientBuckets(properties.maxFailures(), properties.window(), properties.maxTracked(), clock),
                problems));
        r.addUrlPatterns("/engine-rest/*", "/camunda/api/*", "/api/*", "/sandbox", "/sandbox/*", "/actuator",
                "/actuator/*");
        r.setName("login-throttling");
        r.setOrder(9);
        return r;
    }

    static class FailedLogins extends OncePerRequestFilter {

        private final ClientBuckets failures;

        private final ProblemResponses problems;

        FailedLogins(ClientBuckets failures, ProblemResponses problems) {
            this.failures = failures;
            this.problems = problems;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !loginAttempt(request);
        }

        /**
         * Credentials sent: the webapps' login form
         * ({@code …/auth/user/{engine}/login/{app}}), or HTTP Basic elsewhere. The
         * webapps ignore Basic, which a browser that logged in to {@code /sandbox} sends
         * along to every path; their 401 for a request without a session is no failed
         * login.
         */
        private static boolean loginAttempt(HttpServletRequest request) {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            if (path.startsWith("/camunda/")) {
                return "POST".equals(request.getMethod()) && path.startsWith("/camunda/api/admin/auth/user/")
                        && path.contains("/login/");
            }
            String auth = request.getHeader("Authorization");
            return auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String client = ClientBuckets.clientKey(request.getRemoteAddr());
            var wait = failures.tryConsume(client);
            if (wait.isPresent()) {
                problems.write(response,
                        new RateLimited("too many failed logins from your address; try again later", wait.get()));
                return;
            }
            boolean failed = false;
            try {
                chain.doFilter(request, response);
                failed = response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED;
            }
            finally {
                if (!failed) {
                    failures.refund(client);
                }
            }
        }

    }

}
