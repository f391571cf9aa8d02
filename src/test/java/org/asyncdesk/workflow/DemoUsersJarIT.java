package org.asyncdesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.asyncdesk.support.PackagedJar;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, High 3, against the packaged jar on PostgreSQL: the jar's own configuration
 * has no demo users, a start that would leave Camunda's anonymous setup page open is
 * refused, demo users are refused on a public address, and switching demo off removes the
 * demo users that still have the demo password while a real user of a demo name stays.
 */
class DemoUsersJarIT {

    private static final String ADMIN_PASSWORD = "first-admin-Secret-42";

    private static final String LOOPBACK = "--asyncdesk.public-url=http://localhost:8080";

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    @Test
    void demoUsersOnAPublicAddressRefuseToStart() throws Exception {
        String db = PackagedJar.freshDatabase("jar_public");
        try (var jar = PackagedJar.start("demo-public-url", db,
                List.of("--spring.profiles.active=demo", "--asyncdesk.public-url=https://desk.example.com"),
                Map.of())) {
            assertThat(jar.awaitExit()).as("exit code").isNotZero();
            assertThat(jar.output()).contains("APPLICATION FAILED TO START")
                .contains("asyncdesk.public-url (https://desk.example.com) is not a loopback address")
                .doesNotContain("Tomcat started on port");
            assertThat(users(db)).doesNotContain("admin", "anna");
        }
        finally {
            PackagedJar.dropDatabase(db);
        }
    }

    @Test
    void withoutDemoAndWithoutAdministratorTheStartIsRefusedAndAFirstAdministratorClosesTheSetupPage()
            throws Exception {
        String db = PackagedJar.freshDatabase("jar_noadmin");
        try {
            // the jar's defaults: no demo users, no administrator -> Camunda's setup page
            // would be anyone's
            try (var jar = PackagedJar.start("no-admin", db, List.of(), Map.of())) {
                assertThat(jar.awaitExit()).as("exit code").isNotZero();
                assertThat(jar.output()).contains("APPLICATION FAILED TO START")
                    .contains("Group camunda-admin has no member and no first administrator is configured")
                    .contains("CAMUNDA_BPM_ADMINUSER_ID")
                    .doesNotContain("Tomcat started on port");
            }
            assertThat(users(db)).isEmpty();

            // as docker-compose.yml starts it: a first administrator from the environment
            try (var jar = PackagedJar
                .start("first-admin", db, List.of(),
                        Map.of("CAMUNDA_BPM_ADMINUSER_ID", "admin", "CAMUNDA_BPM_ADMINUSER_PASSWORD", ADMIN_PASSWORD))
                .awaitReady()) {
                assertThat(users(db)).containsExactly("admin");
                assertThat(jar.output()).doesNotContain("demo users:");
                assertThat(profile(jar, "admin", ADMIN_PASSWORD)).isEqualTo(200);
                assertThat(profile(jar, "anna", "demo")).isEqualTo(401);
                setupPageIsClosed(jar);
            }
        }
        finally {
            PackagedJar.dropDatabase(db);
        }
    }

    @Test
    void switchingDemoOffDeletesTheDemoUsersThatStillHaveTheDemoPassword() throws Exception {
        String db = PackagedJar.freshDatabase("jar_switch");
        try {
            try (var jar = PackagedJar
                .start("demo-on", db, List.of("--spring.profiles.active=demo", LOOPBACK), Map.of())
                .awaitReady()) {
                assertThat(jar.output()).contains("demo users:");
                assertThat(users(db)).contains("admin", "anna", "ben", "greta", "maria", "otto", "tom");
                assertThat(profile(jar, "anna", "demo")).isEqualTo(200);
                assertThat(count(db, "select count(*) from act_ru_authorization where user_id_ = 'anna'"))
                    .as("Camunda's grants to anna on herself")
                    .isPositive();
                // ben becomes a real agent: an administrator gives him his own password
                var changed = send(jar, "PUT", "/engine-rest/user/ben/credentials", "admin", "demo",
                        "{\"password\":\"bens-own-Password-9\",\"authenticatedUserPassword\":\"demo\"}");
                assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
            }

            try (var jar = PackagedJar
                .start("demo-off", db, List.of(LOOPBACK),
                        Map.of("CAMUNDA_BPM_ADMINUSER_ID", "admin", "CAMUNDA_BPM_ADMINUSER_PASSWORD", ADMIN_PASSWORD))
                .awaitReady()) {
                // the demo users with the demo password are gone; admin is the configured
                // first administrator now
                assertThat(users(db)).containsExactlyInAnyOrder("admin", "ben");
                assertThat(memberships(db, "camunda-admin")).containsExactly("admin");
                assertThat(count(db, "select count(*) from act_ru_authorization where user_id_ in "
                        + "('anna', 'greta', 'maria', 'otto', 'tom')"))
                    .isZero();
                assertThat(profile(jar, "admin", ADMIN_PASSWORD)).isEqualTo(200);
                for (String demoUser : List.of("anna", "greta", "tom", "maria", "otto", "admin")) {
                    assertThat(profile(jar, demoUser, "demo")).as(demoUser + " with the demo password").isEqualTo(401);
                }
                // the real ben keeps his account, his teams and a working login (the
                // check left no lock behind)
                assertThat(profile(jar, "ben", "bens-own-Password-9")).isEqualTo(200);
                assertThat(memberships(db, "agents-de")).containsExactly("ben");
                assertThat(jar.output()).contains("deleted the demo users that still had the demo password");
                setupPageIsClosed(jar);
            }
        }
        finally {
            PackagedJar.dropDatabase(db);
        }
    }

    /**
     * The attack: Camunda's anonymous "create initial user" call, as its setup page makes
     * it.
     */
    private void setupPageIsClosed(PackagedJar jar) throws Exception {
        var page = http.send(HttpRequest.newBuilder(URI.create(jar.url("/camunda/app/admin/default/"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().allValues("Location")).noneMatch(l -> l.contains("setup"));
        String csrf = ((CookieManager) http.cookieHandler().orElseThrow()).getCookieStore()
            .getCookies()
            .stream()
            .filter(c -> c.getName().equals("XSRF-TOKEN"))
            .findFirst()
            .orElseThrow()
            .getValue();
        var create = http.send(HttpRequest
            .newBuilder(URI.create(jar.url("/camunda/api/admin/setup/default/user/create")))
            .header("Content-Type", "application/json")
            .header("X-XSRF-TOKEN", csrf)
            .POST(HttpRequest.BodyPublishers.ofString("{\"profile\":{\"id\":\"mallory\",\"firstName\":\"M\","
                    + "\"lastName\":\"M\",\"email\":\"m@evil.example\"},\"credentials\":{\"password\":\"x-Passw0rd\"}}"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(create.statusCode()).as(create.body()).isEqualTo(403);
        assertThat(create.body()).contains("Setup action not available");
    }

    private int profile(PackagedJar jar, String user, String password) throws Exception {
        return send(jar, "GET", "/engine-rest/user/" + user + "/profile", user, password, null).statusCode();
    }

    private HttpResponse<String> send(PackagedJar jar, String method, String path, String user, String password,
            String json) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(jar.url(path)))
            .header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method,
                json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> users(String db) throws SQLException {
        return strings(db, "select id_ from act_id_user order by id_");
    }

    private static List<String> memberships(String db, String group) throws SQLException {
        return strings(db,
                "select user_id_ from act_id_membership where group_id_ = '" + group + "' order by user_id_");
    }

    /** Rows of a Camunda table; none when the engine never got to create its schema. */
    private static List<String> strings(String db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = PackagedJar.connect(db)) {
            try (ResultSet t = c.createStatement().executeQuery("select to_regclass('act_id_user') is not null")) {
                t.next();
                if (!t.getBoolean(1)) {
                    return out;
                }
            }
            try (ResultSet r = c.createStatement().executeQuery(sql)) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    private static long count(String db, String sql) throws SQLException {
        try (Connection c = PackagedJar.connect(db); ResultSet r = c.createStatement().executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

}
