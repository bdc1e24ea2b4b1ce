package org.koops.server.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The same bytes from another host are another submission: a log is a repeat only of one from the same
 * host ({@code UNIQUE (sha256, host_key)}, {@code host_key} the host or {@code ''}). The old constraint
 * on {@code sha256} alone was created without a name, so each database named it its own way; it is
 * found through the standard {@code INFORMATION_SCHEMA}, which H2 and PostgreSQL both have.
 */
public class V4__Host_in_submission_key extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            String constraint;
            try (ResultSet rs = s.executeQuery("""
                    SELECT tc.constraint_name FROM information_schema.table_constraints tc
                    JOIN information_schema.key_column_usage k ON k.constraint_schema = tc.constraint_schema
                        AND k.constraint_name = tc.constraint_name
                    WHERE LOWER(tc.table_name) = 'submitted_log' AND tc.constraint_type = 'UNIQUE'
                        AND LOWER(k.column_name) = 'sha256' AND tc.table_schema = CURRENT_SCHEMA""")) {
                if (!rs.next()) {
                    throw new SQLException("no unique constraint on submitted_log.sha256 to replace");
                }
                constraint = rs.getString(1);
            }
            s.execute("ALTER TABLE submitted_log DROP CONSTRAINT \"" + constraint.replace("\"", "\"\"") + "\"");
            s.execute("ALTER TABLE submitted_log ADD COLUMN host_key VARCHAR(255) DEFAULT '' NOT NULL");
            s.execute("UPDATE submitted_log SET host_key = host WHERE host IS NOT NULL");
            s.execute("ALTER TABLE submitted_log ADD CONSTRAINT submitted_log_submission UNIQUE (sha256, host_key)");
        }
    }
}
