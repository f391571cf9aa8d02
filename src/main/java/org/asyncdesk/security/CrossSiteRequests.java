package org.asyncdesk.security;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.asyncdesk.AsyncdeskProperties;
import org.asyncdesk.web.ProblemException;
import org.asyncdesk.web.ProblemResponses;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CSRF protection for our Basic-authenticated API: a browser that has the login cached
 * sends it along with any cross-site form post. A state-changing {@code /api/*} request
 * must therefore
 * <ul>
 * <li>be JSON ({@code Content-Type: application/json}) or carry {@code X-Requested-With}:
 * neither can come from a plain HTML form, and cross-site scripts cannot send them
 * without a CORS preflight we never grant; and</li>
 * <li>when the browser names an {@code Origin}, come from {@code asyncdesk.public-url} or
 * from the host it was sent to.</li>
 * </ul>
 * Refused with 403 before the login is checked. The web chat API ({@code /api/webchat/*},
 * a Bearer token no browser adds by itself) and the signed provider webhooks
 * ({@code /webhooks/*}) are not affected.
 */
@Configuration
class CrossSiteRequests {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> crossSiteRequestGuard(AsyncdeskProperties properties,
            ProblemResponses problems) {
        String publicOrigin = properties.origin();
        var r = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (SAFE_METHODS.contains(request.getMethod())
                        || request.getRequestURI().startsWith(request.getContextPath() + "/api/webchat/")) {
                    chain.doFilter(request, response);
                    return;
                }
                String origin = request.getHeader("Origin");
                if (origin != null && !origin.equalsIgnoreCase(publicOrigin)
                        && !origin.equalsIgnoreCase(ownOrigin(request))) {
                    problems.write(response, refused("requests to this API must come from " + publicOrigin));
                    return;
                }
                if (!json(request.getContentType()) && request.getHeader("X-Requested-With") == null) {
                    problems.write(response,
                            refused("send Content-Type: application/json (or an X-Requested-With header)"));
                    return;
                }
                chain.doFilter(request, response);
            }
        });
        r.addUrlPatterns("/api/*");
        r.setName("cross-site-request-guard");
        // before the Basic login filters (11, 12): a forged request never gets to try a
        // password
        r.setOrder(6);
        return r;
    }

    private static ProblemException refused(String detail) {
        return new ProblemException(HttpStatus.FORBIDDEN, "cross-site-request", "Cross-site request refused", detail);
    }

    /**
     * scheme://host[:port] the request was sent to (behind trusted proxies: as the proxy
     * says).
     */
    static String ownOrigin(HttpServletRequest request) {
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        int port = request.getServerPort();
        boolean defaultPort = (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return scheme + "://" + request.getServerName().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    private static boolean json(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

}
