package org.asyncdesk.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged jar ({@code target/asyncdesk-*.jar}, built by {@code package} before the
 * integration tests) started as an operator starts it: {@code java -jar}, in the project
 * folder (its {@code bpmn/} and {@code forms/}), on a PostgreSQL database of its own,
 * with no test configuration at all. Output goes to {@code target/jar-it/}.
 */
public final class PackagedJar implements AutoCloseable {

    private static final String PG_HOST = env("ASYNCDESK_TEST_PGHOST", "127.0.0.1");

    private static final String PG_PORT = env("ASYNCDESK_TEST_PGPORT", "5432");

    private static final String PG_USER = env("ASYNCDESK_TEST_PGUSER", "postgres");

    private static final String PG_PASSWORD = env("ASYNCDESK_TEST_PGPASSWORD", env("PGPASSWORD", ""));

    private final Process process;

    private final Path log;

    private final int port;

    private PackagedJar(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * A fresh database {@code <ASYNCDESK_TEST_DB>_<suffix>}, dropped first if it is left
     * from an earlier run.
     */
    public static String freshDatabase(String suffix) {
        String name = env("ASYNCDESK_TEST_DB", "asyncdesk_it") + "_" + suffix;
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain lower-case database name: " + name);
        }
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
            s.execute("create database " + name);
        }
        catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is needed for the integration tests: " + e.getMessage(), e);
        }
        return name;
    }

    public static void dropDatabase(String name) throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + name + " with (force)");
        }
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database, PG_USER,
                PG_PASSWORD);
    }

    /**
     * Starts the jar on the database with these command-line arguments and environment
     * variables (besides the database, a free port, no folder watching unless the
     * arguments set {@code asyncdesk.deployment.watch}).
     */
    public static PackagedJar start(String name, String database, List<String> args, Map<String, String> env)
            throws IOException {
        Path jar = jar();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Path.of("target", "jar-it");
        Files.createDirectories(dir);
        Path log = dir.resolve(name + ".log");
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m", "-jar",
                        jar.toString(), "--server.port=" + port,
                        "--spring.datasource.url=jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database,
                        "--spring.datasource.username=" + PG_USER, "--spring.datasource.password=" + PG_PASSWORD));
        // a key given twice on the command line binds as "a,b": the test's own watch
        // setting replaces the default
        if (args.stream().noneMatch(a -> a.startsWith("--asyncdesk.deployment.watch="))) {
            command.add("--asyncdesk.deployment.watch=false");
        }
        // the jar tests expect agent tasks for questions the knowledge base could answer
        if (args.stream().noneMatch(a -> a.startsWith("--asyncdesk.automation.enabled="))) {
            command.add("--asyncdesk.automation.enabled=false");
        }
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // the operator's shell is clean: nothing of the build's own environment that
        // Spring would read
        pb.environment()
            .keySet()
            .removeIf(k -> k.startsWith("SPRING_") || k.startsWith("ASYNCDESK_") || k.startsWith("CAMUNDA_"));
        pb.environment().putAll(env);
        return new PackagedJar(pb.start(), log, port);
    }

    private static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("asyncdesk-.*\\.jar"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no target/asyncdesk-*.jar: run the integration tests through ./mvnw verify (package first)"));
        }
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /**
     * Waits for the start-up's "Asyncdesk is ready." line; fails with the output when the
     * jar exits instead.
     */
    public PackagedJar awaitReady() throws Exception {
        Instant until = Instant.now().plus(Duration.ofMinutes(4));
        while (Instant.now().isBefore(until)) {
            if (output().contains("Asyncdesk is ready.")) {
                return this;
            }
            if (!process.isAlive()) {
                throw new AssertionError(
                        "the jar exited (" + process.exitValue() + ") instead of starting:\n" + tail());
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the jar did not get ready within 4 minutes:\n" + tail());
    }

    /** Waits for the jar to end by itself; its exit code. */
    public int awaitExit() throws Exception {
        if (!process.waitFor(4, TimeUnit.MINUTES)) {
            throw new AssertionError("the jar was expected to refuse the start, it is still running:\n" + tail());
        }
        return process.exitValue();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public String tail() throws IOException {
        String out = output();
        return out.length() <= 6000 ? out : out.substring(out.length() - 6000);
    }

    /** Stops the jar as an operator would (SIGTERM, graceful shutdown). */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }

}
