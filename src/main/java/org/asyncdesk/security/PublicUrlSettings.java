package org.asyncdesk.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.asyncdesk.AsyncdeskProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Derives the container's and the Camunda webapps' settings from
 * {@code asyncdesk.public-url} and {@code asyncdesk.trusted-proxies}, so an operator sets
 * two keys instead of five. Added with the lowest precedence: an explicitly set
 * {@code server.*} or {@code camunda.bpm.webapp.*} key still wins.
 * <ul>
 * <li>https public URL: {@code Secure} session cookies (ours and Camunda's) and HSTS on
 * the Camunda webapps.</li>
 * <li>{@code server.tomcat.remoteip.internal-proxies}: Tomcat's RemoteIpValve
 * ({@code forward-headers-strategy:
 * native}) applies {@code X-Forwarded-For/-Proto/-Host} only from these addresses.</li>
 * </ul>
 */
public class PublicUrlSettings implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        AsyncdeskProperties properties = Binder.get(environment).bindOrCreate("asyncdesk", AsyncdeskProperties.class);
        Map<String, Object> derived = new LinkedHashMap<>();
        derived.put("server.tomcat.remoteip.internal-proxies", internalProxies(properties.trustedProxies()));
        if (properties.https()) {
            derived.put("server.servlet.session.cookie.secure", "true");
            derived.put("camunda.bpm.webapp.session-cookie.enable-secure-cookie", "true");
            derived.put("camunda.bpm.webapp.header-security.hsts-disabled", "false");
        }
        environment.getPropertySources().addLast(new MapPropertySource("asyncdesk-public-url", derived));
    }

    /**
     * Exact addresses as one regular expression (Tomcat names IPv6 loopback
     * 0:0:0:0:0:0:0:1).
     */
    static String internalProxies(List<String> addresses) {
        return addresses.stream()
            .map(String::strip)
            .filter(a -> !a.isEmpty())
            .flatMap(a -> a.equals("::1") ? Stream.of(a, "0:0:0:0:0:0:0:1") : Stream.of(a))
            .map(Pattern::quote)
            .collect(Collectors.joining("|"));
    }

}
