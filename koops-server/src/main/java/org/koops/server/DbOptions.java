package org.koops.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import picocli.CommandLine.Option;

/** The database options shared by the commands; the password only from the environment, never an argument. */
final class DbOptions {
    static final String PASSWORD_VARIABLE = "KOOPS_DB_PASSWORD";

    @Option(names = "--db", paramLabel = "URL",
            description = "jdbc:postgresql://HOST/DB, or jdbc:h2:file:PATH (default: the embedded H2 database in"
                    + " $XDG_DATA_HOME/koops, else ~/.local/share/koops). The password is read from "
                    + PASSWORD_VARIABLE + ".")
    String url;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user.")
    String user;

    /** The URL to use; creates the default database's directory, readable by its owner only. */
    String url() throws IOException {
        if (url != null) {
            return url;
        }
        String defaultUrl = Database.defaultUrl(System.getenv());
        Path dir = Path.of(defaultUrl.substring("jdbc:h2:file:".length())).getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        return defaultUrl;
    }

    /** @param poolSize at least 2: Flyway holds a second connection while it migrates */
    Database open(int poolSize) throws IOException {
        return Database.open(url(), user, System.getenv(PASSWORD_VARIABLE), poolSize);
    }
}
