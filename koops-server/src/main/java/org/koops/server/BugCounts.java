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
 * <p>It also keeps what follows from the crashes for triage: the releases the fleet runs
 * ({@code fleet_release}), which close the bugs whose fix they hold ({@link BugStatus}), and the fixed
 * bugs that crash again, which are open again as regressions; and it queues the events of
 * {@link Webhooks}: new bugs, regressions, bugs crossing their daily rate.
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

    /** A crash of a bug as the regression check sees it. */
    private record Seen(String release, Instant time) {
    }

    /** The facets whose number of distinct values a column of {@code bug} keeps. */
    private static final List<Facet> COUNTED_FACETS = Arrays.stream(Facet.values())
            .filter(f -> f.countColumn != null).toList();
    private static final String UPDATE_BUG = "UPDATE bug SET crash_count = crash_count + ?"
            + COUNTED_FACETS.stream().map(f -> ", " + f.countColumn + " = " + f.countColumn + " + ?")
                    .collect(Collectors.joining())
            + ", first_seen = LEAST(first_seen, ?), last_seen = GREATEST(last_seen, ?) WHERE id = ?";

    /**
     * H2: adds a commit's crashes to a facet row, found by its key's columns. Which index H2 reads it through
     * follows the columns' statistics (see the migration V14), and a connection keeps the plan of its first
     * prepare for as long as it keeps the parsed statement.
     */
    static final String UPDATE_FACET = """
            UPDATE bug_facet SET crash_count = crash_count + ?, first_seen = LEAST(first_seen, ?),
                                 last_seen = GREATEST(last_seen, ?)
            WHERE bug_id = ? AND facet = ? AND facet_value = ?""";

    private final Webhooks webhooks;
    private final java.time.Clock clock;
    private static final java.util.Set<String> FIXED = java.util.Set.of("fixed", "fix-pending");

    private final java.util.Set<Long> opened = new java.util.TreeSet<>();
    /** Bugs read in this transaction as neither fixed nor pending ({@link #read}). */
    private final java.util.Set<Long> notFixed = new java.util.HashSet<>();
    private final Map<Long, Tally> bugs = new TreeMap<>();
    private final Map<Long, List<Seen>> seen = new TreeMap<>();
    private final Map<FacetRow, Tally> facets = new TreeMap<>();
    private final Map<String, Tally> releases = new TreeMap<>();
    private final StatusCounts statuses = new StatusCounts(StatusCounts.Counted.BUGS);
    private final StatusCounts logStates = new StatusCounts(StatusCounts.Counted.LOGS);

    BugCounts(Webhooks webhooks, java.time.Clock clock) {
        this.webhooks = webhooks;
        this.clock = clock;
    }

    /**
     * The status of a bug as this transaction read it, before the counts are written: a bug that is neither
     * fixed nor pending needs no regression check.
     */
    void read(long bug, String status) {
        if (!FIXED.contains(status)) {
            notFixed.add(bug);
        }
    }

    /** The states of the logs this transaction stores or changes, counted like the bugs' statuses. */
    StatusCounts logStates() {
        return logStates;
    }

    /** A bug opened by a crash of this transaction. */
    void opened(long bug) {
        opened.add(bug);
    }

    /** Counts a crash filed under {@code bug} (the bug it counts in, duplicates already followed). */
    void add(long bug, CrashFacts f) {
        bugs.computeIfAbsent(bug, b -> new Tally()).add(f.time());
        seen.computeIfAbsent(bug, b -> new ArrayList<>()).add(new Seen(f.release(), f.time()));
        for (Facet facet : Facet.values()) {
            for (String value : facet.valuesOf(f)) {
                facets.computeIfAbsent(new FacetRow(bug, facet, value), r -> new Tally()).add(f.time());
            }
        }
        if (f.release() != null && !f.release().isEmpty()) {
            releases.computeIfAbsent(f.release(), r -> new Tally()).add(f.time());
        }
    }

    /**
     * Writes the counts and what follows from them, then forgets them: the facet rows (on PostgreSQL in one
     * statement, {@link #upsertFacets}), then the logs' states, the bugs' counters and the releases seen
     * again together ({@link Sql#updates}), then the releases no update found.
     */
    void write(Connection c) throws SQLException {
        List<Map.Entry<FacetRow, Tally>> facetRows = new ArrayList<>(facets.entrySet());
        boolean[] created = facetRows.isEmpty() ? new boolean[0]
                : Database.Vendor.of(c) == Database.Vendor.POSTGRESQL ? upsertFacets(c, facetRows)
                : updateThenInsertFacets(c, facetRows);
        Map<Long, Map<Facet, Integer>> newValues = new TreeMap<>();
        for (int i = 0; i < created.length; i++) {
            if (created[i]) {
                FacetRow row = facetRows.get(i).getKey();
                newValues.computeIfAbsent(row.bug, b -> new EnumMap<>(Facet.class)).merge(row.facet, 1, Integer::sum);
            }
        }
        if (webhooks.enabled() && webhooks.dailyCrashes() > 0) {
            for (Map.Entry<FacetRow, Tally> e : facetRows) {
                if (e.getKey().facet == Facet.DAY) {
                    crossedRate(c, e.getKey(), e.getValue());
                }
            }
        }
        reopenRegressions(c);
        for (long bug : opened) {
            webhooks.enqueue(c, Webhooks.Event.NEW_BUG, bug, "a new bug", clock.instant());
        }
        // The logs' states, the bugs' counters and the releases' last crash in one round trip to PostgreSQL. The
        // states first: every batch of submissions changes them, so that instances wait there before locking a
        // bug's row.
        List<Sql.Update> updates = new ArrayList<>(logStates.updates());
        for (Map.Entry<Long, Tally> e : bugs.entrySet()) {
            Tally t = e.getValue();
            Map<Facet, Integer> added = newValues.getOrDefault(e.getKey(), Map.of());
            List<Object> params = new ArrayList<>(List.of(t.crashes));
            COUNTED_FACETS.forEach(facet -> params.add(added.getOrDefault(facet, 0)));
            params.addAll(List.of(t.first, t.last, e.getKey()));
            updates.add(new Sql.Update(UPDATE_BUG, params.toArray()));
        }
        int releasesFrom = updates.size();
        List<Map.Entry<String, Tally>> releaseRows = new ArrayList<>(releases.entrySet());
        releaseRows.forEach(e -> updates.add(new Sql.Update(
                "UPDATE fleet_release SET last_seen = GREATEST(last_seen, ?) WHERE kernel_release = ?",
                e.getValue().last, e.getKey())));
        int[] known = Arrays.copyOfRange(Sql.updates(c, updates), releasesFrom, updates.size());
        List<Object[]> newReleases = new ArrayList<>();
        for (int i = 0; i < known.length; i++) {
            if (known[i] == 0) {
                Map.Entry<String, Tally> e = releaseRows.get(i);
                newReleases.add(new Object[] {e.getKey(), ReleaseOrder.key(e.getKey()), e.getValue().first,
                        e.getValue().last});
            }
        }
        Sql.batch(c, "INSERT INTO fleet_release (kernel_release, sort_key, first_seen, last_seen) VALUES (?, ?, ?, ?)",
                newReleases);
        boolean newRelease = !newReleases.isEmpty();
        if (newRelease) {
            BugStatus.closeFixesTheFleetRuns(c, statuses);
        }
        opened.forEach(bug -> statuses.added("open"));
        statuses.write(c); // after every bug row, as every writer of these counts
        opened.clear();
        notFixed.clear();
        bugs.clear();
        seen.clear();
        facets.clear();
        releases.clear();
    }

    /** Adds the facet rows' counts, in one batch of updates, then inserts the rows none found; true for those. */
    private static boolean[] updateThenInsertFacets(Connection c, List<Map.Entry<FacetRow, Tally>> rows)
            throws SQLException {
        List<Object[]> updates = new ArrayList<>(rows.size());
        for (Map.Entry<FacetRow, Tally> e : rows) {
            FacetRow row = e.getKey();
            Tally t = e.getValue();
            updates.add(new Object[] {t.crashes, t.first, t.last, row.bug, row.facet.id, row.value});
        }
        int[] updated = Sql.batch(c, UPDATE_FACET, updates);
        boolean[] created = new boolean[rows.size()];
        List<Object[]> inserts = new ArrayList<>();
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] == 0) {
                FacetRow row = rows.get(i).getKey();
                Tally t = rows.get(i).getValue();
                inserts.add(new Object[] {row.bug, row.facet.id, row.value, t.crashes, t.first, t.last,
                        row.facet.sortKey(row.value)});
                created[i] = true;
            }
        }
        Sql.batch(c, "INSERT INTO bug_facet (bug_id, facet, facet_value, crash_count, first_seen, last_seen,"
                + " sort_key) VALUES (?, ?, ?, ?, ?, ?, ?)", inserts);
        return created;
    }

    /**
     * PostgreSQL: adds the facet rows' counts and inserts the new rows in one statement, which finds each
     * row through the table's key ({@code ON CONFLICT} on it). An {@code UPDATE ... WHERE bug_id = ? AND
     * facet = ? AND facet_value = ?} let the planner choose among the four indexes holding those columns,
     * and its cached plan often read a range of one: all the bug's rows of the facet in {@code bug_facet_sort}
     * or {@code bug_facet_top} (316 index entries a row in a run of the benchmark), or the versions that
     * every update of a row leaves in {@code bug_facet_value} (30 a row), which only the key's index, being
     * unique, marks dead as it checks them. A row is new when its count after the statement is the
     * crashes this one added, as every row holds at least the crash that made it. The rows go in key
     * order, and are locked in it.
     */
    private static boolean[] upsertFacets(Connection c, List<Map.Entry<FacetRow, Tally>> rows) throws SQLException {
        List<Object[]> columns = new ArrayList<>(rows.size());
        Map<String, Integer> place = new java.util.HashMap<>(); // bug, facet and value -> the row's place
        for (Map.Entry<FacetRow, Tally> e : rows) {
            FacetRow row = e.getKey();
            Tally t = e.getValue();
            place.put(row.bug + " " + row.facet.id + " " + row.value, columns.size());
            columns.add(new Object[] {row.bug, row.facet.id, row.value, t.crashes, t.first, t.last,
                    row.facet.sortKey(row.value)});
        }
        boolean[] created = new boolean[rows.size()];
        for (Object[] after : Sql.listOfColumns(c, """
                INSERT INTO bug_facet AS f (bug_id, facet, facet_value, crash_count, first_seen, last_seen, sort_key)
                SELECT bug_id, facet, facet_value, crashes, first, last, sort_key
                FROM unnest(?::bigint[], ?::varchar[], ?::varchar[], ?::bigint[], ?::varchar[]::timestamptz[],
                            ?::varchar[]::timestamptz[], ?::varchar[]) WITH ORDINALITY
                     AS v (bug_id, facet, facet_value, crashes, first, last, sort_key, place)
                ORDER BY place
                ON CONFLICT (bug_id, facet, facet_value) DO UPDATE
                SET crash_count = f.crash_count + excluded.crash_count,
                    first_seen = LEAST(f.first_seen, excluded.first_seen),
                    last_seen = GREATEST(f.last_seen, excluded.last_seen)
                RETURNING bug_id, facet, facet_value, crash_count""",
                rs -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)},
                List.of("bigint", "varchar", "varchar", "bigint", "varchar", "varchar", "varchar"), columns)) {
            int i = place.get(after[0] + " " + after[1] + " " + after[2]);
            created[i] = (Long) after[3] == rows.get(i).getValue().crashes;
        }
        return created;
    }

    /** Queues the rate event of a bug whose crashes of a day passed the threshold with this transaction's. */
    private void crossedRate(Connection c, FacetRow day, Tally added) throws SQLException {
        long after = Sql.one(c, "SELECT crash_count FROM bug_facet WHERE bug_id = ? AND facet = ? AND facet_value = ?",
                rs -> rs.getLong(1), day.bug, day.facet.id, day.value).orElse(0L);
        int rate = webhooks.dailyCrashes();
        if (after - added.crashes < rate && after >= rate) {
            webhooks.enqueue(c, Webhooks.Event.RATE, day.bug, Html.count(rate, "crash", "crashes") + " on " + day.value,
                    clock.instant());
        }
    }

    /**
     * A fixed bug (or one whose fix is pending) that crashes after it was marked is open again, as a
     * regression: on any release when its fix names none, else on the fix's release or a later one (a
     * crash of a release without the fix is expected until the fleet has it).
     */
    private void reopenRegressions(Connection c) throws SQLException {
        List<Object> ids = new ArrayList<>();
        for (long bug : bugs.keySet()) {
            if (!notFixed.contains(bug) && !opened.contains(bug)) {
                ids.add(bug);
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        Object[] in = Sql.inList(ids);
        for (Object[] fixed : Sql.list(c, "SELECT id, fix_release, status_at, status FROM bug WHERE status IN"
                + " ('fixed', 'fix-pending') AND id IN (" + Sql.placeholders(in.length) + ") ORDER BY id",
                rs -> new Object[] {rs.getLong(1), rs.getString(2), Sql.instant(rs, "status_at"), rs.getString(4)},
                in)) {
            long bug = (Long) fixed[0];
            String fixRelease = (String) fixed[1];
            Instant markedAt = (Instant) fixed[2];
            String status = (String) fixed[3];
            Seen again = seen.get(bug).stream()
                    .filter(s -> markedAt == null || s.time().isAfter(markedAt))
                    .filter(s -> fixRelease == null || s.release() != null && ReleaseOrder.atLeast(s.release(), fixRelease))
                    .findFirst().orElse(null);
            if (again != null) {
                String note = "regression: crashed again" + (again.release() == null ? "" : " on " + again.release())
                        + " after it was marked fixed" + (fixRelease == null ? "" : " in " + fixRelease);
                // Only from the status read: another instance that reopened it first has counted it.
                if (Sql.update(c, "UPDATE bug SET status = 'open', status_at = ?, regression_at = ?, status_note = ?"
                        + " WHERE id = ? AND status = ?", again.time(), again.time(), note, bug, status) == 1) {
                    statuses.moved(status, "open");
                    webhooks.enqueue(c, Webhooks.Event.REGRESSION, bug, note, clock.instant());
                }
            }
        }
    }
}
