package org.koops.server.db;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * H2: how many distinct bugs {@code bug_facet} holds per 100 rows at most, said before any statement is
 * planned, so that the writer's update of a facet row ({@code WHERE bug_id = ? AND facet = ? AND facet_value
 * = ?}) finds the row through an index of all three columns.
 *
 * <p>H2 plans a statement from its columns' selectivity (distinct values per 100 rows), 50 for a column it
 * has not analysed yet. At 50, and counting an index as holding every column an {@code UPDATE} reads, it
 * ranked the index its foreign key made on {@code bug_id} alone cheapest, and read every row of the bug to
 * find one: 320 µs an update with a bug's 1,000 hosts against 26 µs through {@code bug_facet_value}. H2
 * analyses a table by itself after 2,000 changes, but a statement already prepared keeps its plan, and a
 * connection keeps its parsed statements (32 of them): whether the writer ran the cheap way depended on
 * when its connection had prepared the statement. Every crash gives each of its bug at least seven rows
 * (one for each facet but its tags), so at most 14 of 100 rows have distinct bugs: the bound is stated here,
 * and H2's own analyses later replace it with what they count. PostgreSQL, which plans from its own
 * statistics and adds the counters through the key ({@code ON CONFLICT}), is left as it is.
 */
public class V14__Facet_bug_selectivity extends OneDatabaseMigration {
    public V14__Facet_bug_selectivity() {
        super("H2");
    }

    @Override
    void migrate(Statement s) throws SQLException {
        s.execute("ALTER TABLE bug_facet ALTER COLUMN bug_id SELECTIVITY 14");
    }
}
