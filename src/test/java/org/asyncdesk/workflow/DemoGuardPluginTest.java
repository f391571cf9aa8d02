package org.asyncdesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which public URLs count as "only this machine reaches it", the condition for demo
 * users.
 */
class DemoGuardPluginTest {

    @ParameterizedTest
    @ValueSource(strings = { "http://localhost:8080", "http://LOCALHOST:8080/", "https://desk.localhost",
            "http://127.0.0.1:8080", "http://127.8.9.10", "http://[::1]:8080", "http://[0:0:0:0:0:0:0:1]/x" })
    void loopbackUrls(String url) {
        assertThat(DemoGuardPlugin.isLoopback(url)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://desk.example.com", "http://10.0.0.5:8080", "http://0.0.0.0:8080",
            "http://192.168.1.20", "http://[2001:db8::1]", "http://localhost.evil.example", "http://127.0.0.1.nip.io",
            "http://999.0.0.1", "not a url", "localhost:8080", "" })
    void otherUrls(String url) {
        assertThat(DemoGuardPlugin.isLoopback(url)).isFalse();
    }

}
