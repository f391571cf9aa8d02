package org.asyncdesk.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.asyncdesk.support.BehindHttpsProxyTest;
import org.asyncdesk.support.StaffUsers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What a browser, a proxy, a monitoring probe and a cross-site attacker get from the
 * running application.
 */
@BehindHttpsProxyTest
class PublicEdgeTest {

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(String method, String path, String contentType, String body,
            Map<String, String> headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        headers.forEach(b::header);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        return send("GET", path, null, null, headers);
    }

    static Map<String, String> basic(String user) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString((user + ":" + StaffUsers.PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void ourPagesAndApisSendBrowserHardeningHeaders() throws Exception {
        for (var r : List.of(get("/chat", Map.of()), get("/chat/chat.js", Map.of()), get("/sandbox", basic("anna")),
                get("/sandbox/sandbox.js", basic("anna")), get("/api/sandbox", basic("anna")),
                get("/api/customers/nobody", basic("anna")), get("/api/sandbox", Map.of()))) {
            var h = r.headers();
            assertThat(h.firstValue("X-Content-Type-Options")).as(r.uri().toString()).hasValue("nosniff");
            assertThat(h.firstValue("Content-Security-Policy")).as(r.uri().toString())
                .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'")
                    .contains("script-src 'self'")
                    .doesNotContain("unsafe-inline"));
            assertThat(h.firstValue("Referrer-Policy")).as(r.uri().toString()).hasValue("no-referrer");
            assertThat(h.firstValue("Strict-Transport-Security")).as(r.uri().toString())
                .hasValueSatisfying(v -> assertThat(v).startsWith("max-age="));
        }
        // the pages keep working under that CSP: no inline script or style left in them
        for (var page : List.of(get("/chat", Map.of()), get("/sandbox", basic("anna")))) {
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).doesNotContain("<script>")
                .doesNotContain("<style")
                .doesNotContain(" style=")
                .doesNotContainPattern(" on[a-z]+=");
        }
    }

    @Test
    void theCamundaWebappsKeepTheirOwnCspAndGetHstsAndSecureSessionCookies() throws Exception {
        var tasklist = get("/camunda/app/tasklist/", Map.of());
        for (int hops = 0; hops < 3 && tasklist.statusCode() / 100 == 3; hops++) {
            String location = tasklist.headers().firstValue("Location").orElseThrow();
            tasklist = get(URI.create("http://localhost:" + port + "/").resolve(location).getRawPath(), Map.of());
        }
        assertThat(tasklist.statusCode()).isEqualTo(200);
        assertThat(tasklist.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("frame-ancestors 'none'").isNotEqualTo(ResponseHeaders.CSP));
        assertThat(tasklist.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(tasklist.headers().firstValue("Strict-Transport-Security")).isPresent();

        var login = send("POST", "/camunda/api/admin/auth/user/default/login/tasklist",
                "application/x-www-form-urlencoded", "username=anna&password=" + StaffUsers.PASSWORD,
                Map.of("X-XSRF-TOKEN", csrfToken(tasklist), "Cookie", cookies(tasklist)));
        List<String> sessionCookies = Stream
            .concat(tasklist.headers().allValues("Set-Cookie").stream(),
                    login.headers().allValues("Set-Cookie").stream())
            .filter(c -> c.startsWith("JSESSIONID="))
            .toList();
        assertThat(sessionCookies).isNotEmpty().allSatisfy(c -> assertThat(c).containsIgnoringCase("; Secure"));
    }

    private static String csrfToken(HttpResponse<String> r) {
        return r.headers()
            .allValues("Set-Cookie")
            .stream()
            .filter(c -> c.startsWith("XSRF-TOKEN="))
            .map(c -> c.substring("XSRF-TOKEN=".length()).split(";")[0])
            .findFirst()
            .orElse("");
    }

    private static String cookies(HttpResponse<String> r) {
        return String.join("; ", r.headers().allValues("Set-Cookie").stream().map(c -> c.split(";")[0]).toList());
    }

    @Test
    void forwardedHeadersFromAnUntrustedClientAreIgnored() throws Exception {
        Map<String, String> spoofed = Map.of("X-Forwarded-Host", "evil.example", "X-Forwarded-Proto", "https",
                "X-Forwarded-Port", "443", "Forwarded", "host=evil.example;proto=https");
        // the Camunda webapps redirect their bare application paths; the location must
        // stay ours
        for (String path : List.of("/camunda/app/tasklist", "/camunda/app/cockpit", "/chat/")) {
            var r = get(path, spoofed);
            assertThat(r.headers().allValues("Location")).as(path).noneMatch(l -> l.contains("evil.example"));
            assertThat(r.body()).as(path).doesNotContain("evil.example");
        }
        var redirect = get("/camunda/app/tasklist", spoofed);
        assertThat(redirect.statusCode()).as("a redirect to check").isBetween(300, 399);
    }

    @Test
    void actuatorEndpointsBeyondHealthNeedAnAdministrator() throws Exception {
        assertThat(get("/actuator/metrics", Map.of()).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/metrics/jvm.memory.used", Map.of()).statusCode()).isEqualTo(401);
        var agent = get("/actuator/metrics", basic("anna"));
        assertThat(agent.statusCode()).isEqualTo(403);
        assertThat(agent.headers().firstValue("Content-Type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(get("/actuator/metrics", basic("admin")).statusCode()).isEqualTo(200);
    }

    @Test
    void anonymousHealthIsUpWithoutDetailsAndDoesNotTryTheMailServer() throws Exception {
        // the mail server of this configuration does not answer: a health check that
        // tried it would say DOWN
        var anonymous = get("/actuator/health", Map.of());
        assertThat(anonymous.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(anonymous.body());
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(body.has("components")).isFalse();

        var admin = get("/actuator/health", basic("admin"));
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(json.readTree(admin.body()).path("components").has("db")).isTrue();
        assertThat(get("/actuator/health", basic("anna")).statusCode()).isEqualTo(403);
    }

    @Test
    void theErrorPageAskedForDirectlyIsNotFound() throws Exception {
        var error = get("/error", Map.of());
        assertThat(error.statusCode()).isEqualTo(404);
        assertThat(error.headers().firstValue("Content-Type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(send("POST", "/error", "application/json", "{}", Map.of()).statusCode()).isEqualTo(404);
        // real errors still get their problem detail
        var missing = get("/api/customers/nobody", basic("anna"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("customer-not-found");
    }

    @Test
    void aCrossSiteFormPostWithACachedLoginIsRefused() throws Exception {
        Map<String, String> foreign = new HashMap<>(basic("admin"));
        foreign.put("Origin", "https://evil.example");
        var attack = send("POST", "/api/admin/inbox/redrive", "application/x-www-form-urlencoded", "", foreign);
        assertThat(attack.statusCode()).isEqualTo(403);
        assertThat(attack.headers().firstValue("Content-Type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        // a form post without Origin (older browsers, privacy settings) is refused as
        // well
        assertThat(send("POST", "/api/admin/inbox/redrive", "text/plain", "x", basic("admin")).statusCode())
            .isEqualTo(403);
        assertThat(send("POST", "/api/customers/merge", "application/x-www-form-urlencoded", "from=a&into=b", foreign)
            .statusCode()).isEqualTo(403);
        // even JSON from a foreign origin
        assertThat(send("POST", "/api/admin/inbox/redrive", "application/json", "", foreign).statusCode())
            .isEqualTo(403);

        // the normal calls: JSON from a script or a tool, from our own origin
        var normal = send("POST", "/api/admin/inbox/redrive", "application/json", "", basic("admin"));
        assertThat(normal.statusCode()).isEqualTo(200);
        assertThat(normal.body()).contains("redriven");
        Map<String, String> own = new HashMap<>(basic("admin"));
        own.put("Origin", BehindHttpsProxyTest.PUBLIC_URL);
        assertThat(send("POST", "/api/admin/inbox/redrive", "application/json", "", own).statusCode()).isEqualTo(200);
        Map<String, String> sameHost = new HashMap<>(basic("admin"));
        sameHost.put("Origin", "http://localhost:" + port);
        assertThat(
                send("POST", "/api/admin/inbox/redrive", "application/json; charset=UTF-8", "", sameHost).statusCode())
            .isEqualTo(200);

        // the web chat API (Bearer token) is for the shop's pages, wherever they are
        var chat = send("POST", "/api/webchat/conversations", "application/json",
                "{\"name\":\"Eva\",\"email\":\"eva@example.com\",\"text\":\"Do you ship to Sofia?\"}",
                Map.of("Origin", "https://shop.example"));
        assertThat(chat.statusCode()).isEqualTo(201);
    }

}
