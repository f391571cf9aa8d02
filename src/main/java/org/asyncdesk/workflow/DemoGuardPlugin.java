package org.asyncdesk.workflow;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

import org.asyncdesk.AsyncdeskProperties;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Demo users (password {@code demo}, {@code admin} among them) exist only on a node
 * nobody else can reach, and leave when demo is switched off.
 * <ul>
 * <li>Demo on with an {@code asyncdesk.public-url} that is not a loopback address: the
 * start is refused before the engine is built.</li>
 * <li>Demo off: the demo users that still have the demo password are deleted
 * ({@link DemoUsers#retire}) once the engine is built, before Camunda creates the
 * configured first administrator ({@code camunda.bpm.admin-user}), so a first admin named
 * {@code admin} replaces the demo one at the same start.</li>
 * </ul>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10) // before the starter's
                                        // CreateAdminUserConfiguration, which has no
                                        // order
class DemoGuardPlugin extends AbstractProcessEnginePlugin {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final DemoUsers demo;

    DemoGuardPlugin(DemoUsers demo, AsyncdeskProperties properties,
            @Value("${camunda.bpm.admin-user.password:}") String firstAdminPassword) {
        this.demo = demo;
        if (demo.enabled() && !isLoopback(properties.publicUrl())) {
            throw new StartupRefused("Demo users (password '" + demo.password() + "', admin among them) are on "
                    + "(asyncdesk.demo.enabled, profile 'demo') while asyncdesk.public-url (" + properties.publicUrl()
                    + ") is not a loopback address: anyone who reaches this node could log in as them.",
                    "Demo is for a local try-out (./mvnw spring-boot:run, http://localhost:8080) only. Switch it off "
                            + "(no 'demo' profile, asyncdesk.demo.enabled=false) and configure a first administrator "
                            + "(camunda.bpm.admin-user.id and .password), or set asyncdesk.public-url to a localhost URL.");
        }
        if (!demo.enabled() && firstAdminPassword.equals(demo.password())) {
            throw new StartupRefused("camunda.bpm.admin-user.password is the demo password.",
                    "Give the first administrator a password of their own.");
        }
    }

    @Override
    public void postProcessEngineBuild(ProcessEngine engine) {
        if (!demo.enabled()) {
            demo.retire(engine.getIdentityService(), engine.getAuthorizationService());
        }
    }

    /**
     * Whether the URL's host is {@code localhost} (or below {@code .localhost}, RFC 6761)
     * or a loopback address literal (127.0.0.0/8, ::1). Names are not looked up: what a
     * name resolves to can change after the start.
     */
    static boolean isLoopback(String url) {
        String host;
        try {
            host = URI.create(url.strip()).getHost();
        }
        catch (IllegalArgumentException e) {
            return false;
        }
        if (host == null) {
            return false;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        if (!IPV4.matcher(host).matches() && !host.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress(); // a literal: no
                                                                    // lookup
        }
        catch (UnknownHostException e) {
            return false;
        }
    }

}
