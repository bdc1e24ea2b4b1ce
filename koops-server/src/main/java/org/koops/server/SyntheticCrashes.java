package org.koops.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fills a database with synthetic bugs and crashes for {@code koops bench-server}: a fleet's year, with
 * bug sizes falling off as 1/rank (a few bugs hold most crashes), each bug seen on its own share of the
 * hosts and releases. Rows are written directly, with the counters and facets the server would keep.
 */
final class SyntheticCrashes {
    private static final int HOSTS = 2000;
    private static final int RELEASES = 40;
    private static final int DAYS = 365;
    private static final String[] ARCHES = {"x86_64", "arm64", "riscv64"};
    private static final String[] KINDS = {"KASAN", "WARNING", "NULL_POINTER_DEREFERENCE", "GENERAL_PROTECTION_FAULT",
        "HUNG_TASK", "LOCKDEP"};
    /** As a fleet sends them: a log for each crash. */
    private static final int CRASHES_PER_LOG = 1;
    private static final int BATCH = 2000;

    private final SplittableRandom random = new SplittableRandom(42);
    private final Instant start = Instant.parse("2025-01-01T00:00:00Z");

    /** One facet row: a count and the first and latest crash. */
    private static final class Count {
        long crashes;
        Instant first;
        Instant last;
    }

    void fill(Connection c, int bugs, int crashes) throws SQLException {
        c.setAutoCommit(false);
        long[] perBug = sizes(bugs, crashes);
        // The sizes' rounding may give a few crashes more than asked for: as many logs as they need.
        long total = java.util.Arrays.stream(perBug).sum();
        long[] logs = insertLogs(c, (int) ((total + CRASHES_PER_LOG - 1) / CRASHES_PER_LOG));
        long crashNumber = 0;
        try (PreparedStatement bug = c.prepareStatement("INSERT INTO bug (id, title, kind, culprit_function,"
                + " culprit_module, status, crash_count, host_count, release_count, first_seen, last_seen)"
                + " VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?)");
             PreparedStatement counters = c.prepareStatement("UPDATE bug SET crash_count = ?, host_count = ?,"
                     + " release_count = ?, first_seen = ?, last_seen = ? WHERE id = ?");
             PreparedStatement title = c.prepareStatement("INSERT INTO bug_title (title, bug_id) VALUES (?, ?)");
             PreparedStatement crash = c.prepareStatement("INSERT INTO crash (log_id, report_index, bug_id, title,"
                     + " kind, arch, corrupted, host, crash_time, kernel_release, taint, culprit_function,"
                     + " culprit_module, start_line, end_line, cause, top_frames)"
                     + " VALUES (?, ?, ?, ?, ?, ?, FALSE, ?, ?, ?, ?, ?, ?, 1, 40, ?, ?)");
             PreparedStatement facet = c.prepareStatement("INSERT INTO bug_facet (bug_id, facet, facet_value,"
                     + " crash_count, first_seen, last_seen, sort_key) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int b = 1; b <= bugs; b++) {
                String kind = KINDS[b % KINDS.length];
                String function = "fn_" + Integer.toString(b, 36);
                String module = b % 3 == 0 ? "mod" + b % 97 : null;
                String name = kind.replace('_', ' ').toLowerCase() + " in " + function;
                bug.setLong(1, b);
                bug.setString(2, name);
                bug.setString(3, kind);
                bug.setString(4, function);
                bug.setString(5, module);
                bug.setString(6, b % 10 == 0 ? "fixed" : "open");
                bug.setObject(7, start.atOffset(ZoneOffset.UTC));
                bug.setObject(8, start.atOffset(ZoneOffset.UTC));
                bug.executeUpdate();
                Map<String, Count> facets = new HashMap<>();
                Instant first = null;
                Instant last = null;
                int hostBase = random.nextInt(HOSTS);
                int releaseBase = random.nextInt(RELEASES);
                for (long i = 0; i < perBug[b - 1]; i++, crashNumber++) {
                    Instant time = start.plusSeconds(random.nextLong(DAYS * 86_400L));
                    String host = "host-" + (hostBase + (int) Math.min(HOSTS - 1, Math.abs(random.nextGaussian()) * 50))
                            % HOSTS;
                    String release = "6." + (releaseBase + random.nextInt(4)) % RELEASES + ".0-" + (b % 7) + "-generic";
                    String arch = ARCHES[random.nextInt(10) < 8 ? 0 : 1 + random.nextInt(2)];
                    String taint = random.nextInt(4) == 0 ? "OE" : "";
                    crash.setLong(1, logs[(int) (crashNumber / CRASHES_PER_LOG)]);
                    crash.setInt(2, (int) (crashNumber % CRASHES_PER_LOG));
                    crash.setLong(3, b);
                    crash.setString(4, name);
                    crash.setString(5, kind);
                    crash.setString(6, arch);
                    crash.setString(7, host);
                    crash.setObject(8, time.atOffset(ZoneOffset.UTC));
                    crash.setString(9, release);
                    crash.setString(10, taint);
                    crash.setString(11, function);
                    crash.setString(12, module);
                    crash.setString(13, "UNKNOWN");
                    crash.setString(14, function + "+0x1c/0x80" + (module == null ? "" : " [" + module + "]")
                            + "\nsynthetic_caller+0x40/0x100\nentry_SYSCALL_64_after_hwframe+0x6e/0xd8");
                    crash.addBatch();
                    if (crashNumber % BATCH == BATCH - 1) {
                        crash.executeBatch();
                        c.commit();
                    }
                    first = first == null || time.isBefore(first) ? time : first;
                    last = last == null || time.isAfter(last) ? time : last;
                    count(facets, Facet.HOST, host, time);
                    count(facets, Facet.HOST_GROUP, HostGroup.of(host), time);
                    count(facets, Facet.RELEASE, release, time);
                    count(facets, Facet.ARCH, arch, time);
                    count(facets, Facet.TAINT, taint.isEmpty() ? "(not tainted)" : taint, time);
                    count(facets, Facet.MODULE, module == null ? "(kernel image)" : module, time);
                    count(facets, Facet.DAY, time.atOffset(ZoneOffset.UTC).toLocalDate().toString(), time);
                }
                counters.setLong(1, perBug[b - 1]);
                counters.setInt(2, (int) facets.keySet().stream().filter(k -> k.startsWith("host/")).count());
                counters.setInt(3, (int) facets.keySet().stream().filter(k -> k.startsWith("release/")).count());
                counters.setObject(4, first.atOffset(ZoneOffset.UTC));
                counters.setObject(5, last.atOffset(ZoneOffset.UTC));
                counters.setLong(6, b);
                counters.executeUpdate();
                title.setString(1, name);
                title.setLong(2, b);
                title.executeUpdate();
                TitleGrams.add(c, java.util.Collections.singletonList(new Object[] {name, (long) b}));
                for (Map.Entry<String, Count> f : facets.entrySet()) {
                    int slash = f.getKey().indexOf('/');
                    facet.setLong(1, b);
                    facet.setString(2, f.getKey().substring(0, slash));
                    facet.setString(3, f.getKey().substring(slash + 1));
                    facet.setLong(4, f.getValue().crashes);
                    facet.setObject(5, f.getValue().first.atOffset(ZoneOffset.UTC));
                    facet.setObject(6, f.getValue().last.atOffset(ZoneOffset.UTC));
                    facet.setString(7, f.getKey().startsWith(Facet.RELEASE.id + "/")
                            ? Facet.RELEASE.sortKey(f.getKey().substring(slash + 1)) : null);
                    facet.addBatch();
                }
                facet.executeBatch();
            }
            crash.executeBatch();
        }
        c.commit();
        Sql.update(c, StatusCounts.Counted.BUGS.recount());
        Sql.update(c, StatusCounts.Counted.LOGS.recount());
        Sql.update(c, "INSERT INTO fleet_release (kernel_release, sort_key, first_seen, last_seen) SELECT facet_value,"
                + " MIN(sort_key), MIN(first_seen), MAX(last_seen) FROM bug_facet WHERE facet = 'release'"
                + " GROUP BY facet_value");
        c.commit();
        // The identity columns must go on after the explicit ids written here.
        Sql.update(c, "ALTER TABLE bug ALTER COLUMN id RESTART WITH " + (bugs + 1));
        c.commit();
    }

    /** 1/rank sizes summing to {@code crashes}, every bug at least one crash. */
    private static long[] sizes(int bugs, int crashes) {
        double harmonic = 0;
        for (int i = 1; i <= bugs; i++) {
            harmonic += 1.0 / i;
        }
        long[] sizes = new long[bugs];
        long total = 0;
        for (int i = 0; i < bugs; i++) {
            sizes[i] = Math.max(1, Math.round(crashes / harmonic / (i + 1)));
            total += sizes[i];
        }
        sizes[0] += Math.max(0, crashes - total);
        return sizes;
    }

    /** The logs' ids, in order. */
    private long[] insertLogs(Connection c, int logs) throws SQLException {
        long[] ids = new long[logs];
        List<Object[]> rows = new ArrayList<>(BATCH);
        List<Object[]> contents = new ArrayList<>(BATCH);
        for (int from = 0; from < logs; from += BATCH) {
            rows.clear();
            contents.clear();
            for (int i = from; i < Math.min(logs, from + BATCH); i++) {
                // Digests in the order of the logs, which no page reads: with random ones, spread over the unique
                // index, H2's fill of a million took 852 s on a busy machine (116 s in order, on a quiet one).
                rows.add(new Object[] {String.format(Locale.ROOT, "%064x", i),
                        start.plus(i % DAYS, ChronoUnit.DAYS), CRASHES_PER_LOG});
            }
            long[] batch = Sql.insertBatch(c, "INSERT INTO submitted_log (sha256, name, tags, received_at, size, state,"
                    + " report_count) VALUES (?, 'synthetic', '', ?, 1, 'analysed', ?)", rows);
            System.arraycopy(batch, 0, ids, from, batch.length);
            for (long id : batch) {
                contents.add(new Object[] {id, new byte[] {'\n'}});
            }
            Sql.batch(c, "INSERT INTO log_content (log_id, raw) VALUES (?, ?)", contents);
            c.commit();
        }
        return ids;
    }

    private static void count(Map<String, Count> facets, Facet facet, String value, Instant time) {
        Count n = facets.computeIfAbsent(facet.id + "/" + value, k -> new Count());
        n.crashes++;
        n.first = n.first == null || time.isBefore(n.first) ? time : n.first;
        n.last = n.last == null || time.isAfter(n.last) ? time : n.last;
    }
}
