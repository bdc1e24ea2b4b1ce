package org.koops.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a submitted log is stored: with its crashes in one commit when its analysis ends quickly, on its
 * own first when the analysis runs long ({@link EarlyStore}), and as the same row either way.
 */
class IngestorTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private final Database db = Database.open("jdbc:h2:mem:ingestor-" + DATABASES.incrementAndGet()
            + ";AUTO_SERVER=FALSE", null, null, 2);
    private final WriteQueue writes = new WriteQueue(db, Webhooks.NONE, Clock.systemUTC());

    @AfterEach
    void close() {
        writes.close();
        db.close();
    }

    @Test
    void aQuickLogIsStoredWithItsCrashesInOneCommit() throws SQLException {
        Ingestor.Receipt receipt = ingestor(AnalysisLimits.DEFAULT.withStoreFirstAfter(Duration.ofMinutes(1)))
                .ingest(submission("a", TestLogs.sample()), Analysis.SERVER);

        assertThat(writes.committed()).containsExactly(1, 1);
        assertThat(receipt.state()).isEqualTo("analysed");
        assertThat(receipt.crashes()).extracting(Ingestor.Filed::title).containsExactly(TestLogs.SAMPLE_TITLE);
        assertThat(row(receipt.log())).containsExactly("analysed", "1", null, null);
    }

    @Test
    void aLongAnalysisHasItsLogStoredFirstThenItsCrashesFiled() throws SQLException, IOException {
        // 30 MB of other messages before the crash: the timer, due at once, fires long before the analysis ends.
        byte[] noise = "[    1.000000] usb 1-1: new high-speed USB device number 2 using xhci_hcd\n".repeat(400_000)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] log = Arrays.copyOf(noise, noise.length + TestLogs.sample().length);
        System.arraycopy(TestLogs.sample(), 0, log, noise.length, TestLogs.sample().length);
        Ingestor.Receipt receipt = ingestor(AnalysisLimits.DEFAULT.withStoreFirstAfter(Duration.ZERO))
                .ingest(submission("a", gzip(log)), Analysis.SERVER);

        assertThat(writes.committed()[0]).isEqualTo(2);
        assertThat(receipt.state()).isEqualTo("analysed");
        assertThat(receipt.crashes()).extracting(Ingestor.Filed::title).containsExactly(TestLogs.SAMPLE_TITLE);
        assertThat(row(receipt.log())).containsExactly("analysed", "1", null, null);
    }

    @Test
    void theServersNoticesAreKeptAsTheTwoCommitsKeepThem() throws Exception {
        byte[] gzip = gzip(TestLogs.sample());
        byte[] cut = Arrays.copyOf(gzip, gzip.length - 10);
        Instant late = Instant.parse("3000-01-01T00:00:00Z");
        String quick = notice(ingestor(AnalysisLimits.DEFAULT.withStoreFirstAfter(Duration.ofMinutes(1))),
                new Submission("cut.log.gz", "b", late, List.of(), cut));
        String first = notice(ingestor(AnalysisLimits.DEFAULT.withStoreFirstAfter(Duration.ZERO)),
                new Submission("cut.log.gz", "c", late, List.of(), cut));

        assertThat(quick).startsWith("the time 3000-01-01T00:00:00Z is not between").endsWith("; " + Ingestor.CUT)
                .isEqualTo(first);
    }

    @Test
    void aLogPastALimitIsStoredFailedInOneCommit() throws SQLException {
        Ingestor.Receipt receipt = ingestor(AnalysisLimits.DEFAULT.withMaxReports(0)
                .withStoreFirstAfter(Duration.ofMinutes(1))).ingest(submission("a", TestLogs.sample()), Analysis.SERVER);

        assertThat(writes.committed()).containsExactly(1, 1);
        assertThat(receipt.state()).isEqualTo("failed");
        assertThat(row(receipt.log())).containsExactly("failed", null,
                "more than 0 crash reports in one log (pasted copies included)", null);
    }

    @Test
    void theSameBytesFromTheSameHostAreTheLogStoredBefore() throws SQLException {
        Ingestor ingestor = ingestor(AnalysisLimits.DEFAULT.withStoreFirstAfter(Duration.ofMinutes(1)));
        Ingestor.Receipt first = ingestor.ingest(submission("a", TestLogs.sample()), Analysis.SERVER);
        Ingestor.Receipt again = ingestor.ingest(submission("a", TestLogs.sample()), Analysis.SERVER);
        Ingestor.Receipt otherHost = ingestor.ingest(submission("b", TestLogs.sample()), Analysis.SERVER);

        assertThat(again.duplicate()).isTrue();
        assertThat(again.log()).isEqualTo(first.log());
        assertThat(again.crashes()).isEqualTo(first.crashes());
        assertThat(otherHost.duplicate()).isFalse();
        assertThat(otherHost.log()).isNotEqualTo(first.log());
    }

    private Ingestor ingestor(AnalysisLimits limits) {
        return new Ingestor(db, writes, new BugFiler(false), Clock.systemUTC(), limits);
    }

    private static Submission submission(String host, byte[] log) {
        return new Submission("log", host, null, List.of(), log);
    }

    private String notice(Ingestor ingestor, Submission s) throws SQLException {
        Ingestor.Receipt receipt = ingestor.ingest(s, Analysis.SERVER);
        assertThat(receipt.notice()).isEqualTo(row(receipt.log())[3]);
        return receipt.notice();
    }

    /** The log's state, report count, error and notice as stored. */
    private String[] row(long log) throws SQLException {
        try (Connection c = db.connection()) {
            return Sql.one(c, "SELECT state, report_count, error, notice FROM submitted_log WHERE id = ?",
                    rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)}, log)
                    .orElseThrow();
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
