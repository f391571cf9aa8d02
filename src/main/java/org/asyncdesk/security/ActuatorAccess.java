package org.asyncdesk.security;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.asyncdesk.web.ProblemException;
import org.asyncdesk.web.ProblemResponses;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Operators' endpoints. {@code /actuator/health} answers anyone with the status only
 * (load balancers, monitoring); with a login it must be an administrator's, who then also
 * sees the components ({@code management.endpoint.health.show-details: when-authorized}).
 * Every other actuator endpoint (metrics, info) needs a {@code camunda-admin} login.
 * <p>
 * {@code /error} is the container's internal error page: asked for directly it has no
 * error to show and Spring answered 500; it now answers 404 like any unknown path.
 */
@Configuration
class ActuatorAccess {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> actuatorAuthentication(ObjectProvider<IdentityService> identity,
            ProblemResponses problems) {
        var admins = new ApiAuthentication.GroupFilter(identity, ApiAuthentication.ADMINS, problems);
        var r = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String path = request.getRequestURI().substring(request.getContextPath().length());
                boolean health = path.equals("/actuator/health") || path.startsWith("/actuator/health/");
                if (health && request.getHeader("Authorization") == null) {
                    chain.doFilter(request, response);
                }
                else {
                    admins.doFilter(request, response, chain);
                }
            }
        });
        r.addUrlPatterns("/actuator", "/actuator/*");
        r.setName("actuator-authentication");
        r.setOrder(13);
        return r;
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> noDirectErrorPage(ProblemResponses problems) {
        var r = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws IOException {
                problems.write(response,
                        new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Not Found", "no such resource"));
            }
        });
        r.addUrlPatterns("/error", "/error/*");
        // only requests from outside: the container's own error dispatches
        // (DispatcherType.ERROR) still render errors
        r.setDispatcherTypes(DispatcherType.REQUEST);
        r.setName("no-direct-error-page");
        r.setOrder(14);
        return r;
    }

}
