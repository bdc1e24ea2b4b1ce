package org.koops.server;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.koops.Koops;
import org.koops.model.CrashReport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crashes whose syzkaller title is a placeholder ({@code general protection fault in corrupted}) are filed
 * by their kind and culprit, or into the bin of unclassified reports, never merged by the placeholder.
 */
class BugTitlesTest {
    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void placeholdersAreTheFramesAndMessagesSyzkallerCouldNotRead() {
        assertThat(List.of("general protection fault in corrupted", "bad-access in corrupted", "INFO: corrupted",
                "WARNING: ODEBUG bug in corrupted")).allMatch(BugTitles::placeholder);
        assertThat(List.of("BUG: corrupted list in nilfs_sysfs_delete_device_group",
                "kernel panic: stack is corrupted in ip6_xmit", "kernel panic: corrupted stack end in wb_workfn",
                "KFENCE: memory corruption in test_corruption")).noneMatch(BugTitles::placeholder);
    }

    @Test
    void damagedReportsAreFiledByKindAndCulpritNeverByThePlaceholder() throws Exception {
        Map<String, Long> bugs = new LinkedHashMap<>();
        try (Database db = Database.open(TestDatabases.h2(dir), null, null, 2); Connection c = db.connection()) {
            Sql.update(c, "INSERT INTO submitted_log (sha256, name, tags, received_at, size, state) VALUES"
                    + " ('x', 'x', '', ?, 0, 'analysed')", NOW);
            BugFiler filer = new BugFiler(false);
            for (String log : List.of("gpf-list-del-damaged.log", "gpf-hash-list-del-damaged.log",
                    "gpf-no-frame.log", "paging-no-frame.log", "gpf-list-del-damaged.log")) {
                CrashReport r = Koops.create().withoutDisassembler()
                        .analyze(log, new ByteArrayInputStream(TestLogs.resource(log))).reports().get(0);
                assertThat(r.title()).as(log).endsWith(" in corrupted");
                CrashFacts f = CrashFacts.of(r, "h", null, NOW, List.of());
                assertThat(f.title()).isEqualTo(r.title()); // the crash keeps syzkaller's title
                BugCounts counts = new BugCounts(Webhooks.NONE, java.time.Clock.systemUTC());
                long bug = filer.bugFor(c, f, counts);
                counts.add(bug, f);
                counts.write(c);
                bugs.merge(log, bug, (a, b) -> a.equals(b) ? a : -1L);
            }

            assertThat(title(c, bugs.get("gpf-list-del-damaged.log")))
                    .isEqualTo("general protection fault in lab_list_del [lab_list]");
            assertThat(title(c, bugs.get("gpf-hash-list-del-damaged.log")))
                    .isEqualTo("general protection fault in lab_hash_list_del [lab_hash]");
            assertThat(bugs.get("gpf-no-frame.log")).isEqualTo(bugs.get("paging-no-frame.log"));
            assertThat(title(c, bugs.get("gpf-no-frame.log"))).isEqualTo(BugTitles.UNCLASSIFIED);
            assertThat(new java.util.HashSet<>(bugs.values())).hasSize(3).doesNotContain(-1L);
            assertThat(Sql.list(c, "SELECT title FROM bug_title", rs -> rs.getString(1)))
                    .noneMatch(BugTitles::placeholder);
            assertThat(Sql.one(c, "SELECT crash_count FROM bug WHERE id = ?", rs -> rs.getLong(1),
                    bugs.get("gpf-list-del-damaged.log"))).contains(2L);
        }
    }

    private static String title(Connection c, long bug) throws Exception {
        return Sql.one(c, "SELECT title FROM bug WHERE id = ?", rs -> rs.getString(1), bug).orElseThrow();
    }
}
