package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The counters of the crashes filed in one transaction, added up and written at its end: one update per
 * bug and one per facet row, however many of the transaction's crashes share them. A commit batch of a
 * fleet's crashes mostly hits the same bug, release, architecture, taint, module and day; counting each
 * crash alone ran the same seven updates again for each.
 *
 * <p>Rows are written in key order, so that instances sharing a PostgreSQL database lock them in the
 * same order.
 */
final class BugCounts {
    /** Crashes counted in a bug or a facet row, and their earliest and latest times. */
    private static final class Tally {
        long crashes;
        Instant first;
        Instant last;

        void add(Instant time) {
            crashes++;
            first = first == null || time.isBefore(first) ? time : first;
            last = last == null || time.isAfter(last) ? time : last;
        }
    }

    private record FacetRow(long bug, Facet facet, String value) implements Comparable<FacetRow> {
        @Override
        public int compareTo(FacetRow o) {
            int byBug = Long.compare(bug, o.bug);
            if (byBug != 0) {
                return byBug;
            }
            int byFacet = facet.compareTo(o.facet);
            return byFacet != 0 ? byFacet : value.compareTo(o.value);
        }
    }

    /** The facets whose number of distinct values a column of {@code bug} keeps. */
    private static final List<Facet> COUNTED_FACETS = Arrays.stream(Facet.values())
            .filter(f -> f.countColumn != null).toList();
    private static final String UPDATE_BUG = "UPDATE bug SET crash_count = crash_count + ?"
            + COUNTED_FACETS.stream().map(f -> ", " + f.countColumn + " = " + f.countColumn + " + ?")
                    .collect(Collectors.joining())
            + ", first_seen = LEAST(first_seen, ?), last_seen = GREATEST(last_seen, ?),"
            + " status = CASE WHEN status = 'fixed' AND status_at < ? THEN 'open' ELSE status END WHERE id = ?";

    private final Map<Long, Tally> bugs = new TreeMap<>();
    private final Map<FacetRow, Tally> facets = new TreeMap<>();

    /** Counts a crash filed under {@code bug} (the bug it counts in, duplicates already followed). */
    void add(long bug, CrashFacts f) {
        bugs.computeIfAbsent(bug, b -> new Tally()).add(f.time());
        for (Facet facet : Facet.values()) {
            facets.computeIfAbsent(new FacetRow(bug, facet, facet.valueOf(f)), r -> new Tally()).add(f.time());
        }
    }

    /**
     * Writes the counts and forgets them. A fixed bug that crashes after it was marked fixed is open
     * again: the fix did not hold, or did not reach that machine.
     */
    void write(Connection c) throws SQLException {
        Map<Long, Map<Facet, Integer>> newValues = new TreeMap<>();
        for (Map.Entry<FacetRow, Tally> e : facets.entrySet()) {
            FacetRow row = e.getKey();
            Tally t = e.getValue();
            int updated = Sql.update(c, """
                    UPDATE bug_facet SET crash_count = crash_count + ?, last_seen = GREATEST(last_seen, ?)
                    WHERE bug_id = ? AND facet = ? AND facet_value = ?""", t.crashes, t.last, row.bug, row.facet.id,
                    row.value);
            if (updated == 0) {
                Sql.update(c, "INSERT INTO bug_facet (bug_id, facet, facet_value, crash_count, last_seen)"
                        + " VALUES (?, ?, ?, ?, ?)", row.bug, row.facet.id, row.value, t.crashes, t.last);
                newValues.computeIfAbsent(row.bug, b -> new EnumMap<>(Facet.class))
                        .merge(row.facet, 1, Integer::sum);
            }
        }
        for (Map.Entry<Long, Tally> e : bugs.entrySet()) {
            Tally t = e.getValue();
            Map<Facet, Integer> added = newValues.getOrDefault(e.getKey(), Map.of());
            List<Object> params = new ArrayList<>(List.of(t.crashes));
            COUNTED_FACETS.forEach(facet -> params.add(added.getOrDefault(facet, 0)));
            params.addAll(List.of(t.first, t.last, t.last, e.getKey()));
            Sql.update(c, UPDATE_BUG, params.toArray());
        }
        bugs.clear();
        facets.clear();
    }
}
