package org.asyncdesk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Logged in to Tasklist as the browser is, over HTTP: the session cookie and Camunda's
 * CSRF token, for requests to the webapp's own API ({@code /camunda/api/...}) as Tasklist
 * sends them. {@link Tasklist} drives the real page.
 */
public final class TasklistSession {

    private final String base;

    private final CookieManager cookies = new CookieManager();

    private final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();

    public TasklistSession(String base, String user, String password) throws Exception {
        this.base = base;
        client.send(HttpRequest.newBuilder(URI.create(base + "/camunda/app/tasklist/default/")).build(),
                HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> login = client
            .send(HttpRequest.newBuilder(URI.create(base + "/camunda/api/admin/auth/user/default/login/tasklist"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-XSRF-TOKEN", csrf())
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as("Tasklist login: " + login.body()).isEqualTo(200);
        // the login starts a new session with a new CSRF token, which the next read hands
        // out (as in the browser)
        client.send(HttpRequest.newBuilder(URI.create(base + "/camunda/api/admin/auth/user/default")).build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /**
     * A JSON POST with the session and its CSRF token, accepting HAL as Tasklist does.
     */
    public HttpResponse<String> postJson(String path, String json) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path))
            .header("Accept", "application/hal+json, application/json; q=0.5")
            .header("Content-Type", "application/json")
            .header("X-XSRF-TOKEN", csrf())
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(), HttpResponse.BodyHandlers.ofString());
    }

    private String csrf() {
        return cookies.getCookieStore()
            .getCookies()
            .stream()
            .filter(c -> c.getName().equals("XSRF-TOKEN"))
            .map(HttpCookie::getValue)
            .reduce((a, b) -> b)
            .orElse("");
    }

}
