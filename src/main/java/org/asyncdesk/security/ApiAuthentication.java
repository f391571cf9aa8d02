package org.asyncdesk.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.asyncdesk.EscalationProperties;
import org.asyncdesk.TeamsProperties;
import org.asyncdesk.web.ProblemException;
import org.asyncdesk.web.ProblemResponses;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Our own operator and agent endpoints authenticate like the engine REST API: HTTP Basic
 * against Camunda identity, then a group check. Failures are RFC 9457 problem details
 * (401 with a Basic challenge, so a browser asks for the login, or 403).
 * <ul>
 * <li>{@code /api/customers/*} (customer profiles, merge), {@code /sandbox},
 * {@code /api/sandbox/*}, the knowledge base ({@code /knowledge},
 * {@code /api/knowledge/*}): an agent team of {@code asyncdesk.teams} or above
 * ({@link #agentsOrAbove}).</li>
 * <li>{@code /api/admin/*} (inbox operations): {@code camunda-admin}.</li>
 * </ul>
 * Provider webhooks are not here: they are authenticated by the provider's signature
 * ({@link WebhookSignatures}).
 */
@Configuration
class ApiAuthentication {

    static final Set<String> ADMINS = Set.of("camunda-admin");

    /**
     * The configured teams, the escalation managers, process owners and administrators.
     */
    static Set<String> agentsOrAbove(TeamsProperties teams, EscalationProperties escalation) {
        return Stream
            .concat(teams.ids().stream(), Stream.of(escalation.managersGroup(), "process-owners", "camunda-admin"))
            .collect(Collectors.toUnmodifiableSet());
    }

    @Bean
    FilterRegistrationBean<GroupFilter> agentApiAuthentication(ObjectProvider<IdentityService> identity,
            TeamsProperties teams, EscalationProperties escalation, ProblemResponses problems) {
        var r = new FilterRegistrationBean<>(new GroupFilter(identity, agentsOrAbove(teams, escalation), problems));
        r.addUrlPatterns("/api/customers/*", "/sandbox", "/sandbox/*", "/api/sandbox/*", "/knowledge", "/knowledge/*",
                "/api/knowledge/*");
        r.setName("agent-api-authentication");
        r.setOrder(11);
        return r;
    }

    @Bean
    FilterRegistrationBean<GroupFilter> adminApiAuthentication(ObjectProvider<IdentityService> identity,
            ProblemResponses problems) {
        var r = new FilterRegistrationBean<>(new GroupFilter(identity, ADMINS, problems));
        r.addUrlPatterns("/api/admin/*");
        r.setName("admin-api-authentication");
        r.setOrder(12);
        return r;
    }

    static class GroupFilter extends OncePerRequestFilter {

        // looked up per request: servlet filters are built before the engine, which must
        // start after Flyway
        private final ObjectProvider<IdentityService> identityService;

        private final Set<String> groups;

        private final ProblemResponses problems;

        GroupFilter(ObjectProvider<IdentityService> identity, Set<String> groups, ProblemResponses problems) {
            this.identityService = identity;
            this.groups = groups;
            this.problems = problems;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            IdentityService identity = identityService.getObject();
            String header = request.getHeader("Authorization");
            String user = null;
            String password = null;
            if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
                try {
                    String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()),
                            StandardCharsets.UTF_8);
                    int colon = decoded.indexOf(':');
                    if (colon > 0) {
                        user = decoded.substring(0, colon);
                        password = decoded.substring(colon + 1);
                    }
                }
                catch (IllegalArgumentException notBase64) {
                    user = null;
                }
            }
            if (user == null || !identity.checkPassword(user, password)) {
                problems.write(response,
                        new ProblemException(HttpStatus.UNAUTHORIZED, "authentication-required",
                                "Authentication required", "log in with your Camunda user (HTTP Basic)")
                            .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Asyncdesk\", charset=\"UTF-8\""));
                return;
            }
            String who = user;
            boolean member = identity.createGroupQuery()
                .groupMember(who)
                .list()
                .stream()
                .anyMatch(g -> groups.contains(g.getId()));
            if (!member) {
                problems.write(response, new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Not allowed",
                        "this needs membership in one of " + groups.stream().sorted().toList()));
                return;
            }
            Principal principal = () -> who;
            chain.doFilter(new HttpServletRequestWrapper(request) {
                @Override
                public String getRemoteUser() {
                    return who;
                }

                @Override
                public Principal getUserPrincipal() {
                    return principal;
                }
            }, response);
        }

    }

}
