package org.asyncdesk.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * One local HTTP server (WireMock) per test JVM, on a free port, standing in for the
 * providers' APIs (WhatsApp Graph API, Twilio, Messenger Send API, the shop). The
 * initializer exposes its base URL as {@code asyncdesk.test.provider-url}; test profiles
 * build provider base URLs from it. Tests stub and verify with {@link #get()} and call
 * {@code get().resetAll()} in their set-up.
 */
public class ProviderStub implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static WireMockServer server;

    public static synchronized WireMockServer get() {
        if (server == null) {
            WireMockServer s = new WireMockServer(
                    options().bindAddress("127.0.0.1").dynamicPort().containerThreads(20));
            s.start();
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
            server = s;
        }
        return server;
    }

    public static String url() {
        return "http://127.0.0.1:" + get().port();
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        get();
        context.getEnvironment()
            .getPropertySources()
            .addFirst(new MapPropertySource("provider-stub", Map.of("asyncdesk.test.provider-url", url())));
    }

}
