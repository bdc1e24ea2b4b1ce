package org.koops.server;

/** The API on a real PostgreSQL server, started by the test run. */
class PostgresApiTest extends ApiContract {
    @Override
    String newDatabase() {
        return TestDatabases.postgres();
    }
}
