package org.asyncdesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.asyncdesk.support.HttpFrom;
import org.asyncdesk.support.OwnProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * Anyone could lock user tom out for good with about 120 wrong anonymous logins (issue
 * 10). Now Camunda never locks a user, neither for good nor for a while, and failed
 * logins are limited per client address on every login path: 5 per hour here
 * (abuse-limits.properties), refilled one every 12 minutes. The engine clock is pinned
 * and moved by the test (the throttle reads it through the application's clock), so
 * nothing here waits or depends on timing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestPropertySource(locations = "classpath:abuse-limits.properties")
@ExtendWith(OwnProcessEngine.class)
class LoginThrottleTest {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofHours(1);

    /** One failed login comes back this long after the allowance is used up. */
    static final Duration ONE_REFILL = WINDOW.dividedBy(MAX_FAILURES);

    @LocalServerPort
    int port;

    @BeforeEach
    void pinClock() {
        ClockUtil.setCurrentTime(new Date());
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    private static void timePasses(Duration d) {
        ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(d)));
    }

    private static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private HttpFrom.Response engineRest(String from, String password) {
        return new HttpFrom(from, port).get("/engine-rest/task", basic("tom", password));
    }

    /**
     * As Tasklist's login page does it: a session with its CSRF token first, then the
     * form.
     */
    private HttpFrom.Response webappLogin(String from, String password) {
        HttpFrom client = new HttpFrom(from, port);
        HttpFrom.Response page = client.get("/camunda/app/tasklist/default/", Map.of());
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String c : String.valueOf(page.header("Set-Cookie")).split("\n")) {
            String pair = c.split(";")[0];
            if (pair.contains("=")) {
                cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        assertThat(cookies).containsKey("XSRF-TOKEN");
        String cookie = cookies.entrySet()
            .stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("; "));
        return client.send("POST", "/camunda/api/admin/auth/user/default/login/tasklist",
                Map.of("Cookie", cookie, "X-XSRF-TOKEN", cookies.get("XSRF-TOKEN")),
                "application/x-www-form-urlencoded", "username=tom&password=" + password);
    }

    private static void assertThrottled(HttpFrom.Response r, Duration retryAfter) {
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.body()).contains("too many failed logins");
        assertThat(Long.parseLong(r.header("Retry-After"))).isEqualTo(retryAfter.toSeconds());
    }

    @Test
    void oneClientsAttackOnTheEngineRestApiLocksOutOnlyThatClientAndOnlyUntilTheTimeItIsTold() {
        List<Integer> statuses = new ArrayList<>();
        HttpFrom.Response last = null;
        for (int i = 0; i < 150; i++) {
            last = engineRest("127.0.3.1", "wrong" + i);
            statuses.add(last.status());
        }
        assertThat(statuses.subList(0, MAX_FAILURES)).containsOnly(401);
        assertThat(statuses.subList(MAX_FAILURES, 150)).containsOnly(429);
        assertThrottled(last, ONE_REFILL);
        // that client is held off even with the right password; tom, from anywhere else,
        // is not
        assertThrottled(engineRest("127.0.3.1", "demo"), ONE_REFILL);
        assertThat(engineRest("127.0.3.2", "demo").status()).isEqualTo(200);
        assertThat(webappLogin("127.0.3.3", "demo").status()).isEqualTo(200);

        // a second before the time it was told, the client is still out; at that time it
        // is in again
        timePasses(ONE_REFILL.minusSeconds(1));
        assertThrottled(engineRest("127.0.3.1", "demo"), Duration.ofSeconds(1));
        timePasses(Duration.ofSeconds(1));
        assertThat(engineRest("127.0.3.1", "demo").status()).isEqualTo(200);

        // after the whole window its allowance is complete again, and Camunda has not
        // locked tom meanwhile
        timePasses(WINDOW);
        for (int i = 0; i < MAX_FAILURES; i++) {
            assertThat(engineRest("127.0.3.1", "wrong-again").status()).isEqualTo(401);
        }
        assertThat(engineRest("127.0.3.1", "wrong-again").status()).isEqualTo(429);
        assertThat(engineRest("127.0.3.2", "demo").status()).isEqualTo(200);
    }

    @Test
    void wrongPasswordsOnTheWebappLoginAreThrottledAndTomStillLogsInElsewhere() {
        List<Integer> statuses = new ArrayList<>();
        HttpFrom.Response last = null;
        for (int i = 0; i < 130; i++) {
            last = webappLogin("127.0.4.1", "wrong" + i);
            statuses.add(last.status());
        }
        assertThat(statuses.subList(0, MAX_FAILURES)).containsOnly(401);
        assertThat(statuses.subList(MAX_FAILURES, 130)).containsOnly(429);
        assertThrottled(last, ONE_REFILL);
        assertThrottled(webappLogin("127.0.4.1", "demo"), ONE_REFILL);
        assertThat(webappLogin("127.0.4.2", "demo").status()).isEqualTo(200);
        assertThat(engineRest("127.0.4.3", "demo").status()).isEqualTo(200);
        timePasses(ONE_REFILL);
        assertThat(webappLogin("127.0.4.1", "demo").status()).isEqualTo(200);
    }

    @Test
    void failuresOnEveryLoginPathCountTogether() {
        HttpFrom client = new HttpFrom("127.0.5.1", port);
        assertThat(client.get("/api/customers/unknown", basic("tom", "wrong")).status()).isEqualTo(401);
        assertThat(client.get("/api/admin/inbox/parked", basic("tom", "wrong")).status()).isEqualTo(401);
        assertThat(client.get("/sandbox", basic("tom", "wrong")).status()).isEqualTo(401);
        assertThat(client.get("/actuator/metrics", basic("tom", "wrong")).status()).isEqualTo(401);
        assertThat(engineRest("127.0.5.1", "wrong").status()).isEqualTo(401);

        assertThrottled(client.get("/api/customers/unknown", basic("tom", "demo")), ONE_REFILL);
        assertThrottled(client.get("/actuator/health", basic("admin", "wrong")), ONE_REFILL);
        assertThrottled(engineRest("127.0.5.1", "demo"), ONE_REFILL);
        assertThrottled(webappLogin("127.0.5.1", "demo"), ONE_REFILL);
        // the same client without credentials is not held off: only logins are
        assertThat(client.get("/actuator/health", Map.of()).status()).isEqualTo(200);
        assertThat(new HttpFrom("127.0.5.2", port).get("/api/customers/unknown", basic("tom", "demo")).status())
            .isNotIn(401, 429);
    }

    @Test
    void parallelGuessesFromOneClientCannotOvertakeTheCount() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<CompletableFuture<Integer>> guesses = IntStream.range(0, 60)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> engineRest("127.0.8.1", "guess" + i).status(), pool))
                .toList();
            List<Integer> statuses = guesses.stream().map(CompletableFuture::join).toList();
            assertThat(statuses).containsOnly(401, 429);
            assertThat(statuses.stream().filter(s -> s == 401).count()).isEqualTo(MAX_FAILURES);
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    void manyClientsTogetherNeverLockTom() {
        // 150 failures reach Camunda, far beyond its default of 10 that locked a user
        // until an administrator unlocked
        // him, and each of them would have delayed his next login
        for (int client = 1; client <= 30; client++) {
            for (int i = 0; i < MAX_FAILURES; i++) {
                assertThat(engineRest("127.0.6." + client, "wrong").status()).isEqualTo(401);
            }
        }
        assertThat(engineRest("127.0.6.100", "demo").status()).isEqualTo(200);
        assertThat(webappLogin("127.0.6.101", "demo").status()).isEqualTo(200);
    }

    @Test
    void theClientAddressIsTheForwardedOneOnlyBehindATrustedProxy() {
        // 127.0.0.1 is a trusted proxy (asyncdesk.trusted-proxies): each client behind it
        // counts on its own
        HttpFrom proxy = new HttpFrom("127.0.0.1", port);
        for (int i = 0; i < MAX_FAILURES; i++) {
            assertThat(proxy.get("/engine-rest/task", withForwardedFor(basic("tom", "wrong"), "198.51.100.7")).status())
                .isEqualTo(401);
        }
        assertThrottled(proxy.get("/engine-rest/task", withForwardedFor(basic("tom", "demo"), "198.51.100.7")),
                ONE_REFILL);
        assertThat(proxy.get("/engine-rest/task", withForwardedFor(basic("tom", "demo"), "198.51.100.8")).status())
            .isEqualTo(200);

        // anyone else's X-Forwarded-For is ignored: a new address per request does not
        // buy new guesses
        HttpFrom untrusted = new HttpFrom("127.0.9.1", port);
        for (int i = 0; i < MAX_FAILURES; i++) {
            assertThat(untrusted.get("/engine-rest/task", withForwardedFor(basic("tom", "wrong"), "203.0.113." + i))
                .status()).isEqualTo(401);
        }
        assertThrottled(untrusted.get("/engine-rest/task", withForwardedFor(basic("tom", "wrong"), "203.0.113.99")),
                ONE_REFILL);
    }

    private static Map<String, String> withForwardedFor(Map<String, String> headers, String client) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("X-Forwarded-For", client);
        return h;
    }

}
