package org.koops.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bug list filtered by a facet's value (a host, a release, a tag ...) or a label reads the bugs that
 * have it through the index of that value: written as a correlated {@code EXISTS}, H2 tried every bug in
 * turn, 10,000 look-ups for a host that 139 bugs of the benchmark crashed on.
 */
class BugListPlanTest {
    @TempDir
    Path dir;

    @Test
    void aFilteredListReadsOnlyTheBugsWithTheValue() throws Exception {
        try (Database db = Database.open(TestDatabases.h2(dir), null, null, 2); Connection c = db.connection()) {
            new SyntheticCrashes().fill(c, 300, 6_000); // the plan follows the tables' sizes: not empty ones
            Sql.update(c, "INSERT INTO bug_label (bug_id, label) VALUES (7, 'team-storage')");
            for (Map<String, String> filter : List.of(Map.of("host", "host-7"), Map.of("release", "6.1.0-1-generic"),
                    Map.of("label", "team-storage"))) {
                BugQuery query = BugQuery.from(p -> p.equals("status") ? "all" : filter.get(p), filter.keySet());
                List<Object> params = new ArrayList<>();
                String sql = Queries.bugPageSql(query.where(params), query, ", COUNT(*) OVER () AS matched");
                params.add(0L);
                params.add(50);
                String plan = Sql.one(c, "EXPLAIN " + sql, rs -> rs.getString(1), params.toArray()).orElseThrow();
                assertThat(plan).as(sql).contains("PUBLIC.PRIMARY_KEY_").contains(": ID IN(SELECT DISTINCT")
                        .doesNotContain("BUG_LAST_SEEN", "BUG.tableScan");
            }
        }
    }

    /**
     * The three most frequent hosts and releases of each bug of a page are read through the index on (bug,
     * facet, count), in its order: through the key (bug, facet, value) H2 read and sorted all of a bug's
     * rows of the facet, 200 hosts for the largest bugs of the benchmark.
     */
    @Test
    void aBugsMostFrequentValuesAreReadInTheOrderOfTheirIndex() throws Exception {
        try (Database db = Database.open(TestDatabases.h2(dir), null, null, 2); Connection c = db.connection()) {
            new SyntheticCrashes().fill(c, 300, 6_000);
            for (Facet facet : List.of(Facet.HOST, Facet.RELEASE)) {
                String plan = Sql.one(c, "EXPLAIN " + Queries.TOP_VALUES, rs -> rs.getString(1), 1L, facet.id)
                        .orElseThrow();
                assertThat(plan).as(facet.id).contains("PUBLIC.BUG_FACET_TOP: BUG_ID = ").contains("/* index sorted */");
            }
        }
    }

    /**
     * The search reads the titles holding the searched text's trigrams through the key of {@code
     * bug_title_gram}, not every title, and finds exactly the bugs that matching every title finds, inside
     * words, in any case, with LIKE's own characters, and for a text shorter than a trigram.
     */
    @Test
    void theSearchReadsTheTitlesOfItsTrigramsAndFindsWhatEveryTitleWould() throws Exception {
        try (Database db = Database.open(TestDatabases.h2(dir), null, null, 2); Connection c = db.connection()) {
            new SyntheticCrashes().fill(c, 300, 6_000);
            BugQuery kasan = BugQuery.from(p -> Map.of("q", "KASan", "status", "all").get(p), List.of("q", "status"));
            List<Object> params = new ArrayList<>();
            String sql = Queries.bugPageSql(kasan.where(params), kasan, ", COUNT(*) OVER () AS matched");
            params.add(0L);
            params.add(50);
            String plan = Sql.one(c, "EXPLAIN " + sql, rs -> rs.getString(1), params.toArray()).orElseThrow();
            assertThat(plan).contains("FROM PUBLIC.BUG_TITLE_GRAM G", ": GRAM IN(").doesNotContain("tableScan");
            for (String q : List.of("kasan", "KASAN IN FN", "n fn_1", "fn_a", "hung task in fn_2", "in", "g i", "_",
                    "%", "task in fn_zz", "warning in fn_1z")) {
                BugQuery query = BugQuery.from(p -> Map.of("q", q, "status", "all").get(p), List.of("q", "status"));
                List<Object> found = new ArrayList<>();
                String where = query.where(found);
                assertThat(Sql.list(c, "SELECT b.id FROM bug b" + where + " ORDER BY b.id", rs -> rs.getLong(1),
                        found.toArray())).as(q).isEqualTo(Sql.list(c, "SELECT DISTINCT bug_id FROM bug_title"
                        + " WHERE LOWER(title) LIKE ? ESCAPE '\\' ORDER BY bug_id", rs -> rs.getLong(1),
                        "%" + q.toLowerCase(java.util.Locale.ROOT).replace("_", "\\_").replace("%", "\\%") + "%"));
            }
        }
    }

    /**
     * A search that many bugs match ({@code kasan}, a sixth of them) walks the bugs in the order of the sort's
     * index, testing each one's titles, and stops after the page: reading every bug that may match, then
     * ordering and counting them all, read every match for a page of a few.
     */
    @Test
    void aSearchOfManyBugsWalksTheSortsIndexAndStopsAfterThePage() throws Exception {
        try (Database db = Database.open(TestDatabases.h2(dir), null, null, 2); Connection c = db.connection()) {
            new SyntheticCrashes().fill(c, 300, 6_000);
            long matching = Sql.one(c, "SELECT COUNT(*) FROM bug_title WHERE LOWER(title) LIKE '%kasan%'",
                    rs -> rs.getLong(1)).orElseThrow();
            for (String sort : List.of("last", "first", "count")) {
                BugQuery query = BugQuery.from(p -> Map.of("q", "kasan", "status", "all", "per_page", "5", "sort", sort)
                        .get(p), List.of("q", "status", "per_page", "sort"));
                assertThat(Queries.walks(c, query)).as(sort).isTrue();
                List<Object> params = new ArrayList<>();
                String sql = Queries.bugPageSql(query.where(params, true), query, "");
                params.add(0L);
                params.add(5);
                String plan = Sql.one(c, "EXPLAIN ANALYZE " + sql, rs -> rs.getString(1), params.toArray())
                        .orElseThrow();
                assertThat(plan).as(sort).contains("/* index sorted").doesNotContain("tableScan", "BUG_TITLE_GRAM");
                java.util.regex.Matcher bugs = java.util.regex.Pattern.compile("FROM \"PUBLIC\".\"BUG\" \"B\"\\s+"
                        + "/\\* PUBLIC\\.\\w+ \\*/\\s+/\\* scanCount: (\\d+)").matcher(plan);
                assertThat(bugs.find()).as(plan).isTrue();
                // about 5 * 300 / 50 bugs for 5 matches of about 50: fewer than the matches, which the other way reads
                assertThat(Long.parseLong(bugs.group(1))).as(plan).isLessThan(matching);
            }
        }
    }

    /** The walked search gives the page, count and pages that reading every match gives, for H2. */
    @Test
    void aWalkedSearchFindsWhatReadingEveryMatchFindsOnH2() throws Exception {
        assertThat(searchesFindWhatReadingEveryMatchFinds(TestDatabases.h2(dir), 6_000)).isPositive();
    }

    /**
     * The same on PostgreSQL, where a server can start; it does not walk (its planner reads every title for
     * the walk's query), so this checks that its searches stay the same.
     */
    @Test
    void searchesFindWhatReadingEveryMatchFindsOnPostgres() throws Exception {
        assertThat(searchesFindWhatReadingEveryMatchFinds(TestDatabases.postgres(), 600)).isZero();
    }

    /**
     * Every text, sort, status and page: the bugs of the page in their order and the count (of one status,
     * exact up to the count's cap, which is at least as far as the page, and "more than" it beyond) equal
     * those read from every title matched and ordered in full. Returns how many pages were walked.
     */
    private static int searchesFindWhatReadingEveryMatchFinds(String url, int crashes) throws Exception {
        try (Database db = Database.open(url, null, null, 2); Connection c = db.connection()) {
            new SyntheticCrashes().fill(c, 300, crashes);
            c.setAutoCommit(true);
            Sql.update(c, "UPDATE bug SET status = 'fixed' WHERE MOD(id, 3) = 0");
            Sql.update(c, "DELETE FROM bug_status_count");
            Sql.update(c, "INSERT INTO bug_status_count (status, bugs) SELECT status, COUNT(*) FROM bug"
                    + " GROUP BY status");
            int walked = 0;
            for (String q : List.of("kasan", "KASAN IN FN", "in fn", "n fn_1", "warning", "_", "%", "task in fn_zz")) {
                for (BugQuery.Sort sort : BugQuery.Sort.values()) {
                    for (String status : List.of("all", "open", "fixed")) {
                        for (int[] pageAndSize : new int[][] {{1, 5}, {2, 5}, {7, 5}, {1, 50}, {40, 5}}) {
                            walked += sameAsEveryMatch(c, q, sort, status, pageAndSize[0], pageAndSize[1]) ? 1 : 0;
                        }
                    }
                }
            }
            return walked;
        }
    }

    /** Checks one page against every match; whether it was walked. */
    private static boolean sameAsEveryMatch(Connection c, String q, BugQuery.Sort sort, String status, int asked,
                                            int perPage) throws Exception {
        int counted = 20;
        Map<String, String> params = Map.of("q", q, "status", status, "sort", sort.name(), "page",
                String.valueOf(asked), "per_page", String.valueOf(perPage));
        BugQuery query = BugQuery.from(params::get, params.keySet());
        boolean walks = Queries.walks(c, query);
        Views.PageOf<Views.BugSummary> page = Queries.bugs(c, query, counted);

        List<Long> all = Sql.list(c, "SELECT b.id FROM bug b WHERE (b.status = ? OR ? = 'all') AND b.id IN"
                + " (SELECT bug_id FROM bug_title WHERE LOWER(title) LIKE ? ESCAPE '\\') ORDER BY " + sort.sql
                + ", b.id DESC", rs -> rs.getLong(1), status, status,
                "%" + q.toLowerCase(java.util.Locale.ROOT).replace("_", "\\_").replace("%", "\\%") + "%");
        int shown = (int) Math.min(asked, Math.max(1, (all.size() + perPage - 1) / perPage));
        long cap = walks && !status.equals("all") ? Math.max(counted, (long) asked * perPage) : Long.MAX_VALUE;
        String as = params + (walks ? " walked" : "");
        assertThat(page.page()).as(as).isEqualTo(shown);
        assertThat(page.items().stream().map(Views.BugSummary::id).toList()).as(as).isEqualTo(
                all.subList(Math.min(all.size(), (shown - 1) * perPage), Math.min(all.size(), shown * perPage)));
        assertThat(page.total()).as(as).isEqualTo(Math.min(all.size(), cap));
        assertThat(page.moreThanTotal()).as(as).isEqualTo(all.size() > cap);
        return walks;
    }
}
