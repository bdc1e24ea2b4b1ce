package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Writes the {@code crash} table. */
final class CrashStore {
    /** A crash to insert: the log it came from, the bug it was filed under, its facts. */
    record Row(long log, long bug, CrashFacts facts) {
    }

    private CrashStore() {
    }

    /** Inserts the crashes in one batch and returns their ids, in order. */
    static long[] insertAll(Connection c, List<Row> crashes) throws SQLException {
        List<Object[]> rows = new ArrayList<>(crashes.size());
        for (Row r : crashes) {
            CrashFacts f = r.facts();
            rows.add(new Object[] {r.log(), f.index(), r.bug(), f.title(), f.kind(), f.arch(), f.corrupted(), f.host(),
                    f.time(), f.release(), f.taint(), f.culpritFunction(), f.culpritModule(), f.startLine(),
                    f.endLine(), f.cause(), f.guiltyFile(), f.topFrames()});
        }
        return Sql.insertBatch(c, """
                INSERT INTO crash (log_id, report_index, bug_id, title, kind, arch, corrupted, host, crash_time,
                                   kernel_release, taint, culprit_function, culprit_module, start_line, end_line,
                                   cause, guilty_file, top_frames)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows);
    }
}
