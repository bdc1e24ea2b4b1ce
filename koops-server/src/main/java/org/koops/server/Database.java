package org.koops.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/**
 * The server's database, H2 or PostgreSQL, pooled and migrated to the current schema at start.
 *
 * <p>H2 URLs get three settings unless they name them: {@code WRITE_DELAY=0}, because H2 otherwise writes
 * commits to disk up to half a second later and a killed process loses what it acknowledged;
 * {@code AUTO_SERVER=TRUE}, so that {@code koops token} can reach the database a running server holds
 * open (its port is bound to the loopback address only, see {@link #open}); and
 * {@code QUERY_CACHE_SIZE=32}, H2's parsed statements kept per connection (8 by default), because the
 * writer's connection runs about a dozen distinct statements a batch, which evicted one another and
 * were parsed again each time.
 */
final class Database implements AutoCloseable {
    /** The SQL dialects: only the type of large byte strings differs, filled into the migrations. */
    enum Vendor {
        H2("VARBINARY"), POSTGRESQL("BYTEA");

        final String binaryType;

        Vendor(String binaryType) {
            this.binaryType = binaryType;
        }

        static Vendor of(String url) {
            if (url.startsWith("jdbc:h2:")) {
                return H2;
            }
            if (url.startsWith("jdbc:postgresql:")) {
                return POSTGRESQL;
            }
            throw new IllegalArgumentException("unsupported database URL (use jdbc:h2:... or jdbc:postgresql:...): "
                    + redact(url));
        }

        /** The database a connection is to, by the URL its driver was given. */
        static Vendor of(Connection c) throws SQLException {
            return of(c.getMetaData().getURL());
        }
    }

    private static final Map<String, String> H2_SETTINGS = Map.of("WRITE_DELAY", "0", "AUTO_SERVER", "TRUE",
            "QUERY_CACHE_SIZE", "32");

    private final HikariDataSource pool;
    private final Vendor vendor;

    private Database(HikariDataSource pool, Vendor vendor) {
        this.pool = pool;
        this.vendor = vendor;
    }

    /** Opens and migrates the database; {@code user} and {@code password} may be null. */
    static Database open(String url, String user, String password, int poolSize) {
        Vendor vendor = Vendor.of(url);
        HikariConfig config = new HikariConfig();
        if (vendor == Vendor.H2) {
            // H2's AUTO_SERVER port would listen on every interface without this.
            System.setProperty("h2.bindAddress", "127.0.0.1");
            config.setJdbcUrl(withH2Settings(url));
            config.setUsername(user == null ? "sa" : user);
        } else {
            config.setJdbcUrl(url);
            config.setUsername(user);
        }
        config.setPassword(password == null ? "" : password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("koops");
        HikariDataSource pool = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:org/koops/server/db")
                    .placeholders(Map.of("binary", vendor.binaryType)).load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, vendor);
    }

    /** {@code jdbc:h2:file:DIR/koops} in the user's data directory ({@code $XDG_DATA_HOME/koops}). */
    static String defaultUrl(Map<String, String> env) {
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg == null || xdg.isEmpty() ? Path.of(System.getProperty("user.home"), ".local", "share")
                : Path.of(xdg);
        return "jdbc:h2:file:" + base.resolve("koops").resolve("koops");
    }

    static String withH2Settings(String url) {
        StringBuilder s = new StringBuilder(url);
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        H2_SETTINGS.forEach((key, value) -> {
            if (!upper.contains(";" + key + "=")) {
                s.append(';').append(key).append('=').append(value);
            }
        });
        return s.toString();
    }

    /** The URL without a password, for messages: {@code password=...} parameters and {@code user:pw@} are cut. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//[^/@]*@", "//***@");
    }

    DataSource dataSource() {
        return pool;
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    Vendor vendor() {
        return vendor;
    }

    @Override
    public void close() {
        pool.close();
    }
}
