package org.koops.server;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.koops.server.Views.BugDetail;
import org.koops.server.Views.BugSummary;
import org.koops.server.Views.Breakdown;
import org.koops.server.Views.Crash;
import org.koops.server.Views.DayCount;
import org.koops.server.Views.FacetCount;
import org.koops.server.Views.Log;
import org.koops.server.Views.PageOf;

/**
 * The reads behind the pages and the API. None scans the crashes: bug lists and breakdowns come from
 * the counters of {@code bug} and {@code bug_facet}, crash lists from the index on (bug, time).
 */
final class Queries {
    /** Hosts and releases named per bug in the list; a bug on more hosts shows only their number. */
    private static final int TOP_IN_LIST = 3;
    /** Values shown per breakdown on a bug page. */
    private static final int TOP_IN_BREAKDOWN = 20;
    private static final String BUG_COLUMNS = "b.id, b.title, b.kind, b.status, b.crash_count, b.first_seen,"
            + " b.last_seen, b.host_count, b.release_count, b.culprit_function, b.culprit_module, b.regression_at";
    private static final String CRASH_COLUMNS = "id, bug_id, log_id, report_index, title, kind, arch, corrupted, host,"
            + " crash_time, kernel_release, taint, culprit_function, culprit_module, start_line, end_line, cause,"
            + " guilty_file, top_frames";
    /**
     * A bug's crashes, latest first, read in the order of the index on (bug, time, id) and no further than
     * the rows asked for. H2 chooses between that index and its own on bug_id alone (made for the foreign
     * key), and took the latter, then sorted every crash of the bug (more than half a second for a bug of
     * 100,000 crashes): the condition on the time, true of every crash, is one only the former serves, and
     * the order names the index's columns from its first, as H2 needs to see that the index gives it.
     */
    static final String CRASHES_LATEST_FIRST = "SELECT " + CRASH_COLUMNS + " FROM crash WHERE bug_id = ?"
            + " AND crash_time >= TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00'"
            + " ORDER BY bug_id DESC, crash_time DESC, id DESC";
    /**
     * What the bug page groups of a bug's latest crashes, in the same order as {@link #CRASHES_LATEST_FIRST}:
     * only the columns that tell the groups apart, not the text each crash keeps for its own page.
     */
    static final String GROUPED_CRASHES = "SELECT id, host, kernel_release, arch, taint, title, crash_time FROM crash"
            + " WHERE bug_id = ? AND crash_time >= TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00'"
            + " ORDER BY bug_id DESC, crash_time DESC, id DESC FETCH FIRST " + Queries.GROUPED + " ROWS ONLY";
    /** A bug's crashes, earliest first, likewise. */
    static final String CRASHES_EARLIEST_FIRST = "SELECT " + CRASH_COLUMNS + " FROM crash WHERE bug_id = ?"
            + " AND crash_time >= TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00'"
            + " ORDER BY bug_id, crash_time, id";
    /** The latest crashes of a bug grouped on its page: enough to show every machine that crashes now. */
    static final int GROUPED = 1000;
    private static final int SIMILAR = 10;
    private static final String LOG_COLUMNS = "id, name, host, tags, log_time, received_at, size, state,"
            + " report_count, error, notice, content_removed_at";

    private Queries() {
    }

    /**
     * The matching bugs of a status that a search read in the order of its sort counts, at least: up to this
     * many the count is exact, beyond it the page says "more than" it. Of all statuses, they are all counted.
     */
    static final int COUNTED = 1000;

    /**
     * A page of the bug list. Without a search or a filter, the bugs of a status are counted in
     * {@code bug_status_count} and the page is read in the order of an index, stopping after its rows.
     * A search whose matching bugs are many ({@link #walks}) is read the same way, each bug tested against
     * the text, and its matches counted apart (up to {@link #COUNTED} for one status); any other search or
     * filter finds the bugs that match once, counts and orders them in the same query.
     */
    static PageOf<BugSummary> bugs(Connection c, BugQuery query) throws SQLException {
        return bugs(c, query, COUNTED);
    }

    /** {@link #bugs(Connection, BugQuery)}, counting the matches of a walked search up to {@code counted}. */
    static PageOf<BugSummary> bugs(Connection c, BugQuery query, int counted) throws SQLException {
        List<Object> params = new ArrayList<>();
        String where = query.where(params);
        boolean filtered = query.q() != null || !query.filters().isEmpty();
        long total;
        int page;
        boolean more = false;
        List<BugSummary> bugs;
        if (!filtered) {
            total = StatusCounts.of(c, StatusCounts.Counted.BUGS, query.status());
            page = lastPageAtMost(query.page(), total, query.perPage());
            bugs = bugPage(c, where, params, query, page, "", Queries::summary);
        } else if (walks(c, query)) {
            List<Object> eachParams = new ArrayList<>();
            String each = query.where(eachParams, true);
            page = query.page();
            bugs = bugPage(c, each, eachParams, query, page, "", Queries::summary);
            if (query.status().equals("all")) { // the bugs of the matching titles, exactly, without reading a bug
                List<Object> titles = new ArrayList<>();
                total = Sql.one(c, "SELECT COUNT(DISTINCT g.bug_id)" + query.matchingTitles(titles),
                        rs -> rs.getLong(1), titles.toArray()).orElse(0L);
            } else { // through the titles too, each bug read for its status, at least as far as the page
                long cap = Math.max(counted, (long) page * query.perPage());
                total = Sql.one(c, "SELECT COUNT(*) FROM (SELECT 1 FROM bug b" + where + " FETCH FIRST " + (cap + 1)
                        + " ROWS ONLY) m", rs -> rs.getLong(1), params.toArray()).orElse(0L);
                more = total > cap;
                total = Math.min(total, cap);
            }
            if (bugs.isEmpty() && page > 1) {
                page = lastPageAtMost(page, total, query.perPage());
                bugs = bugPage(c, each, eachParams, query, page, "", Queries::summary);
            }
        } else {
            long[] matched = {0};
            page = query.page();
            bugs = bugPage(c, where, params, query, page, ", COUNT(*) OVER () AS matched", rs -> {
                matched[0] = rs.getLong("matched");
                return summary(rs);
            });
            total = matched[0];
            if (bugs.isEmpty() && page > 1) { // past the last page, or no match: count, then show the last
                total = Sql.one(c, "SELECT COUNT(*) FROM bug b" + where, rs -> rs.getLong(1), params.toArray())
                        .orElse(0L);
                page = lastPageAtMost(page, total, query.perPage());
                bugs = bugPage(c, where, params, query, page, "", Queries::summary);
            }
        }
        return new PageOf<>(withTopValues(c, bugs), total, more, page, query.perPage());
    }

    /**
     * Whether a search's page is read by walking the bugs in the order of its sort's index, testing each
     * bug's titles and stopping after the page, rather than reading, ordering and counting every bug holding
     * the text's rarest gram (V12). The walk reads about {@code shown * bugs / matches} bugs, the matches
     * taken as the rarest gram's titles among the bugs of the status (as if the status and the title were
     * independent); the other way reads those titles and their bugs. For {@code kasan}, a sixth of the
     * benchmark's 10,000 bugs, the first page walks about 300 bugs instead of reading 1,667; a rare text
     * reads its few titles. Only a search alone: a filter's own selectivity is not known here. Only on H2:
     * PostgreSQL's planner, which takes {@code LIKE '%text%'} to match a few titles, answers the walk's
     * query by reading every title and every matching bug (8 ms for {@code kasan}), and the count then reads
     * them again; its own plan of the query with the count in it stays under 100 ms at p95 there.
     */
    static boolean walks(Connection c, BugQuery query) throws SQLException {
        if (query.q() == null || !query.filters().isEmpty() || !query.sort().indexed
                || !c.getMetaData().getDatabaseProductName().equals("H2")) {
            return false;
        }
        List<String> grams = TitleGrams.searched(query.q().toLowerCase(java.util.Locale.ROOT));
        if (grams.isEmpty()) {
            return false;
        }
        List<Long> titles = Sql.list(c, "SELECT titles FROM bug_title_gram_count WHERE gram IN ("
                + Sql.placeholders(grams.size()) + ")", rs -> rs.getLong(1), grams.toArray());
        if (titles.size() < grams.size()) { // a gram no title holds: nothing matches, nothing to walk
            return false;
        }
        double candidates = titles.stream().mapToLong(Long::longValue).min().orElse(0);
        double all = StatusCounts.of(c, StatusCounts.Counted.BUGS, "all");
        double ofStatus = StatusCounts.of(c, StatusCounts.Counted.BUGS, query.status());
        double shown = (double) query.page() * query.perPage();
        return ofStatus > 0 && shown * all * all < candidates * candidates * ofStatus;
    }

    private static List<BugSummary> bugPage(Connection c, String where, List<Object> filter, BugQuery query, int page,
                                            String extra, Sql.Row<BugSummary> row) throws SQLException {
        List<Object> params = new ArrayList<>(filter);
        params.add((long) (page - 1) * query.perPage());
        params.add(query.perPage());
        return Sql.list(c, bugPageSql(where, query, extra), row, params.toArray());
    }

    /** A page of bugs: {@code where} from {@link BugQuery#where}, then the offset and the number of rows. */
    static String bugPageSql(String where, BugQuery query, String extra) {
        return "SELECT " + BUG_COLUMNS + extra + " FROM bug b" + where + " ORDER BY " + query.sort().sql
                + ", b.id DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
    }

    static Optional<BugDetail> bug(Connection c, long id) throws SQLException {
        return bug(c, id, Maintainers.NONE);
    }

    /** The bug with the subsystems of its guilty file in {@code maintainers}. */
    static Optional<BugDetail> bug(Connection c, long id, Maintainers maintainers) throws SQLException {
        Optional<Object[]> row = Sql.one(c, "SELECT " + BUG_COLUMNS + ", b.status_note, b.status_at, b.duplicate_of,"
                + " b.guilty_file, b.fix_commit, b.fix_release, b.fix_link, b.regression_at, b.frames_key"
                + " FROM bug b WHERE b.id = ?", rs -> new Object[] {summary(rs), rs.getString("status_note"),
                Sql.instant(rs, "status_at"), rs.getObject("duplicate_of") == null ? null : rs.getLong("duplicate_of"),
                rs.getString("guilty_file"), rs.getString("fix_commit"), rs.getString("fix_release"),
                rs.getString("fix_link"), Sql.instant(rs, "regression_at"), rs.getString("frames_key")}, id);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = row.get();
        BugSummary bug = withTopValues(c, List.of((BugSummary) r[0])).get(0);
        List<String> titles = Sql.list(c, "SELECT title FROM bug_title WHERE bug_id = ? ORDER BY title",
                rs -> rs.getString(1), id);
        List<Long> duplicates = Sql.list(c, "SELECT id FROM bug WHERE duplicate_of = ? ORDER BY id",
                rs -> rs.getLong(1), id);
        List<Breakdown> breakdowns = new ArrayList<>();
        for (Facet facet : Facet.values()) {
            if (facet != Facet.DAY && facet != Facet.HOST_GROUP) { // the chart and the host groups show those
                breakdowns.add(breakdown(c, id, facet));
            }
        }
        List<DayCount> days = Sql.list(c, "SELECT facet_value, crash_count FROM bug_facet WHERE bug_id = ?"
                + " AND facet = ? ORDER BY facet_value", rs -> new DayCount(rs.getString(1), rs.getLong(2)),
                id, Facet.DAY.id);
        List<FacetCount> releases = Sql.list(c, "SELECT facet_value, crash_count, first_seen, last_seen FROM bug_facet"
                + " WHERE bug_id = ? AND facet = ? ORDER BY sort_key, facet_value", Queries::facetCount, id,
                Facet.RELEASE.id);
        return Optional.of(new BugDetail(bug, titles, (String) r[1], (Instant) r[2], (Long) r[3], duplicates,
                breakdowns, days, (String) r[4], (String) r[5], (String) r[6], (String) r[7], (Instant) r[8],
                releases, hostGroups(c, id), firstOrLast(c, id, false), firstOrLast(c, id, true),
                crashGroups(c, id), similar(c, bug, (String) r[9]), maintainers.of((String) r[4])));
    }

    /** The first or the latest crash of a bug. */
    private static Crash firstOrLast(Connection c, long bug, boolean latest) throws SQLException {
        return Sql.one(c, (latest ? CRASHES_LATEST_FIRST : CRASHES_EARLIEST_FIRST) + " FETCH FIRST 1 ROWS ONLY",
                Queries::crash, bug).orElse(null);
    }

    /** The bug's hosts by name with their numbers left out ({@code web-07}, {@code web-12}: {@code web-#}). */
    private static List<FacetCount> hostGroups(Connection c, long bug) throws SQLException {
        return Sql.list(c, "SELECT facet_value, crash_count, first_seen, last_seen FROM bug_facet WHERE bug_id = ?"
                + " AND facet = ? ORDER BY crash_count DESC, facet_value FETCH FIRST " + TOP_IN_BREAKDOWN + " ROWS ONLY",
                Queries::facetCount, bug, Facet.HOST_GROUP.id);
    }

    /** The bug's latest crashes, those that differ only in time and log as one row. */
    private static List<Views.CrashGroup> crashGroups(Connection c, long bug) throws SQLException {
        Map<List<String>, Views.CrashGroup> groups = new java.util.LinkedHashMap<>(); // latest first
        for (Views.CrashGroup x : Sql.list(c, GROUPED_CRASHES, rs -> {
            Instant time = Sql.instant(rs, "crash_time");
            return new Views.CrashGroup(rs.getString("host"), rs.getString("kernel_release"), rs.getString("arch"),
                    rs.getString("taint"), rs.getString("title"), 1, time, time, rs.getLong("id"));
        }, bug)) {
            groups.merge(java.util.Arrays.asList(x.host(), x.release(), x.arch(), x.taint(), x.title()), x,
                    (g, one) -> new Views.CrashGroup(g.host(), g.release(), g.arch(), g.taint(), g.title(),
                            g.crashes() + 1, one.first(), g.last(), g.latest()));
        }
        return List.copyOf(groups.values());
    }

    /** Other bugs with the same culprit function or the same top frames, the most crashed first. */
    private static List<BugSummary> similar(Connection c, BugSummary bug, String framesKey) throws SQLException {
        Map<Long, BugSummary> similar = new java.util.LinkedHashMap<>();
        // Two queries, each through its index: with an OR of both, a database may read the whole table.
        if (bug.culpritFunction() != null) {
            Sql.list(c, "SELECT " + BUG_COLUMNS + " FROM bug b WHERE b.culprit_function = ? AND b.id <> ?"
                    + " ORDER BY b.crash_count DESC FETCH FIRST " + SIMILAR + " ROWS ONLY", Queries::summary,
                    bug.culpritFunction(), bug.id()).forEach(s -> similar.put(s.id(), s));
        }
        if (framesKey != null) {
            Sql.list(c, "SELECT " + BUG_COLUMNS + " FROM bug b WHERE b.frames_key = ? AND b.id <> ?"
                    + " ORDER BY b.crash_count DESC FETCH FIRST " + SIMILAR + " ROWS ONLY", Queries::summary,
                    framesKey, bug.id()).forEach(s -> similar.putIfAbsent(s.id(), s));
        }
        return similar.values().stream().limit(SIMILAR).toList();
    }

    private static FacetCount facetCount(java.sql.ResultSet rs) throws SQLException {
        Instant last = Sql.instant(rs, "last_seen");
        Instant first = Sql.instant(rs, "first_seen");
        return new FacetCount(rs.getString(1), rs.getLong(2), first == null ? last : first, last);
    }

    /**
     * A bug's crashes older than one of them (its time and id twice), latest first, in the order of the index on
     * (bug, time, id) from that crash's entry: a keyset page. The range on the time is the index's, the
     * condition on the id settles crashes of the same time.
     */
    static final String CRASHES_OLDER = "SELECT " + CRASH_COLUMNS + " FROM crash WHERE bug_id = ? AND crash_time <= ?"
            + " AND (crash_time < ? OR id < ?) ORDER BY bug_id DESC, crash_time DESC, id DESC FETCH FIRST ? ROWS ONLY";
    /** A bug's crashes from one of them on (its time and id twice), latest first: a page read from its first crash. */
    static final String CRASHES_FROM = "SELECT " + CRASH_COLUMNS + " FROM crash WHERE bug_id = ? AND crash_time <= ?"
            + " AND (crash_time < ? OR id <= ?) ORDER BY bug_id DESC, crash_time DESC, id DESC FETCH FIRST ? ROWS ONLY";
    /**
     * The time and id of a bug's crash at a position, latest first: only the index's own columns, which
     * PostgreSQL reads from the index without visiting the table (an index-only scan).
     */
    static final String CRASH_KEY_AT = "SELECT crash_time, id FROM crash WHERE bug_id = ?"
            + " AND crash_time >= TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00'"
            + " ORDER BY bug_id DESC, crash_time DESC, id DESC OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY";
    /** Likewise, earliest first: a position in the older half of a bug's crashes, counted from its first. */
    static final String CRASH_KEY_AT_FROM_EARLIEST = "SELECT crash_time, id FROM crash WHERE bug_id = ?"
            + " AND crash_time >= TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00'"
            + " ORDER BY bug_id, crash_time, id OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY";
    /** A bug's crashes newer than one of them, earliest first: the page before it, read backwards. */
    static final String CRASHES_NEWER = "SELECT " + CRASH_COLUMNS + " FROM crash WHERE bug_id = ? AND crash_time >= ?"
            + " AND (crash_time > ? OR id > ?) ORDER BY bug_id, crash_time, id FETCH FIRST ? ROWS ONLY";

    /** The bug's crashes, latest first, page {@code asked}. */
    static PageOf<Crash> crashesOfBug(Connection c, long bug, long total, int asked, int perPage)
            throws SQLException {
        return crashesOfBug(c, bug, total, asked, perPage, null, null);
    }

    /**
     * The bug's crashes, latest first. With {@code after} (a crash of the bug, the last of the page before) or
     * {@code before} (the first of the page after), the page is read from that crash's entry in the index
     * on (bug, time, id), and {@code asked} is only the number it shows: a page read by its number skips
     * every row before it, 100,000 for the last page of the largest bug. It skips them in the index alone, to
     * the page's first crash, then reads the page from there: PostgreSQL took 150 ms to skip 100,000 rows and
     * 16 ms to skip their index entries. A page in the older half is found from the bug's first crash, so that
     * the last page skips nothing. A crash that is not the bug's, or a page with nothing beyond it, is read by
     * its number, so that every link keeps working.
     */
    static PageOf<Crash> crashesOfBug(Connection c, long bug, long total, int asked, int perPage, Long after,
                                      Long before) throws SQLException {
        int page = lastPageAtMost(asked, total, perPage);
        Long from = after != null ? after : before;
        Optional<Instant> time = from == null ? Optional.empty() : Sql.one(c, "SELECT crash_time FROM crash"
                + " WHERE id = ? AND bug_id = ?", rs -> Sql.instant(rs, "crash_time"), from, bug);
        if (time.isPresent()) {
            List<Crash> crashes = new ArrayList<>(Sql.list(c, after != null ? CRASHES_OLDER : CRASHES_NEWER,
                    Queries::crash, bug, time.get(), time.get(), from, perPage));
            if (after == null) {
                java.util.Collections.reverse(crashes);
            }
            if (!crashes.isEmpty()) {
                return new PageOf<>(crashes, total, false, page, perPage);
            }
        }
        Sql.Row<Object[]> key = rs -> new Object[] {Sql.instant(rs, "crash_time"), rs.getLong("id")};
        Optional<Object[]> first = firstOfPage(total, (long) (page - 1) * perPage,
                fromEarliest -> Sql.one(c, CRASH_KEY_AT_FROM_EARLIEST, key, bug, fromEarliest),
                fromLatest -> Sql.one(c, CRASH_KEY_AT, key, bug, fromLatest));
        List<Crash> crashes = first.isEmpty() ? List.of() : Sql.list(c, CRASHES_FROM, Queries::crash, bug,
                first.get()[0], first.get()[0], first.get()[1], perPage);
        return new PageOf<>(crashes, total, false, page, perPage);
    }

    static List<Crash> crashesOfLog(Connection c, long log) throws SQLException {
        return Sql.list(c, "SELECT " + CRASH_COLUMNS + " FROM crash WHERE log_id = ? ORDER BY report_index",
                Queries::crash, log);
    }

    static Optional<Crash> crash(Connection c, long id) throws SQLException {
        return Sql.one(c, "SELECT " + CRASH_COLUMNS + " FROM crash WHERE id = ?", Queries::crash, id);
    }

    /** Submitted logs, latest first; {@code state} null for all. */
    static PageOf<Log> logs(Connection c, String state, int asked, int perPage) throws SQLException {
        return logs(c, state, asked, perPage, null, null);
    }

    /**
     * Submitted logs, latest first, {@code state} null for all, as {@link #crashesOfBug} reads a bug's
     * crashes: from the log that ends the page before ({@code after}) or begins the page after
     * ({@code before}), else by the page's number, skipping the logs before it in an index alone from
     * the nearer end. The number of logs is read from their counts by state ({@link StatusCounts}).
     */
    static PageOf<Log> logs(Connection c, String state, int asked, int perPage, Long after, Long before)
            throws SQLException {
        long total = StatusCounts.of(c, StatusCounts.Counted.LOGS, state == null ? "all" : state);
        int page = lastPageAtMost(asked, total, perPage);
        LogOrder order = new LogOrder(state);
        Long from = after != null ? after : before;
        if (from != null) {
            List<Log> logs = new ArrayList<>(Sql.list(c, after != null ? order.page("<", true) : order.page(">", false),
                    Queries::log, order.params(from, perPage)));
            if (before != null) {
                java.util.Collections.reverse(logs);
            }
            if (!logs.isEmpty()) {
                return new PageOf<>(logs, total, false, page, perPage);
            }
        }
        Optional<Long> first = firstOfPage(total, (long) (page - 1) * perPage,
                fromEarliest -> Sql.one(c, order.keyAt(false), rs -> rs.getLong(1), order.params(fromEarliest)),
                fromLatest -> Sql.one(c, order.keyAt(true), rs -> rs.getLong(1), order.params(fromLatest)));
        List<Log> logs = first.isEmpty() ? List.of()
                : Sql.list(c, order.page("<=", true), Queries::log, order.params(first.get(), perPage));
        return new PageOf<>(logs, total, false, page, perPage);
    }

    /**
     * The statements of the log list, of all logs or of one state: in the order of the primary key, or of
     * the index on (state, id), whose columns the order names from its first so that H2 sees the index
     * gives it.
     */
    record LogOrder(String state) {
        private String where() {
            return state == null ? " WHERE" : " WHERE state = ? AND";
        }

        private String order(boolean latestFirst) {
            String direction = latestFirst ? " DESC" : "";
            return " ORDER BY " + (state == null ? "" : "state" + direction + ", ") + "id" + direction;
        }

        /** The id of the log at a position, latest or earliest first: read from the index alone. */
        String keyAt(boolean latestFirst) {
            return "SELECT id FROM submitted_log" + (state == null ? "" : " WHERE state = ?") + order(latestFirst)
                    + " OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY";
        }

        /** A page from a log's id on, by {@code comparison}: latest first, or earliest first to reverse. */
        String page(String comparison, boolean latestFirst) {
            return "SELECT " + LOG_COLUMNS + " FROM submitted_log" + where() + " id " + comparison + " ?"
                    + order(latestFirst) + " FETCH FIRST ? ROWS ONLY";
        }

        Object[] params(Object... values) {
            if (state == null) {
                return values;
            }
            Object[] all = new Object[values.length + 1];
            all[0] = state;
            System.arraycopy(values, 0, all, 1, values.length);
            return all;
        }
    }

    /** The key of the row at a position of a list, read with the position counted from one end. */
    @FunctionalInterface
    private interface KeyAt<K> {
        Optional<K> read(long position) throws SQLException;
    }

    /**
     * The key of the first row of a page that {@code skipped} rows come before, of {@code total}, latest first:
     * for a page in the older half, counted from the earliest row, so that the database skips the fewer index
     * entries; from the latest when the list holds fewer rows than counted, or the page is in the newer half.
     */
    private static <K> Optional<K> firstOfPage(long total, long skipped, KeyAt<K> fromEarliest, KeyAt<K> fromLatest)
            throws SQLException {
        long older = total - 1 - skipped; // the rows older than the page's first
        Optional<K> first = older >= 0 && older < skipped ? fromEarliest.read(older) : Optional.empty();
        return first.isPresent() ? first : fromLatest.read(skipped);
    }

    /** A page past the last one shows the last one, rather than an empty page 82 of 81. */
    private static int lastPageAtMost(int page, long total, int perPage) {
        return (int) Math.min(page, Math.max(1, (total + perPage - 1) / perPage));
    }

    static Optional<Log> log(Connection c, long id) throws SQLException {
        return Sql.one(c, "SELECT " + LOG_COLUMNS + " FROM submitted_log WHERE id = ?", Queries::log, id);
    }

    /** The most frequent values of a facet of a bug, and how many values it has: both from one read of its rows. */
    private static Breakdown breakdown(Connection c, long bug, Facet facet) throws SQLException {
        int[] values = {0};
        List<FacetCount> top = Sql.list(c, "SELECT facet_value, crash_count, first_seen, last_seen,"
                + " COUNT(*) OVER () AS facet_values FROM bug_facet WHERE bug_id = ? AND facet = ?"
                + " ORDER BY crash_count DESC, facet_value FETCH FIRST " + TOP_IN_BREAKDOWN + " ROWS ONLY", rs -> {
                    values[0] = rs.getInt("facet_values");
                    return facetCount(rs);
                }, bug, facet.id);
        return new Breakdown(facet.id, facet.label, values[0], top);
    }

    /** The bugs with their most frequent hosts and releases filled in ({@link #TOP_VALUES}). */
    private static List<BugSummary> withTopValues(Connection c, List<BugSummary> bugs) throws SQLException {
        if (bugs.isEmpty()) {
            return bugs;
        }
        List<Long> all = bugs.stream().map(BugSummary::id).toList();
        Map<Long, Map<String, List<String>>> top = new HashMap<>(); // bug id -> facet id -> values, most first
        // One query per facet: with an OR of both, H2 scans the whole table instead of using its key.
        topValues(c, Facet.RELEASE, all, top);
        topValues(c, Facet.HOST, all, top);
        Map<Long, List<String>> labels = BugLabels.of(c, all);
        return bugs.stream().map(b -> {
            Map<String, List<String>> values = top.getOrDefault(b.id(), Map.of());
            return new BugSummary(b.id(), b.title(), b.kind(), b.status(), b.crashes(), b.firstSeen(), b.lastSeen(),
                    b.hostCount(), first(values.get(Facet.HOST.id)), b.releaseCount(),
                    first(values.get(Facet.RELEASE.id)), b.culpritFunction(), b.culpritModule(), b.regression(),
                    labels.getOrDefault(b.id(), List.of()));
        }).toList();
    }

    /**
     * The most frequent values of a facet of a bug, read in the order of the index on (bug, facet, count
     * descending, value) and no further than the rows shown: through the key (bug, facet, value) the
     * database read and sorted every row of the facet, 200 hosts for the largest bugs. The order names
     * the index's columns from its first, as H2 needs to see that the index gives it.
     */
    static final String TOP_VALUES = "SELECT bug_id, facet_value, crash_count FROM bug_facet WHERE bug_id = ?"
            + " AND facet = ? ORDER BY bug_id, facet, crash_count DESC, facet_value FETCH FIRST " + TOP_IN_LIST
            + " ROWS ONLY";

    /**
     * The values of a facet of each bug, most frequent first: one part per bug ({@link #TOP_VALUES}), so
     * that each reads only its bug's rows; with {@code bug_id IN (...)} H2 would read every facet of the
     * bugs, and with an OR of two facets the whole table.
     */
    private static void topValues(Connection c, Facet facet, List<Long> bugs, Map<Long, Map<String, List<String>>> top)
            throws SQLException {
        if (bugs.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (long bug : bugs) {
            sql.append(sql.isEmpty() ? "" : " UNION ALL ").append("(").append(TOP_VALUES).append(")");
            params.add(bug);
            params.add(facet.id);
        }
        Sql.list(c, "SELECT bug_id, facet_value FROM (" + sql + ") t ORDER BY bug_id, crash_count DESC, facet_value",
                rs -> top.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).computeIfAbsent(facet.id,
                        k -> new ArrayList<>()).add(rs.getString(2)), params.toArray());
    }

    private static List<String> first(List<String> values) {
        return values == null ? List.of() : values.subList(0, Math.min(TOP_IN_LIST, values.size()));
    }

    private static BugSummary summary(ResultSet rs) throws SQLException {
        return new BugSummary(rs.getLong("id"), rs.getString("title"), rs.getString("kind"), rs.getString("status"),
                rs.getLong("crash_count"), Sql.instant(rs, "first_seen"), Sql.instant(rs, "last_seen"),
                rs.getInt("host_count"), List.of(), rs.getInt("release_count"), List.of(),
                rs.getString("culprit_function"), rs.getString("culprit_module"), rs.getObject("regression_at") != null,
                List.of());
    }

    private static Crash crash(ResultSet rs) throws SQLException {
        return new Crash(rs.getLong("id"), rs.getLong("bug_id"), rs.getLong("log_id"), rs.getInt("report_index"),
                rs.getString("title"), rs.getString("kind"), rs.getString("arch"), rs.getBoolean("corrupted"),
                rs.getString("host"), Sql.instant(rs, "crash_time"), rs.getString("kernel_release"),
                rs.getString("taint"), rs.getString("culprit_function"), rs.getString("culprit_module"),
                rs.getLong("start_line"), rs.getLong("end_line"), rs.getString("cause"), rs.getString("guilty_file"),
                rs.getString("top_frames"));
    }

    private static Log log(ResultSet rs) throws SQLException {
        return new Log(rs.getLong("id"), rs.getString("name"), rs.getString("host"),
                LogStore.tags(rs.getString("tags")), Sql.instant(rs, "log_time"), Sql.instant(rs, "received_at"),
                rs.getLong("size"), rs.getString("state"), (Integer) rs.getObject("report_count"),
                rs.getString("error"), rs.getString("notice"), Sql.instant(rs, "content_removed_at"));
    }
}
