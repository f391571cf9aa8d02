package org.asyncdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.asyncdesk.channel.ChannelFixture;
import org.asyncdesk.security.WebhookSignatures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Sends malformed, oversized (by Content-Length and chunked), wrongly typed, wrongly
 * labelled, empty and NUL-laden requests to every public endpoint over real HTTP. Each
 * must get its specific 4xx as an RFC 9457 problem detail and store nothing. Subclasses
 * run it on H2 and on PostgreSQL (which refuses NUL characters in text).
 */
abstract class BadInputSweep {

    static final int WEBHOOK_LIMIT = 1_048_576;
    static final int API_LIMIT = 65_536;
    static final String JSON = "application/json";
    static final String FORM = "application/x-www-form-urlencoded";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();

    /**
     * Whether the Meta channel has its app secret here; without it every POST is 503
     * (after the media type).
     */
    abstract boolean messengerConfigured();

    record Answer(int status, String contentType, String body) {
    }

    record Case(String name, String method, String path, String contentType, byte[] body, boolean chunked,
            Map<String, String> headers, int expected) {
    }

    Answer send(Case c) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + c.path()))
            .timeout(Duration.ofSeconds(60));
        if (c.contentType() != null) {
            b.header("Content-Type", c.contentType());
        }
        c.headers().forEach(b::header);
        HttpRequest.BodyPublisher body = c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : c.chunked() ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(c.body()))
                        : HttpRequest.BodyPublishers.ofByteArray(c.body());
        b.method(c.method(), body);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    Map<String, Long> stored() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : List.of("inbox", "conversation", "customer", "customer_identity", "delivery_status",
                "email_confirmation")) {
            counts.put(table, jdbc.sql("select count(*) from " + table).query(Long.class).single());
        }
        return counts;
    }

    /**
     * Lets background dispatch of earlier tests settle, so the counts only move when a
     * request stores something.
     */
    void settle() {
    }

    @TestFactory
    Stream<DynamicTest> everyPublicEndpointRefusesBadInputWithItsProblemDetailAndStoresNothing() throws Exception {
        settle();
        String token = openConversation();
        return cases(token).stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Map<String, Long> before = stored();
            Answer a = send(c);
            assertThat(a.status()).as("%s (%s %s): %s", c.name(), c.method(), c.path(), a.body())
                .isEqualTo(c.expected());
            assertThat(a.contentType()).as("%s: content type of %s", c.name(), a.body())
                .startsWith("application/problem+json");
            JsonNode problem = json.readTree(a.body());
            assertThat(problem.path("status").asInt()).isEqualTo(c.expected());
            assertThat(problem.path("title").asText()).isNotBlank();
            // one error path: our API's bodies are never answered as webhooks, nor the
            // reverse
            String type = problem.path("type").asText();
            if (c.path().startsWith("/api/")) {
                assertThat(problem.path("title").asText()).as("%s: %s", c.name(), a.body()).doesNotContain("webhook");
                assertThat(type).as("%s: %s", c.name(), a.body()).doesNotEndWith("/malformed-json");
            }
            else if (c.path().startsWith("/webhooks/")) {
                assertThat(type).as("%s: %s", c.name(), a.body()).doesNotEndWith("/malformed-body");
            }
            assertThat(stored()).as("%s: nothing stored", c.name()).isEqualTo(before);
        }));
    }

    private String conversationId;

    /**
     * One real conversation, so follow-up messages can be refused for what they carry,
     * not for a missing token.
     */
    private String openConversation() throws Exception {
        Answer a = send(new Case("open", "POST", "/api/webchat/conversations", JSON,
                bytes("{\"name\":\"Sweep\",\"email\":\"sweep@example.com\",\"text\":\"Where is my parcel?\"}"), false,
                Map.of(), 201));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        JsonNode opened = json.readTree(a.body());
        conversationId = opened.path("conversationId").asText();
        return opened.path("token").asText();
    }

    List<Case> cases(String token) {
        List<Case> cases = new ArrayList<>();
        metaWebhook(cases, "/webhooks/whatsapp", ChannelFixture.WA_SECRET, "whatsapp_business_account", true);
        metaWebhook(cases, "/webhooks/messenger", ChannelFixture.FB_SECRET, "page", messengerConfigured());
        sms(cases);
        webchat(cases, token);
        customers(cases);
        sandbox(cases);
        admin(cases);
        cases.add(new Case("GET /error directly", "GET", "/error", null, null, false, Map.of(), 404));
        cases.add(new Case("unknown API path", "GET", "/api/nothing-here", null, null, false, Map.of(), 404));
        return cases;
    }

    private void metaWebhook(List<Case> cases, String path, String secret, String object, boolean configured) {
        String channel = path.substring("/webhooks/".length());
        String message = "whatsapp_business_account".equals(object) ? "{\"object\":\"" + object
                + "\",\"entry\":[{\"id\":\"1\",\"changes\":[{\"field\":\"messages\",\"value\":{"
                + "\"messaging_product\":\"whatsapp\",\"messages\":[{\"from\":%s,\"id\":%s,\"timestamp\":\"1700000000\","
                + "\"type\":\"text\",\"text\":{\"body\":%s}}]}}]}]}"
                : "{\"object\":\"" + object + "\",\"entry\":[{\"id\":\"1\",\"time\":1700000000000,\"messaging\":[{"
                        + "\"sender\":{\"id\":%s},\"recipient\":{\"id\":\"page\"},\"timestamp\":1700000000000,"
                        + "\"message\":{\"mid\":%s,\"text\":%s}}]}]}";
        int unlessUnconfigured = configured ? 0 : 503;
        signedJson(cases, channel + ": malformed JSON", path, secret, "{\"object\":", or(unlessUnconfigured, 400));
        signedJson(cases, channel + ": empty body", path, secret, "", or(unlessUnconfigured, 400));
        signedJson(cases, channel + ": array instead of object", path, secret, "[]", or(unlessUnconfigured, 400));
        signedJson(cases, channel + ": entry is an object", path, secret,
                "{\"object\":\"" + object + "\",\"entry\":{}}", or(unlessUnconfigured, 400));
        signedJson(cases, channel + ": numbers where strings belong", path, secret,
                message.formatted("4915112345678", "42", "7"), or(unlessUnconfigured, 422));
        signedJson(cases, channel + ": NUL in the text", path, secret,
                message.formatted("\"4915112345679\"", "\"nul-" + channel + "\"", "\"a\\u0000b\""),
                or(unlessUnconfigured, 400));
        signedJson(cases, channel + ": NUL in the sender", path, secret,
                message.formatted("\"49151\\u00001\"", "\"nul-sender-" + channel + "\"", "\"hello\""),
                or(unlessUnconfigured, 400));
        // signed, so from the provider, yet not sane: refused entry by entry (422 when it
        // is the only one)
        String farFuture = "whatsapp_business_account".equals(object)
                ? message.replace("\"timestamp\":\"1700000000\"", "\"timestamp\":\"100000000000000000\"")
                : message.replace("\"timestamp\":1700000000000,", "\"timestamp\":100000000000000000000,");
        signedJson(cases, channel + ": timestamp 1e17", path, secret,
                farFuture.formatted("\"4915112345660\"", "\"future-" + channel + "\"", "\"hello\""),
                or(unlessUnconfigured, 422));
        signedJson(cases, channel + ": text longer than the limit", path, secret,
                message.formatted("\"4915112345661\"", "\"long-" + channel + "\"", "\"" + "x".repeat(30_000) + "\""),
                or(unlessUnconfigured, 422));
        signedJson(cases, channel + ": more entries than one request may carry", path, secret,
                manyEntries(message, 1001), or(unlessUnconfigured, 413));
        byte[] valid = bytes(message.formatted("\"4915112345670\"", "\"never-" + channel + "\"", "\"hi\""));
        cases.add(new Case(channel + ": wrong Content-Type", "POST", path, "text/plain", valid, false,
                metaSignature(secret, valid), 415));
        cases.add(new Case(channel + ": no signature", "POST", path, JSON, valid, false, Map.of(),
                or(unlessUnconfigured, 401)));
        cases.add(new Case(channel + ": wrong signature", "POST", path, JSON, valid, false,
                Map.of("X-Hub-Signature-256", "sha256=00"), or(unlessUnconfigured, 403)));
        byte[] big = bytes(message.formatted("\"4915112345671\"", "\"big-" + channel + "\"",
                "\"" + "x".repeat(WEBHOOK_LIMIT) + "\""));
        cases.add(new Case(channel + ": oversized (Content-Length)", "POST", path, JSON, big, false,
                metaSignature(secret, big), 413));
        cases.add(new Case(channel + ": oversized (chunked)", "POST", path, JSON, big, true, metaSignature(secret, big),
                or(unlessUnconfigured, 413)));
        cases.add(new Case(channel + ": subscription check without mode", "GET", path + "?hub.challenge=1", null, null,
                false, Map.of(), or(unlessUnconfigured, 400)));
        cases.add(new Case(channel + ": subscription check with wrong token", "GET",
                path + "?hub.mode=subscribe&hub.challenge=1&hub.verify_token=nope", null, null, false, Map.of(),
                or(unlessUnconfigured, 403)));
        cases.add(new Case(channel + ": PUT", "PUT", path, JSON, valid, false, Map.of(), 405));
    }

    /**
     * One notification whose single entry holds {@code n} messages (the template's
     * message repeated).
     */
    private static String manyEntries(String template, int n) {
        boolean whatsapp = template.contains("\"messages\":[");
        String open = whatsapp ? "\"messages\":[" : "\"messaging\":[";
        int start = template.indexOf(open) + open.length();
        int end = template.lastIndexOf(whatsapp ? "]}}]}]}" : "]}]}");
        String one = template.substring(start, end);
        List<String> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(one.formatted("\"49151" + i + "\"", "\"many-" + i + "\"", "\"hi\""));
        }
        return template.substring(0, start) + String.join(",", all) + template.substring(end);
    }

    private static int or(int override, int status) {
        return override == 0 ? status : override;
    }

    private void sms(List<Case> cases) {
        String path = "/webhooks/sms";
        Map<String, String> ok = Map.of("MessageSid", "SMsweep1", "From", "+4915112345672", "Body", "hi", "NumMedia",
                "0");
        cases.add(twilio("sms: empty body", "", Map.of(), false, 400));
        cases.add(twilio("sms: malformed escape", "MessageSid=SM1&Body=%ZZ", null, false, 400));
        cases.add(twilio("sms: NumMedia not a number", null, with(ok, "NumMedia", "many"), false, 400));
        cases.add(twilio("sms: NUL in the text", null, with(ok, "Body", "a\u0000b"), false, 400));
        cases.add(twilio("sms: NUL in the sender", null, with(ok, "From", "+49\u00001"), false, 400));
        cases.add(twilio("sms: text longer than the limit", null, with(ok, "Body", "x".repeat(30_000)), false, 422));
        cases.add(twilio("sms: oversized (Content-Length)", null, with(ok, "Body", "x".repeat(WEBHOOK_LIMIT)), false,
                413));
        cases.add(twilio("sms: oversized (chunked)", null, with(ok, "Body", "x".repeat(WEBHOOK_LIMIT)), true, 413));
        byte[] form = bytes(ChannelFixture.form(ok));
        cases.add(new Case("sms: JSON instead of a form", "POST", path, JSON, bytes("{\"MessageSid\":\"SM1\"}"), false,
                Map.of("X-Twilio-Signature", "x"), 415));
        cases.add(new Case("sms: no signature", "POST", path, FORM, form, false, Map.of(), 401));
        cases.add(new Case("sms: wrong signature", "POST", path, FORM, form, false,
                Map.of("X-Twilio-Signature", "AAAA"), 403));
        cases.add(new Case("sms: GET", "GET", path, null, null, false, Map.of(), 405));
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }

    /**
     * A form signed as Twilio signs it; {@code raw} is sent as it is (signed over no
     * parameters).
     */
    private Case twilio(String name, String raw, Map<String, String> params, boolean chunked, int expected) {
        Map<String, String[]> sorted = new TreeMap<>();
        if (params != null) {
            params.forEach((k, v) -> sorted.put(k, new String[] { v }));
        }
        String signature = WebhookSignatures.twilioSignature(ChannelFixture.TWILIO_TOKEN,
                ChannelFixture.PUBLIC_URL + "/webhooks/sms", sorted);
        byte[] body = bytes(raw != null ? raw : ChannelFixture.form(params));
        return new Case(name, "POST", "/webhooks/sms", FORM, body, chunked, Map.of("X-Twilio-Signature", signature),
                expected);
    }

    private void webchat(List<Case> cases, String token) {
        String open = "/api/webchat/conversations";
        String messages = open + "/" + conversationId + "/messages";
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        String valid = "{\"name\":\"Ann\",\"email\":\"ann@example.com\",\"text\":\"Hello\"}";
        json(cases, "webchat open: malformed JSON", open, "{\"name\":", Map.of(), 400);
        json(cases, "webchat open: empty body", open, "", Map.of(), 400);
        json(cases, "webchat open: JSON null", open, "null", Map.of(), 400);
        json(cases, "webchat open: array instead of object", open, "[" + valid + "]", Map.of(), 400);
        json(cases, "webchat open: number as name", open,
                "{\"name\":5,\"email\":\"ann@example.com\",\"text\":\"Hello\"}", Map.of(), 400);
        json(cases, "webchat open: object as text", open,
                "{\"name\":\"Ann\",\"email\":\"ann@example.com\",\"text\":{\"a\":1}}", Map.of(), 400);
        json(cases, "webchat open: boolean as e-mail", open, "{\"name\":\"Ann\",\"email\":true,\"text\":\"Hello\"}",
                Map.of(), 400);
        json(cases, "webchat open: NUL in the name", open,
                "{\"name\":\"A\\u0000nn\",\"email\":\"ann@example.com\",\"text\":\"Hello\"}", Map.of(), 400);
        json(cases, "webchat open: NUL in the text", open,
                "{\"name\":\"Ann\",\"email\":\"ann@example.com\",\"text\":\"Hel\\u0000lo\"}", Map.of(), 400);
        json(cases, "webchat open: NUL in the e-mail", open,
                "{\"name\":\"Ann\",\"email\":\"a\\u0000nn@example.com\",\"text\":\"Hello\"}", Map.of(), 400);
        cases.add(new Case("webchat open: text/plain", "POST", open, "text/plain", bytes(valid), false, Map.of(), 415));
        cases.add(new Case("webchat open: no Content-Type", "POST", open, null, bytes(valid), false, Map.of(), 415));
        String big = "{\"name\":\"Ann\",\"email\":\"ann@example.com\",\"text\":\"" + "x".repeat(API_LIMIT) + "\"}";
        cases.add(new Case("webchat open: oversized (Content-Length)", "POST", open, JSON, bytes(big), false, Map.of(),
                413));
        cases.add(new Case("webchat open: oversized (chunked)", "POST", open, JSON, bytes(big), true, Map.of(), 413));
        cases.add(new Case("webchat open: DELETE", "DELETE", open, null, null, false, Map.of(), 405));

        json(cases, "webchat write: no token", messages, "{\"text\":\"hi\"}", Map.of(), 401);
        json(cases, "webchat write: wrong token", messages, "{\"text\":\"hi\"}",
                Map.of("Authorization", "Bearer wrong"), 404);
        json(cases, "webchat write: malformed JSON", messages, "{\"text\"", bearer, 400);
        json(cases, "webchat write: empty body", messages, "", bearer, 400);
        json(cases, "webchat write: array", messages, "[\"hi\"]", bearer, 400);
        json(cases, "webchat write: number as text", messages, "{\"text\":12}", bearer, 400);
        json(cases, "webchat write: NUL in the text", messages, "{\"text\":\"h\\u0000i\"}", bearer, 400);
        json(cases, "webchat write: blank text", messages, "{\"text\":\"  \"}", bearer, 400);
        cases.add(
                new Case("webchat write: text/plain", "POST", messages, "text/plain", bytes("hi"), false, bearer, 415));
        String bigText = "{\"text\":\"" + "x".repeat(API_LIMIT) + "\"}";
        cases.add(new Case("webchat write: oversized (Content-Length)", "POST", messages, JSON, bytes(bigText), false,
                bearer, 413));
        cases.add(new Case("webchat write: oversized (chunked)", "POST", messages, JSON, bytes(bigText), true, bearer,
                413));
        cases.add(new Case("webchat read: no token", "GET", messages, null, null, false, Map.of(), 401));
        cases.add(new Case("webchat read: wrong token", "GET", messages, null, null, false,
                Map.of("Authorization", "Bearer wrong"), 404));
        cases.add(new Case("webchat read: unknown conversation", "GET", open + "/nope/messages", null, null, false,
                bearer, 404));
    }

    private void customers(List<Case> cases) {
        String merge = "/api/customers/merge";
        Map<String, String> anna = ChannelFixture.basic("anna", "demo");
        json(cases, "merge: no login", merge, "{\"from\":\"a\",\"into\":\"b\"}", Map.of(), 401);
        json(cases, "merge: unknown user", merge, "{\"from\":\"a\",\"into\":\"b\"}",
                ChannelFixture.basic("nobody-here", "x"), 401);
        json(cases, "merge: not Base64", merge, "{\"from\":\"a\",\"into\":\"b\"}", Map.of("Authorization", "Basic %%%"),
                401);
        json(cases, "merge: malformed JSON", merge, "{\"from\"", anna, 400);
        json(cases, "merge: empty body", merge, "", anna, 400);
        json(cases, "merge: array", merge, "[\"a\",\"b\"]", anna, 400);
        json(cases, "merge: numbers as ids", merge, "{\"from\":1,\"into\":2}", anna, 400);
        json(cases, "merge: NUL in an id", merge, "{\"from\":\"a\\u0000\",\"into\":\"b\"}", anna, 400);
        json(cases, "merge: unknown customers", merge, "{\"from\":\"no-such-1\",\"into\":\"no-such-2\"}", anna, 404);
        // a form-like post with Basic credentials is what a cross-site page can send:
        // refused before anything else
        cases.add(new Case("merge: text/plain", "POST", merge, "text/plain", bytes("a,b"), false, anna, 403));
        cases.add(new Case("merge: text/plain, same-site", "POST", merge, "text/plain", bytes("a,b"), false,
                sameSite(anna), 415));
        String big = "{\"from\":\"" + "x".repeat(API_LIMIT) + "\",\"into\":\"b\"}";
        cases.add(new Case("merge: oversized (Content-Length)", "POST", merge, JSON, bytes(big), false, anna, 413));
        cases.add(new Case("merge: oversized (chunked)", "POST", merge, JSON, bytes(big), true, anna, 413));
        cases.add(new Case("customer: unknown id", "GET", "/api/customers/no-such-customer", null, null, false, anna,
                404));
        cases.add(new Case("merge: PUT", "PUT", merge, JSON, bytes("{}"), false, anna, 405));
    }

    private void sandbox(List<Case> cases) {
        String inbound = "/api/sandbox/inbound";
        Map<String, String> anna = ChannelFixture.basic("anna", "demo");
        cases.add(new Case("sandbox: no login", "GET", "/api/sandbox", null, null, false, Map.of(), 401));
        json(cases, "sandbox: malformed JSON", inbound, "{\"channel\":", anna, 400);
        json(cases, "sandbox: empty body", inbound, "", anna, 400);
        json(cases, "sandbox: array", inbound, "[]", anna, 400);
        json(cases, "sandbox: number as text", inbound, "{\"channel\":\"sms\",\"from\":\"+4915112345673\",\"text\":5}",
                anna, 400);
        json(cases, "sandbox: unknown channel", inbound,
                "{\"channel\":\"pigeon\",\"from\":\"+4915112345673\",\"text\":\"hi\"}", anna, 400);
        json(cases, "sandbox: NUL in the text", inbound,
                "{\"channel\":\"sms\",\"from\":\"+4915112345673\",\"text\":\"h\\u0000i\"}", anna, 400);
        json(cases, "sandbox: NUL in the name", inbound,
                "{\"channel\":\"sms\",\"from\":\"+4915112345673\",\"name\":\"A\\u0000\",\"text\":\"hi\"}", anna, 400);
        json(cases, "sandbox: NUL in the sender", inbound,
                "{\"channel\":\"sms\",\"from\":\"+49\\u00001\",\"text\":\"hi\"}", anna, 400);
        cases.add(new Case("sandbox: text/plain", "POST", inbound, "text/plain", bytes("hi"), false, anna, 403));
        cases.add(new Case("sandbox: text/plain, same-site", "POST", inbound, "text/plain", bytes("hi"), false,
                sameSite(anna), 415));
        String big = "{\"channel\":\"sms\",\"from\":\"+4915112345673\",\"text\":\"" + "x".repeat(API_LIMIT) + "\"}";
        cases.add(new Case("sandbox: oversized (Content-Length)", "POST", inbound, JSON, bytes(big), false, anna, 413));
        cases.add(new Case("sandbox: oversized (chunked)", "POST", inbound, JSON, bytes(big), true, anna, 413));
    }

    private void admin(List<Case> cases) {
        Map<String, String> admin = sameSite(ChannelFixture.basic("admin", "demo"));
        cases.add(new Case("inbox: no login", "GET", "/api/admin/inbox", null, null, false, Map.of(), 401));
        cases.add(new Case("inbox: an agent", "GET", "/api/admin/inbox", null, null, false,
                ChannelFixture.basic("anna", "demo"), 403));
        cases.add(new Case("inbox: unknown status", "GET", "/api/admin/inbox?status=LOST", null, null, false, admin,
                400));
        cases.add(new Case("inbox: limit not a number", "GET", "/api/admin/inbox?limit=lots", null, null, false, admin,
                400));
        cases.add(new Case("inbox: limit too large", "GET", "/api/admin/inbox?limit=99999999999", null, null, false,
                admin, 400));
        cases.add(new Case("inbox: limit zero", "GET", "/api/admin/inbox?limit=0", null, null, false, admin, 400));
        cases.add(new Case("inbox: id not a number", "POST", "/api/admin/inbox/abc/redrive", null, null, false, admin,
                400));
        cases.add(new Case("inbox: unknown id", "POST", "/api/admin/inbox/987654321/redrive", null, null, false, admin,
                404));
        cases.add(new Case("inbox: oversized (Content-Length)", "POST", "/api/admin/inbox/redrive", JSON,
                bytes("[" + "1,".repeat(API_LIMIT) + "1]"), false, admin, 413));
        cases.add(new Case("inbox: DELETE", "DELETE", "/api/admin/inbox", null, null, false, admin, 405));
    }

    /**
     * The header a page of our own sends with a state-changing call (the cross-site rule
     * asks for it or JSON).
     */
    private static Map<String, String> sameSite(Map<String, String> headers) {
        Map<String, String> h = new HashMap<>(headers);
        h.put("X-Requested-With", "XMLHttpRequest");
        return h;
    }

    private void json(List<Case> cases, String name, String path, String body, Map<String, String> headers,
            int expected) {
        cases.add(new Case(name, "POST", path, JSON, bytes(body), false, headers, expected));
    }

    private void signedJson(List<Case> cases, String name, String path, String secret, String body, int expected) {
        byte[] b = bytes(body);
        cases.add(new Case(name, "POST", path, JSON, b, false, metaSignature(secret, b), expected));
    }

    private static Map<String, String> metaSignature(String secret, byte[] body) {
        return Map.of("X-Hub-Signature-256", WebhookSignatures.metaSignature(secret, body));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

}
