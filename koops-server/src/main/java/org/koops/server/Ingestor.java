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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.koops.Koops;
import org.koops.LogInputs;

/**
 * Turns a submitted log into crashes. A log the core library analyses quickly is stored with its crashes,
 * filed under bugs, in one transaction; one whose analysis runs longer is committed first, so that it is
 * kept meanwhile, and its crashes are filed in a second transaction ({@link EarlyStore}). A log whose
 * analysis throws is kept, marked failed with the reason; a log left pending by a server that died
 * is analysed by {@link #recover}.
 */
final class Ingestor {
    /**
     * What a submission became; {@code duplicate} when the same bytes had been submitted before;
     * {@code notice} what the server changed of the submission, or {@code null}.
     */
    record Receipt(long log, boolean duplicate, String state, String notice, List<Filed> crashes) {
        /** With {@code value} said before this receipt's own notice, if any. */
        Receipt withNotice(String value) {
            return value == null ? this : new Receipt(log, duplicate, state, joined(value, notice), crashes);
        }
    }

    /** Two notices in order, either of them {@code null} for none: as the log's row joins them. */
    static String joined(String first, String then) {
        return first == null ? then : then == null ? first : first + "; " + then;
    }

    /** The notice of a compressed log cut short. */
    static final String CUT = "the compressed log is cut short: what it held before the cut was analysed";
    /** Linux was first released in 1991: a crash time before that is a mistake. */
    static final Instant EARLIEST = Instant.parse("1991-01-01T00:00:00Z");
    /** How far ahead of this server's clock a sender's clock may be. */
    static final java.time.Duration CLOCK_SKEW = java.time.Duration.ofDays(1);

    /** One crash of the log and the bug it joined. */
    record Filed(long crash, long bug, int report, String title) {
    }

    private final Database db;
    private final WriteQueue writes;
    private final BugFiler filer;
    private final Clock clock;
    /** Filing reads the diagnosis's facts only (cause, culprit, guilty file): its explanation would only cost time. */
    private final Koops koops = Koops.create().withDiagnosisFactsOnly();
    private final AnalysisLimits limits;
    private final AnalysisSlots slots = AnalysisSlots.forThisMachine();
    /** Set when the server stops: analyses then end at their next check, leaving their logs pending. */
    private volatile boolean stopping;
    /**
     * The {@link LogStore#submissionKey}s of the logs that requests of this instance are storing or
     * analysing: the recovery leaves them to those requests. Known before the log has an id, so that none
     * is missed in between.
     */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** {@link #fileAll} as a write of the queue: the analysed logs waiting are filed together. */
    private final WriteQueue.Batched<Analysed, Optional<Receipt>> file = this::fileAll;
    /** {@link #storeAndFileAll} as a write of the queue. */
    private final WriteQueue.Batched<Unstored, StoredAndFiled> storeAndFile = this::storeAndFileAll;

    Ingestor(Database db, WriteQueue writes, BugFiler filer, Clock clock, AnalysisLimits limits) {
        this.db = db;
        this.limits = limits;
        this.writes = writes;
        this.filer = filer;
        this.clock = clock;
    }

    /**
     * Stores a log, then analyses it unless it was stored before.
     *
     * @param client the request waiting for the answer: when it hangs up, the analysis stops and the
     *               log stays pending, for the recovery
     */
    Receipt ingest(Submission submitted, Analysis.Client client) throws SQLException {
        Instant received = clock.instant();
        Submission s = submitted;
        String notice = null;
        if (s.time() != null && (s.time().isBefore(EARLIEST) || s.time().isAfter(received.plus(CLOCK_SKEW)))) {
            // Counted as given, a time of year 999999999 would stretch every chart of its bug beyond use.
            notice = "the time " + s.time() + " is not between " + EARLIEST + " and a day after the server's clock:"
                    + " the time the log arrived is used instead";
            s = s.withTime(null);
        }
        String note = notice;
        Submission checked = s;
        String sha256 = sha256(s.bytes());
        String key = LogStore.submissionKey(sha256, s.host());
        boolean first = inFlight.add(key);
        LogStore.ToStore log = new LogStore.ToStore(sha256, checked, received, note);
        try (WriteQueue.Upcoming writing = writes.upcoming()) {
            EarlyStore early = new EarlyStore(() -> writes.queue(LogStore.STORE, log), limits.storeFirstAfter());
            // Until the log is committed the client cannot abandon it: it is nowhere else. The same bytes
            // stored before from the same host end the analysis once the store says so.
            Optional<Found> found = analyse(checked, received,
                    () -> early.storedBefore() || early.committed() && client.gone());
            if (early.together()) {
                // Without a finding (the server is stopping) the log is stored pending.
                return found.isPresent() ? storeAndFile(log, found.get(), writing)
                        : receipt(writes.writeLast(LogStore.STORE, log, writing));
            }
            LogStore.Stored stored = WriteQueue.await(early.queued());
            if (stored.created() && found.isPresent()) {
                Optional<Receipt> filed = writes.writeLast(file, new Analysed(stored.id(), found.get()), writing);
                if (filed.isPresent()) {
                    return filed.get().withNotice(note);
                }
            }
            return receipt(stored);
        } finally {
            if (first) {
                inFlight.remove(key);
            }
        }
    }

    /** Stores a log analysed before its store, with its crashes, in one commit: the request's last write. */
    private Receipt storeAndFile(LogStore.ToStore log, Found found, WriteQueue.Upcoming request) throws SQLException {
        StoredAndFiled done = writes.writeLast(storeAndFile, new Unstored(log, found), request);
        return done.filed() != null ? done.filed() : receipt(done.stored());
    }

    /** The logs that requests of this instance are storing or analysing now. */
    int inFlight() {
        return inFlight.size();
    }

    /** The server is stopping: analyses end at their next check and leave their logs pending. */
    void stop() {
        stopping = true;
    }

    /** Whether the server is stopping: long chores end early too. */
    boolean stopping() {
        return stopping;
    }

    /**
     * Analyses the logs left pending, by a server killed before it finished them or by requests that
     * hung up, one at a time and smallest first: a big log waits for the small ones.
     */
    int recover() throws SQLException {
        List<LogStore.Waiting> waiting;
        try (Connection c = db.connection()) {
            waiting = LogStore.waiting(c);
        }
        int recovered = 0;
        for (LogStore.Waiting log : waiting) {
            if (stopping) {
                break;
            }
            if (inFlight.contains(log.key())) {
                continue;
            }
            Optional<LogStore.Pending> pending;
            try (Connection c = db.connection()) {
                pending = LogStore.pending(c, log.id());
            }
            if (pending.isPresent() && analyseStored(pending.get()).isPresent()) {
                recovered++;
            }
        }
        return recovered;
    }

    /**
     * Analyses a failed log again, for instance after an upgrade of koops or a larger limit: it is set
     * pending, then analysed as if just submitted. False when no failed log has that id.
     */
    boolean reanalyse(long id) throws SQLException {
        if (!writes.write((c, counts) -> LogStore.retry(c, id, counts.logStates()))) {
            return false;
        }
        Optional<LogStore.Pending> pending;
        try (Connection c = db.connection()) {
            pending = LogStore.pending(c, id);
        }
        if (pending.isPresent()) {
            analyseStored(pending.get());
        }
        return true;
    }

    /**
     * Analyses a log stored before and files what it found: the receipt of the log, or empty when another
     * request or instance finished it first, or when the analysis stopped early and left the log pending.
     */
    private Optional<Receipt> analyseStored(LogStore.Pending log) throws SQLException {
        Optional<Found> found = analyse(log.submission(), log.received(), Analysis.SERVER);
        return found.isPresent() ? writes.write(file, new Analysed(log.id(), found.get())) : Optional.empty();
    }

    /**
     * What the analysis of a log found, its crashes or why it failed; empty when it stopped early, the
     * client gone or the server stopping.
     */
    private Optional<Found> analyse(Submission s, Instant received, Analysis.Client client) {
        List<CrashFacts> crashes = new ArrayList<>();
        String error = null;
        java.util.concurrent.atomic.AtomicBoolean cut = new java.util.concurrent.atomic.AtomicBoolean();
        try (Analysis analysis = Analysis.start(limits, slots, () -> stopping, client)) {
            // Reports are reduced to their facts as they are found: memory stays small whatever the log holds.
            koops.scan(LogInputs.decompress(new ByteArrayInputStream(s.bytes()), () -> cut.set(true)), r -> {
                analysis.report();
                if (r.duplicateOf() == null) { // a pasted copy is the same crash printed again
                    crashes.add(CrashFacts.of(r, s.host(), s.time(), received, s.tags()));
                }
            }, analysis::progress);
        } catch (Analysis.Stop e) {
            if (!e.failed) {
                return Optional.empty();
            }
            error = e.getMessage();
        } catch (IOException e) {
            error = "cannot read the log: " + e.getMessage();
        } catch (RuntimeException | StackOverflowError e) {
            error = "the analysis failed: " + e;
        }
        return Optional.of(new Found(crashes, error, cut.get() ? CUT : null));
    }

    /** What the analysis of a log found: its crashes, or why it failed; {@code notice} what to add to the log's. */
    private record Found(List<CrashFacts> crashes, String failure, String notice) {
    }

    /** A stored log and what its analysis found. */
    private record Analysed(long log, Found found) {
    }

    /** A log analysed before its store, and what its analysis found. */
    private record Unstored(LogStore.ToStore log, Found found) {
    }

    /** How a log analysed before its store was stored; {@code filed} null when it had been stored before. */
    private record StoredAndFiled(LogStore.Stored stored, Receipt filed) {
    }

    /**
     * Marks the logs analysed (or failed) and files their crashes, all the logs waiting at once: the
     * receipt of each, or empty for a log that another request or instance finished first.
     */
    private List<Optional<Receipt>> fileAll(Connection c, List<Analysed> logs, BugCounts counts) throws SQLException {
        List<LogStore.Finished> finished = new ArrayList<>();
        for (Analysed a : logs) {
            if (a.found.failure == null) {
                finished.add(new LogStore.Finished(a.log, a.found.crashes.size(), a.found.notice));
            }
        }
        boolean[] done = LogStore.finishAll(c, finished, counts.logStates());
        List<Analysed> toFile = new ArrayList<>();
        int next = 0;
        for (Analysed a : logs) {
            if (a.found.failure == null && done[next++]) {
                toFile.add(a);
            }
        }
        List<Receipt> filed = fileCrashes(c, toFile, counts);
        List<Optional<Receipt>> receipts = new ArrayList<>(logs.size());
        int receipt = 0;
        next = 0;
        for (Analysed a : logs) {
            if (a.found.failure != null) {
                receipts.add(LogStore.fail(c, a.log, a.found.failure, counts.logStates())
                        ? Optional.of(new Receipt(a.log, false, "failed", null, List.of())) : Optional.empty());
            } else if (!done[next++]) {
                receipts.add(Optional.empty());
            } else {
                receipts.add(Optional.of(filed.get(receipt++)));
            }
        }
        return receipts;
    }

    /**
     * Stores logs analysed before their store, as analysed or failed, and files the crashes of those it
     * stored. A log whose bytes were stored before from the same host is left as it was.
     */
    private List<StoredAndFiled> storeAndFileAll(Connection c, List<Unstored> logs, BugCounts counts)
            throws SQLException {
        List<LogStore.ToStore> rows = new ArrayList<>(logs.size());
        for (Unstored u : logs) {
            String notice = u.log.notice();
            if (u.found.failure != null) {
                rows.add(u.log.as(LogStore.Outcome.failed(u.found.failure), notice));
            } else {
                rows.add(u.log.as(LogStore.Outcome.analysed(u.found.crashes.size()), joined(notice, u.found.notice)));
            }
        }
        List<LogStore.Stored> stored = LogStore.storeAll(c, rows, counts.logStates());
        List<Analysed> toFile = new ArrayList<>();
        for (int i = 0; i < logs.size(); i++) {
            if (stored.get(i).created() && logs.get(i).found.failure == null) {
                toFile.add(new Analysed(stored.get(i).id(), new Found(logs.get(i).found.crashes, null,
                        rows.get(i).notice())));
            }
        }
        List<Receipt> filed = fileCrashes(c, toFile, counts);
        List<StoredAndFiled> out = new ArrayList<>(logs.size());
        int receipt = 0;
        for (int i = 0; i < logs.size(); i++) {
            LogStore.Stored s = stored.get(i);
            if (!s.created()) {
                out.add(new StoredAndFiled(s, null));
            } else if (logs.get(i).found.failure != null) {
                out.add(new StoredAndFiled(s, new Receipt(s.id(), false, "failed", rows.get(i).notice(), List.of())));
            } else {
                out.add(new StoredAndFiled(s, filed.get(receipt++)));
            }
        }
        return out;
    }

    /** Files the crashes of analysed logs under their bugs: the receipt of each log. */
    private List<Receipt> fileCrashes(Connection c, List<Analysed> logs, BugCounts counts) throws SQLException {
        List<CrashFacts> facts = new ArrayList<>();
        for (Analysed a : logs) {
            facts.addAll(a.found.crashes);
        }
        long[] bugs = filer.bugsFor(c, facts, counts);
        List<CrashStore.Row> rows = new ArrayList<>(facts.size());
        int crash = 0;
        for (Analysed a : logs) {
            for (CrashFacts f : a.found.crashes) {
                rows.add(new CrashStore.Row(a.log, bugs[crash++], f));
            }
        }
        long[] ids = CrashStore.insertAll(c, rows);
        List<Receipt> receipts = new ArrayList<>(logs.size());
        crash = 0;
        for (Analysed a : logs) {
            List<Filed> filed = new ArrayList<>(a.found.crashes.size());
            for (CrashFacts f : a.found.crashes) {
                CrashStore.Row row = rows.get(crash);
                filed.add(new Filed(ids[crash++], row.bug(), f.index(), f.title()));
                counts.add(row.bug(), f);
            }
            receipts.add(new Receipt(a.log, false, "analysed", a.found.notice, List.copyOf(filed)));
        }
        return receipts;
    }

    private Receipt receipt(LogStore.Stored stored) throws SQLException {
        return receipt(stored.id(), !stored.created());
    }

    private Receipt receipt(long log, boolean duplicate) throws SQLException {
        try (Connection c = db.connection()) {
            String[] row = Sql.one(c, "SELECT state, notice FROM submitted_log WHERE id = ?",
                    rs -> new String[] {rs.getString(1), rs.getString(2)}, log).orElseThrow();
            List<Filed> crashes = Sql.list(c, "SELECT id, bug_id, report_index, title FROM crash WHERE log_id = ?"
                    + " ORDER BY report_index", rs -> new Filed(rs.getLong(1), rs.getLong(2), rs.getInt(3),
                    rs.getString(4)), log);
            return new Receipt(log, duplicate, row[0], row[1], crashes);
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
