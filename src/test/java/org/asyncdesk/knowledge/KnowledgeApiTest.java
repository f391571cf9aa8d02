package org.asyncdesk.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

import org.asyncdesk.support.BehindHttpsProxyTest;
import org.asyncdesk.support.StaffUsers;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The running application's knowledge base: {@code GET /api/knowledge/match} for agents
 * and process owners, and the folder {@code knowledge/} watched like {@code bpmn/}: a
 * saved article goes live within seconds, a broken save is rejected with a log line and
 * the previous version keeps serving. The application runs on a copy of the shipped
 * folders, so the test can write into it.
 */
@BehindHttpsProxyTest
@ExtendWith(OutputCaptureExtension.class)
class KnowledgeApiTest {

    static final Path FOLDER = copyOfTheShippedFolders();

    @DynamicPropertySource
    static void folder(DynamicPropertyRegistry registry) {
        registry.add("asyncdesk.deployment.path", FOLDER::toString);
        registry.add("asyncdesk.deployment.watch", () -> "true");
        registry.add("asyncdesk.deployment.watch-interval", () -> "200ms");
    }

    @LocalServerPort
    int port;

    @Autowired
    ObjectMapper json;

    @Autowired
    IdentityService identity;

    @Autowired
    KnowledgeBase knowledgeBase;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void users() {
        user("olga", "process-owners");
        user("nogroup", null);
    }

    private void user(String id, String group) {
        if (identity.createUserQuery().userId(id).count() == 0) {
            var u = identity.newUser(id);
            u.setPassword(StaffUsers.PASSWORD);
            identity.saveUser(u);
            if (group != null) {
                identity.createMembership(id, group);
            }
        }
    }

    private HttpResponse<String> get(String path, String user) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + StaffUsers.PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String match(String text, String language) {
        return "/api/knowledge/match?text=" + URLEncoder.encode(text, StandardCharsets.UTF_8) + "&language=" + language;
    }

    @Test
    void agentsAndProcessOwnersMatchQuestions() throws Exception {
        for (String user : new String[] { "anna", "greta", "olga" }) {
            var r = get(match("Wann kommt mein Paket?", "de"), user);
            assertThat(r.statusCode()).as(user).isEqualTo(200);
            JsonNode body = json.readTree(r.body());
            assertThat(body.get("autoAnswer").asText()).isEqualTo("delivery");
            JsonNode best = body.get("matches").get(0);
            assertThat(best.get("id").asText()).isEqualTo("delivery");
            assertThat(best.get("language").asText()).isEqualTo("de");
            assertThat(best.get("title").asText()).isNotBlank();
            assertThat(best.get("score").asDouble()).isBetween(0.6, 1.0);
        }
        JsonNode fallback = json.readTree(get(match("Where is my parcel?", "fr"), "anna").body());
        assertThat(fallback.get("matches").get(0).get("language").asText()).isEqualTo("en");
        JsonNode none = json.readTree(get(match("zzzz qqqq", "en"), "anna").body());
        assertThat(none.get("matches")).isEmpty();
        assertThat(none.get("autoAnswer").isNull()).isTrue();
        assertThat(get("/api/knowledge/articles", "olga").statusCode()).isEqualTo(200);
    }

    @Test
    void anonymousIsAskedToLogInAndOtherUsersAreRefused() throws Exception {
        for (String path : new String[] { match("Where is my parcel?", "en"), "/api/knowledge/articles",
                "/knowledge" }) {
            var anonymous = get(path, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
            assertThat(get(path, "nogroup").statusCode()).as(path).isEqualTo(403);
        }
        assertThat(get("/knowledge", "anna").statusCode()).isEqualTo(200);
        assertThat(get("/knowledge/knowledge.js", "anna").statusCode()).isEqualTo(200);
    }

    @Test
    void aMissingOrBlankQuestionIsABadRequest() throws Exception {
        for (String path : new String[] { "/api/knowledge/match", "/api/knowledge/match?text=&language=de",
                "/api/knowledge/match?text=%20%20", "/api/knowledge/match?text=" + "a".repeat(4001) }) {
            var r = get(path, "anna");
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
            assertThat(json.readTree(r.body()).get("detail").asText()).contains("'text'");
        }
    }

    @Test
    void aSavedArticleGoesLiveAndABrokenSaveKeepsThePreviousVersion(CapturedOutput log) throws Exception {
        Path file = FOLDER.resolve("knowledge/gift-wrap.en.md");
        Files.writeString(file, """
                ---
                title: Gift wrapping
                questions:
                  - Can you wrap my order as a present?
                  - Do you offer gift wrapping?
                ---
                Hello {{firstName}}, we wrap every order as a gift for €3.
                """);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode body = json.readTree(get(match("do you offer gift wraping", "en"), "anna").body());
            assertThat(body.get("autoAnswer").asText()).isEqualTo("gift-wrap");
        });

        Files.writeString(file, "---\ntitle: [Gift wrapping\n---\nsecret customer note\n");
        await().atMost(Duration.ofSeconds(10))
            .until(() -> log.getOut().contains("rejected knowledge article gift-wrap.en.md"));
        assertThat(log.getOut()).contains("invalid YAML in the front matter at line 3")
            .contains("The previous version keeps serving")
            .doesNotContain("secret customer note");
        assertThat(knowledgeBase.article("gift-wrap", "en").orElseThrow().body()).contains("€3");
        assertThat(json.readTree(get(match("Do you offer gift wrapping?", "en"), "anna").body())
            .get("autoAnswer")
            .asText()).isEqualTo("gift-wrap");

        Files.writeString(file,
                "---\ntitle: Gift wrapping\nquestions:\n  - Do you offer gift wrapping?\n---\nNow for €4.\n");
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(knowledgeBase.article("gift-wrap", "en").orElseThrow().body())
                .isEqualTo("Now for €4."));

        Files.delete(file);
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(knowledgeBase.article("gift-wrap", "en")).isEmpty());
    }

    private static Path copyOfTheShippedFolders() {
        try {
            Path root = Files.createTempDirectory("asyncdesk-knowledge-");
            for (String dir : new String[] { "bpmn", "forms", "knowledge" }) {
                Files.createDirectories(root.resolve(dir));
                try (Stream<Path> files = Files.list(Path.of(dir))) {
                    for (Path f : files.toList()) {
                        Files.copy(f, root.resolve(dir).resolve(f.getFileName()));
                    }
                }
            }
            return root;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
