package org.asyncdesk.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Gives the integration tests a fresh PostgreSQL database, once per test JVM: dropped and
 * created again before the first Spring context starts. Host, port, user, password and
 * name come from ASYNCDESK_TEST_PG* variables (defaults: 127.0.0.1:5432, postgres, no
 * password, asyncdesk_it) so parallel runs can use different databases.
 */
public class PostgresDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static boolean fresh;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        recreateOnce();
    }

    public static synchronized void recreateOnce() {
        if (fresh) {
            return;
        }
        String name = env("ASYNCDESK_TEST_DB", "asyncdesk_it");
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("ASYNCDESK_TEST_DB must be a plain lower-case name: " + name);
        }
        String url = "jdbc:postgresql://" + env("ASYNCDESK_TEST_PGHOST", "127.0.0.1") + ":"
                + env("ASYNCDESK_TEST_PGPORT", "5432") + "/postgres";
        try (Connection c = DriverManager.getConnection(url, env("ASYNCDESK_TEST_PGUSER", "postgres"),
                env("ASYNCDESK_TEST_PGPASSWORD", env("PGPASSWORD", ""))); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
            s.execute("create database " + name);
        }
        catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + " is needed for the integration tests "
                    + "(.ci/run starts it): " + e.getMessage(), e);
        }
        fresh = true;
    }

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }

}
