package org.koops.server;

import java.nio.file.Path;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.io.TempDir;

/** The API on the embedded H2 database. */
// Among the module's longest classes: started first when test classes run in parallel (the parent pom).
@Order(1)
class H2ApiTest extends ApiContract {
    @TempDir
    Path dir;
    private int databases;

    @Override
    String createDatabase() {
        return TestDatabases.h2(dir.resolve("db" + databases++));
    }
}
