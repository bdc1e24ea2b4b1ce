package org.koops.server.db;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL: two writes fewer for each crash filed, what is stored and read unchanged.
 *
 * <p>A log's bytes stay in its row of {@code log_content} once compressed ({@code STORAGE MAIN}) unless the
 * row would not fit in a page: by default PostgreSQL moved any value over 2 KB after compression to the
 * table's TOAST table, so a 6 KB log compressed to 3.7 KB was written as two chunks there, each with an
 * entry in the TOAST table's index, besides its row and the row's entry in the key. Logs larger than a page
 * compressed still go there.
 *
 * <p>{@code bug_facet_sort} holds the rows that have a sort key only (the releases, the one facet whose values
 * have one): every other facet row's counter update, a new version of the row since its count is indexed in
 * {@code bug_facet_top}, added an entry to it that no query reads, as its only reader compares
 * {@code sort_key} ({@code sort_key >= ?}, which no null satisfies). H2, without partial indexes, keeps it whole.
 */
public class V15__Postgres_fewer_writes_a_crash extends OneDatabaseMigration {
    public V15__Postgres_fewer_writes_a_crash() {
        super("PostgreSQL");
    }

    @Override
    void migrate(Statement s) throws SQLException {
        s.execute("ALTER TABLE log_content ALTER COLUMN raw SET STORAGE MAIN");
        s.execute("DROP INDEX bug_facet_sort");
        s.execute("CREATE INDEX bug_facet_sort ON bug_facet (facet, sort_key, bug_id) WHERE sort_key IS NOT NULL");
    }
}
