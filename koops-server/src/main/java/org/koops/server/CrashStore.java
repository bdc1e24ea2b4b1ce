package org.koops.server;

import java.sql.Connection;
import java.sql.SQLException;

/** Writes the {@code crash} table. */
final class CrashStore {
    private CrashStore() {
    }

    static long insert(Connection c, long log, long bug, CrashFacts f) throws SQLException {
        return Sql.insert(c, """
                INSERT INTO crash (log_id, report_index, bug_id, title, kind, arch, corrupted, host, crash_time,
                                   kernel_release, taint, culprit_function, culprit_module, start_line, end_line,
                                   cause, guilty_file, top_frames)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                log, f.index(), bug, f.title(), f.kind(), f.arch(), f.corrupted(), f.host(), f.time(), f.release(),
                f.taint(), f.culpritFunction(), f.culpritModule(), f.startLine(), f.endLine(), f.cause(),
                f.guiltyFile(), f.topFrames());
    }
}
