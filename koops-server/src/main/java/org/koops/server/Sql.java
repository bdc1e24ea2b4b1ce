package org.koops.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small JDBC helpers: bind parameters (instants as UTC timestamps), map rows, read generated ids. */
final class Sql {
    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Sql() {
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    /** An UPDATE with its parameters. */
    record Update(String sql, Object... params) {
    }

    /**
     * Runs the updates in their order and returns the number of rows each changed. PostgreSQL's driver sends
     * the statements of one text together, waiting once for all their replies: one round trip to the
     * database's process for all of them. H2 runs in this process, so each runs alone.
     */
    static int[] updates(Connection c, List<Update> updates) throws SQLException {
        int[] changed = new int[updates.size()];
        if (updates.isEmpty()) {
            return changed;
        }
        if (Database.Vendor.of(c) != Database.Vendor.POSTGRESQL) {
            for (int i = 0; i < changed.length; i++) {
                changed[i] = update(c, updates.get(i).sql(), updates.get(i).params());
            }
            return changed;
        }
        List<Object> params = new ArrayList<>();
        updates.forEach(u -> params.addAll(java.util.Arrays.asList(u.params())));
        try (PreparedStatement ps = c.prepareStatement(String.join(";\n",
                updates.stream().map(Update::sql).toList()))) {
            bind(ps, params.toArray());
            ps.execute();
            for (int i = 0; i < changed.length; i++) {
                if (i > 0) {
                    ps.getMoreResults();
                }
                changed[i] = ps.getUpdateCount();
            }
        }
        return changed;
    }

    /** Runs an INSERT and returns the generated {@code id}. */
    static long insert(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
            bind(ps, params);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /**
     * Runs {@code sql} once for each row of parameters, as one JDBC batch: the driver sends them together
     * (one round trip to PostgreSQL instead of one per row). Returns the number of rows each changed.
     */
    static int[] batch(Connection c, String sql, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object[] params : rows) {
                bind(ps, params);
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }

    /** Runs an INSERT once for each row of parameters, as one JDBC batch, and returns the generated ids in order. */
    static long[] insertBatch(Connection c, String sql, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return new long[0];
        }
        try (PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
            for (Object[] params : rows) {
                bind(ps, params);
                ps.addBatch();
            }
            ps.executeBatch();
            long[] ids = new long[rows.size()];
            try (ResultSet keys = ps.getGeneratedKeys()) {
                for (int i = 0; i < ids.length; i++) {
                    if (!keys.next()) {
                        throw new SQLException("the database gave " + i + " generated ids for " + ids.length + " rows");
                    }
                    ids[i] = keys.getLong(1);
                }
            }
            return ids;
        }
    }

    static <T> List<T> list(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.map(rs));
                }
                return out;
            }
        }
    }

    static <T> Optional<T> one(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        List<T> rows = list(c, sql, row, params);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    /**
     * Runs {@code sql} once for all of {@code rows} on PostgreSQL, each column of them bound as one array
     * (the statement reads them with {@code unnest(?::bigint[], ...)}): one statement where a JDBC batch
     * runs one per row, each with its own executor start, locks and reply. {@code types} are the arrays'
     * element types, one per column; an instant is sent as its ISO-8601 text, for the statement to cast
     * ({@code ?::varchar[]::timestamptz[]}).
     */
    static <T> List<T> listOfColumns(Connection c, String sql, Row<T> row, List<String> types, List<Object[]> rows)
            throws SQLException {
        Object[] arrays = new Object[types.size()];
        for (int column = 0; column < arrays.length; column++) {
            // The driver makes a bytea[] of a byte[][] only, not of an Object[] holding byte arrays.
            Object[] values = types.get(column).equals("bytea") ? new byte[rows.size()][] : new Object[rows.size()];
            for (int i = 0; i < values.length; i++) {
                Object v = rows.get(i)[column];
                values[i] = v instanceof Instant t ? t.toString() : v;
            }
            arrays[column] = c.createArrayOf(types.get(column), values);
        }
        return list(c, sql, row, arrays);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** {@code ?, ?, ?}: the placeholders of an IN list of {@code n} values. */
    static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    /**
     * The values of an IN list (at least one), the last repeated up to the next power of two: the lists
     * of a few lengths make a few distinct statements, which the databases' caches of parsed and
     * planned statements keep, where a statement per length would keep replacing one another.
     */
    static Object[] inList(java.util.Collection<?> values) {
        Object[] given = values.toArray();
        Object[] padded = java.util.Arrays.copyOf(given, Integer.highestOneBit(Math.max(1, given.length * 2 - 1)));
        java.util.Arrays.fill(padded, given.length, padded.length, given[given.length - 1]);
        return padded;
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            ps.setObject(i + 1, p instanceof Instant t ? t.atOffset(ZoneOffset.UTC) : p);
        }
    }
}
