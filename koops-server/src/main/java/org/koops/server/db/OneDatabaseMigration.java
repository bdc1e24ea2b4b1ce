package org.koops.server.db;

import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A migration that changes one of the two databases only (a setting or an index the other has no use for or
 * cannot express); on the other it does nothing, and is recorded as done all the same.
 */
abstract class OneDatabaseMigration extends BaseJavaMigration {
    /** The database's product name as its driver gives it: {@code H2} or {@code PostgreSQL}. */
    private final String product;

    OneDatabaseMigration(String product) {
        this.product = product;
    }

    @Override
    public final void migrate(Context context) throws SQLException {
        if (context.getConnection().getMetaData().getDatabaseProductName().equals(product)) {
            try (Statement s = context.getConnection().createStatement()) {
                migrate(s);
            }
        }
    }

    /** Changes the database this migration is for. */
    abstract void migrate(Statement s) throws SQLException;
}
