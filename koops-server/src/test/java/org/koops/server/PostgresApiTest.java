package org.koops.server;

import org.junit.jupiter.api.Order;

/** The API on a real PostgreSQL server, started by the test run. */
// Among the module's longest classes: started first when test classes run in parallel (the parent pom).
@Order(1)
class PostgresApiTest extends ApiContract {
    @Override
    String createDatabase() {
        return TestDatabases.postgres();
    }
}
