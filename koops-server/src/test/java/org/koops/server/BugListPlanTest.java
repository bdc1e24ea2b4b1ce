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
}
