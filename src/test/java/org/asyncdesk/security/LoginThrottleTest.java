package org.asyncdesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.asyncdesk.support.HttpFrom;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * Anyone could lock user tom out for good with about 120 wrong anonymous logins (issue 10). Now failed logins are
 * throttled per client address (5 per hour here, abuse-limits.properties) on every login path, and Camunda never
 * locks permanently: tom logs in from another address whatever one client did.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestPropertySource(locations = "classpath:abuse-limits.properties")
class LoginThrottleTest {

    @LocalServerPort int port;

    private static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private HttpFrom.Response engineRest(String from, String password) {
        return new HttpFrom(from, port).get("/engine-rest/task", basic("tom", password));
    }

    /** As Tasklist's login page does it: a session with its CSRF token first, then the form. */
    private HttpFrom.Response webappLogin(String from, String password) {
        HttpFrom client = new HttpFrom(from, port);
        HttpFrom.Response page = client.get("/camunda/app/tasklist/default/", Map.of());
        Map<String, String> cookies = new java.util.LinkedHashMap<>();
        for (String c : String.valueOf(page.header("Set-Cookie")).split("\n")) {
            String pair = c.split(";")[0];
            if (pair.contains("=")) {
                cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        assertThat(cookies).containsKey("XSRF-TOKEN");
        String cookie = cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
        return client.send("POST", "/camunda/api/admin/auth/user/default/login/tasklist",
                Map.of("Cookie", cookie, "X-XSRF-TOKEN", cookies.get("XSRF-TOKEN")),
                "application/x-www-form-urlencoded", "username=tom&password=" + password);
    }

    private static void assertThrottled(HttpFrom.Response r) {
        assertThat(r.status()).isEqualTo(429);
        assertThat(Long.parseLong(r.header("Retry-After"))).isPositive();
        assertThat(r.body()).contains("too many failed logins");
    }

    @Test
    void wrongPasswordsFromOneClientAreThrottledOnTheEngineRestApiAndTomStillLogsInElsewhere() {
        List<Integer> statuses = new ArrayList<>();
        HttpFrom.Response last = null;
        for (int i = 0; i < 150; i++) {
            last = engineRest("127.0.3.1", "wrong" + i);
            statuses.add(last.status());
        }
        assertThat(statuses.subList(0, 5)).containsOnly(401);
        assertThat(statuses.subList(5, 150)).containsOnly(429);
        assertThrottled(last);
        // that client is held off even with the right password, for a while; everyone else is not
        assertThrottled(engineRest("127.0.3.1", "demo"));
        assertThat(engineRest("127.0.3.2", "demo").status()).isEqualTo(200);
    }

    @Test
    void wrongPasswordsOnTheWebappLoginAreThrottledAndTomStillLogsInElsewhere() {
        List<Integer> statuses = new ArrayList<>();
        HttpFrom.Response last = null;
        for (int i = 0; i < 150; i++) {
            last = webappLogin("127.0.4.1", "wrong" + i);
            statuses.add(last.status());
        }
        assertThat(statuses.subList(0, 5)).containsOnly(401);
        assertThat(statuses.subList(5, 150)).containsOnly(429);
        assertThrottled(last);
        assertThat(webappLogin("127.0.4.2", "demo").status()).isEqualTo(200);
    }

    @Test
    void ourApisBasicAuthenticationIsThrottledToo() {
        HttpFrom client = new HttpFrom("127.0.5.1", port);
        for (int i = 0; i < 5; i++) {
            assertThat(client.get("/api/customers/unknown", basic("tom", "wrong")).status()).isEqualTo(401);
        }
        assertThrottled(client.get("/api/customers/unknown", basic("tom", "wrong")));
    }

    @Test
    void manyClientsTogetherNeverLockTomPermanently() {
        // 40 failures reach Camunda, beyond its default of 10 that locked a user until an administrator unlocked him
        for (int client = 1; client <= 8; client++) {
            for (int i = 0; i < 5; i++) {
                assertThat(engineRest("127.0.6." + client, "wrong").status()).isEqualTo(401);
            }
        }
        assertThat(engineRest("127.0.6.100", "demo").status()).isEqualTo(200);
        assertThat(webappLogin("127.0.6.101", "demo").status()).isEqualTo(200);
    }
}
