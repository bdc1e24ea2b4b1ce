package org.koops.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;

import org.koops.Koops;
import org.koops.model.CrashReport;
import org.koops.model.LogAnalysis;

/**
 * Turns a submitted log into crashes. The log is committed first, so that it is never lost, then
 * analysed by the core library, then its reports are filed under bugs in a second transaction. A log
 * whose analysis throws is kept, marked failed with the reason; a log left pending by a server that
 * died is analysed by {@link #recover}.
 */
final class Ingestor {
    /** What a submission became; {@code duplicate} when the same bytes had been submitted before. */
    record Receipt(long log, boolean duplicate, String state, List<Filed> crashes) {
    }

    /** One crash of the log and the bug it joined. */
    record Filed(long crash, long bug, int report, String title) {
    }

    private final Database db;
    private final WriteQueue writes;
    private final BugFiler filer;
    private final Clock clock;
    private final Koops koops = Koops.create();
    /** Analysis is CPU-bound: more at once than there are cores only adds memory. */
    private final Semaphore analysing = new Semaphore(Runtime.getRuntime().availableProcessors());

    Ingestor(Database db, WriteQueue writes, BugFiler filer, Clock clock) {
        this.db = db;
        this.writes = writes;
        this.filer = filer;
        this.clock = clock;
    }

    Receipt ingest(Submission s) throws SQLException {
        Instant received = clock.instant();
        LogStore.Stored stored = writes.write(c -> LogStore.store(c, sha256(s.bytes()), s, received));
        if (stored.created()) {
            analyse(new LogStore.Pending(stored.id(), s, received));
        }
        return receipt(stored.id(), !stored.created());
    }

    /** Analyses the logs left pending, by a server killed before it finished them. */
    int recover() throws SQLException {
        List<Long> ids;
        try (Connection c = db.connection()) {
            ids = LogStore.pendingIds(c);
        }
        int recovered = 0;
        for (long id : ids) {
            Optional<LogStore.Pending> pending;
            try (Connection c = db.connection()) {
                pending = LogStore.pending(c, id);
            }
            if (pending.isPresent()) {
                analyse(pending.get());
                recovered++;
            }
        }
        return recovered;
    }

    private void analyse(LogStore.Pending log) throws SQLException {
        List<CrashFacts> crashes = new ArrayList<>();
        String error = null;
        analysing.acquireUninterruptibly();
        try {
            LogAnalysis analysis = koops.analyze(log.submission().name(),
                    new ByteArrayInputStream(log.submission().bytes()));
            for (CrashReport r : analysis.reports()) {
                if (r.duplicateOf() == null) { // a pasted copy is the same crash printed again
                    crashes.add(CrashFacts.of(r, log.submission().host(), log.submission().time(), log.received()));
                }
            }
        } catch (IOException e) {
            error = "cannot read the log: " + e.getMessage();
        } catch (RuntimeException | StackOverflowError e) {
            error = "the analysis failed: " + e;
        } finally {
            analysing.release();
        }
        String failure = error;
        writes.write(c -> {
            if (failure != null) {
                LogStore.fail(c, log.id(), failure);
            } else if (LogStore.finish(c, log.id(), crashes.size())) {
                for (CrashFacts f : crashes) {
                    long bug = filer.bugFor(c, f);
                    CrashStore.insert(c, log.id(), bug, f);
                    filer.count(c, bug, f);
                }
            }
            return null;
        });
    }

    private Receipt receipt(long log, boolean duplicate) throws SQLException {
        try (Connection c = db.connection()) {
            String state = Sql.one(c, "SELECT state FROM submitted_log WHERE id = ?", rs -> rs.getString(1), log)
                    .orElseThrow();
            List<Filed> crashes = Sql.list(c, "SELECT id, bug_id, report_index, title FROM crash WHERE log_id = ?"
                    + " ORDER BY report_index", rs -> new Filed(rs.getLong(1), rs.getLong(2), rs.getInt(3),
                    rs.getString(4)), log);
            return new Receipt(log, duplicate, state, crashes);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }
}
