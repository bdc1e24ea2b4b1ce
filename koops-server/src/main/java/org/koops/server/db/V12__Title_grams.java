package org.koops.server.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.koops.server.TitleGrams;

/**
 * The trigrams of every title a bug is known by, which the bug list's search reads instead of every title
 * ({@link TitleGrams}), and how many titles hold each: the tables, and the trigrams of the titles already
 * filed, made here in Java as the server makes them (no SQL of both databases splits a string into its
 * trigrams). A title's bug never
 * changes, so the row carries it, and the search reads no other table to find the bugs.
 */
public class V12__Title_grams extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bug_title_gram (gram VARCHAR(12) NOT NULL, title VARCHAR(1000) NOT NULL,"
                    + " bug_id BIGINT NOT NULL, PRIMARY KEY (gram, title))");
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT title, bug_id FROM bug_title");
             PreparedStatement insert = c.prepareStatement("INSERT INTO bug_title_gram (gram, title, bug_id)"
                     + " VALUES (?, ?, ?)")) {
            int rows = 0;
            while (rs.next()) {
                String title = rs.getString(1);
                for (String gram : TitleGrams.of(title)) {
                    insert.setString(1, gram);
                    insert.setString(2, title);
                    insert.setLong(3, rs.getLong(2));
                    insert.addBatch();
                    if (++rows % 5000 == 0) {
                        insert.executeBatch();
                    }
                }
            }
            insert.executeBatch();
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bug_title_gram_count (gram VARCHAR(12) PRIMARY KEY, titles BIGINT NOT NULL)");
            s.execute("INSERT INTO bug_title_gram_count (gram, titles) SELECT gram, COUNT(*) FROM bug_title_gram"
                    + " GROUP BY gram");
        }
    }
}
