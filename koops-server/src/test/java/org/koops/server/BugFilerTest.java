package org.koops.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** syzkaller's grouping rule and the similarity merge, on the embedded database. */
class BugFilerTest {
    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path dir;
    private Database db;
    private Connection c;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(TestDatabases.h2(dir), null, null, 2);
        c = db.connection();
        Sql.update(c, "INSERT INTO submitted_log (sha256, name, tags, received_at, size, state) VALUES"
                + " ('x', 'x', '', ?, 0, 'analysed')", NOW);
    }

    @AfterEach
    void close() throws Exception {
        c.close();
        db.close();
    }

    @Test
    void aCrashJoinsTheBugOwningItsTitleOrAnAlternativeTitle() throws Exception {
        BugFiler filer = new BugFiler(false);
        String uaf = "KASAN: use-after-free in foo";
        long first = file(filer, crash("KASAN: use-after-free Read in foo", List.of(uaf), null));
        long byAlt = file(filer, crash("KASAN: use-after-free Write in foo", List.of(uaf), null));
        long byNewAlt = file(filer, crash("general protection fault in bar",
                List.of("KASAN: use-after-free Write in foo"), null));
        long other = file(filer, crash("WARNING in baz", List.of(), null));

        assertThat(byAlt).isEqualTo(first);
        assertThat(byNewAlt).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(Sql.list(c, "SELECT title FROM bug_title WHERE bug_id = ? ORDER BY title", rs -> rs.getString(1),
                first)).containsExactly("KASAN: use-after-free Read in foo", "KASAN: use-after-free Write in foo",
                "KASAN: use-after-free in foo", "general protection fault in bar");
        assertThat(Sql.one(c, "SELECT crash_count FROM bug WHERE id = ?", rs -> rs.getLong(1), first))
                .contains(3L);
    }

    @Test
    void theTitleWinsOverAnAlternativeTitle() throws Exception {
        BugFiler filer = new BugFiler(false);
        long a = file(filer, crash("A", List.of(), null));
        long b = file(filer, crash("B", List.of(), null));

        assertThat(file(filer, crash("B", List.of("A"), null))).isEqualTo(b).isNotEqualTo(a);
    }

    @Test
    void aCrashOfADuplicateCountsInTheBugItDuplicates() throws Exception {
        BugFiler filer = new BugFiler(false);
        long original = file(filer, crash("WARNING in foo", List.of(), null));
        long duplicate = file(filer, crash("WARNING in foo_helper", List.of(), null));
        assertThat(BugStatus.change(c, duplicate, BugStatus.Change.of("duplicate", "same fix", original), NOW)).isTrue();

        assertThat(file(filer, crash("WARNING in foo_helper", List.of(), null))).isEqualTo(original);
        assertThat(Sql.one(c, "SELECT crash_count FROM bug WHERE id = ?", rs -> rs.getLong(1), original))
                .contains(2L);
    }

    @Test
    void duplicatesOfDuplicatesAndCyclesAreRefused() throws Exception {
        BugFiler filer = new BugFiler(false);
        long a = file(filer, crash("WARNING in a", List.of(), null));
        long b = file(filer, crash("WARNING in b", List.of(), null));
        long d = file(filer, crash("WARNING in d", List.of(), null));
        assertThat(BugStatus.change(c, b, BugStatus.Change.of("duplicate", null, a), NOW)).isTrue();

        assertThatThrownBy(() -> BugStatus.change(c, a, BugStatus.Change.of("duplicate", null, b), NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bug " + b + " is itself a duplicate of bug " + a + ": mark this one a duplicate of bug "
                        + a);
        assertThatThrownBy(() -> BugStatus.change(c, d, BugStatus.Change.of("duplicate", null, b), NOW))
                .hasMessageContaining("is itself a duplicate");
        assertThatThrownBy(() -> BugStatus.change(c, a, BugStatus.Change.of("duplicate", null, d), NOW))
                .hasMessage("bug " + b + " is a duplicate of bug " + a + ": mark it a duplicate of bug " + d + " first");
        assertThatThrownBy(() -> BugStatus.change(c, a, BugStatus.Change.of("duplicate", null, a), NOW))
                .hasMessage("a bug cannot be a duplicate of itself");
        assertThatThrownBy(() -> BugStatus.change(c, a, BugStatus.Change.of("duplicate", null, 999L), NOW))
                .hasMessage("there is no bug 999");
        assertThat(BugStatus.change(c, b, BugStatus.Change.of("duplicate", "moved", d), NOW)).isTrue(); // a duplicate may change original
        assertThat(BugStatus.change(c, a, BugStatus.Change.of("duplicate", null, d), NOW)).isTrue();
    }

    @Test
    void theSimilarityMergeJoinsTheSameTopFramesOfTheSameKindOnlyWhenAsked() throws Exception {
        long first = file(new BugFiler(true), crash("WARNING in foo", List.of(), "foo|bar|baz"));

        assertThat(file(new BugFiler(true), crash("WARNING in foo_inlined", List.of(), "foo|bar|baz")))
                .isEqualTo(first);
        assertThat(file(new BugFiler(false), crash("WARNING in foo_other", List.of(), "foo|bar|baz")))
                .isNotEqualTo(first);
        assertThat(file(new BugFiler(true), crash("WARNING in foo_again", List.of(), "foo|bar|qux")))
                .isNotEqualTo(first);
    }

    @Test
    void crashesCountedInOneTransactionAddUpAsIfCountedOneByOne() throws Exception {
        BugFiler filer = new BugFiler(false);
        long fixed = file(filer, crash("WARNING in foo", List.of(), null));
        assertThat(BugStatus.change(c, fixed, BugStatus.Change.of("fixed", "patch", null), NOW.plusSeconds(60))).isTrue();
        CrashFacts later = crash("WARNING in foo", List.of(), null);
        List<CrashFacts> batch = List.of(
                facts(later.title(), List.of(later.title()), "h", NOW.plusSeconds(3600), "6.1", null),
                facts(later.title(), List.of(later.title()), "other", NOW.minusSeconds(3600), "6.2", null),
                crash("WARNING in bar", List.of(), null));
        BugCounts counts = new BugCounts(Webhooks.NONE, java.time.Clock.systemUTC());
        for (CrashFacts f : batch) {
            counts.add(filer.bugFor(c, f, counts), f);
        }
        counts.write(c);

        assertThat(Sql.one(c, "SELECT crash_count || ' ' || host_count || ' ' || release_count || ' ' || status"
                + " FROM bug WHERE id = ?", rs -> rs.getString(1), fixed)).contains("3 2 2 open");
        assertThat(Sql.one(c, "SELECT first_seen FROM bug WHERE id = ?", rs -> Sql.instant(rs, "first_seen"), fixed))
                .contains(NOW.minusSeconds(3600));
        assertThat(Sql.list(c, "SELECT facet || '=' || facet_value || ':' || crash_count FROM bug_facet"
                + " WHERE bug_id = ? AND facet IN ('host', 'arch') ORDER BY facet, facet_value", rs -> rs.getString(1),
                fixed)).containsExactly("arch=x86_64:3", "host=h:2", "host=other:1");
        assertThat(Sql.one(c, "SELECT COUNT(*) FROM bug WHERE crash_count = 1", rs -> rs.getLong(1))).contains(1L);
    }

    private long file(BugFiler filer, CrashFacts f) throws Exception {
        BugCounts counts = new BugCounts(Webhooks.NONE, java.time.Clock.systemUTC());
        long bug = filer.bugFor(c, f, counts);
        counts.add(bug, f);
        counts.write(c);
        return bug;
    }

    private static CrashFacts crash(String title, List<String> alts, String framesKey) {
        List<String> titles = new java.util.ArrayList<>(List.of(title));
        titles.addAll(alts);
        return facts(title, titles, "h", NOW, "6.1", framesKey);
    }

    static CrashFacts facts(String title, List<String> titles, String host, Instant time, String release,
                            String framesKey) {
        return new CrashFacts(0, title, titles, "WARNING", "x86_64", false, host, time, release, "", "foo", null,
                framesKey, 1, 2, List.of(), "WARNING", null, null);
    }
}
