package org.asyncdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Boots the application exactly as {@code ./mvnw spring-boot:run} does (default
 * configuration plus the {@code demo} profile the Maven plugin activates: H2 file
 * database, demo users, job executor and inbox running), only with the database in a
 * temporary folder and a random port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("demo")
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDefaultTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void dataFolder(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url",
                () -> "jdbc:h2:file:" + data.resolve("asyncdesk") + ";DB_CLOSE_ON_EXIT=FALSE");
    }

    @LocalServerPort
    int port;

    @Autowired
    RepositoryService repository;

    @Autowired
    IdentityService identity;

    @Autowired
    FilterService filters;

    @Autowired
    TaskService tasks;

    private final CookieManager cookies = new CookieManager();

    private final HttpClient http = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL)
        .cookieHandler(cookies)
        .build();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void startsWithEverythingAUserNeeds(CapturedOutput output) throws Exception {
        // the start-up log says where to go and who to log in as
        assertThat(output.getOut()).contains("Asyncdesk is ready.")
            .contains("Camunda Tasklist:")
            .contains("/camunda/app/tasklist/")
            .contains("demo users:");
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("conversation").count()).isEqualTo(1);
        assertThat(identity.checkPassword("anna", "demo")).isTrue();
        assertThat(identity.createUserQuery().memberOfGroup("agents").list()).extracting("id").contains("anna", "ben");
        assertThat(filters.createFilterQuery().filterName("My team – by SLA due").count()).isEqualTo(1);

        HttpResponse<String> chat = get("/chat");
        assertThat(chat.statusCode()).isEqualTo(200);
        assertThat(chat.body()).contains("Write to us");
        assertThat(get("/camunda/app/tasklist/").statusCode()).isEqualTo(200);

        // Tasklist login works for a demo agent (the webapp's CSRF token comes from the
        // page's cookie)
        String csrf = cookies.getCookieStore()
            .getCookies()
            .stream()
            .filter(c -> c.getName().equals("XSRF-TOKEN"))
            .findFirst()
            .orElseThrow()
            .getValue();
        HttpResponse<String> login = http.send(HttpRequest
            .newBuilder(URI.create("http://localhost:" + port + "/camunda/api/admin/auth/user/default/login/tasklist"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-XSRF-TOKEN", csrf)
            .POST(HttpRequest.BodyPublishers.ofString("username=anna&password=demo"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("\"userId\":\"anna\"");

        // a chat message reaches Tasklist through the running inbox dispatcher
        HttpResponse<String> opened = http
            .send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/webchat/conversations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers
                    .ofString("{\"name\":\"Eva\",\"email\":\"eva@example.com\",\"text\":\"Do you ship to Sofia?\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(opened.statusCode()).isEqualTo(201);
        String id = opened.body().replaceAll(".*\"conversationId\":\"([^\"]+)\".*", "$1");
        await().atMost(Duration.ofSeconds(20))
            .until(() -> tasks.createTaskQuery()
                .processInstanceBusinessKey(id)
                .taskCandidateGroup("agents")
                .count() == 1);
    }

}
