package org.koops.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import io.javalin.http.servlet.JavalinServletContextKt;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@code POST /api/v1/logs} in process, from the body on: the body read within the size limit
 * ({@link Intake}), the query parameters checked ({@link Submission#of}), the log stored, decompressed,
 * analysed and its crashes filed under bugs ({@link Ingestor}), then sent again. Whatever the sender
 * sends, the answer is a 400 or 413 with a one-line message, or a receipt: the log analysed, or failed
 * only because it cannot be read or passes a limit (never because the analysis threw), and the same log
 * again a duplicate of it. A database error would be a 500. The input is the query string (name, host, time, tags), a
 * newline, and the body.
 * Replayed from {@code SubmitFuzzTestInputs/} in every test run; fuzzed with {@code mvn -Pfuzz} from the
 * project's logs, plain and compressed ({@link #writeSeeds}).
 */
class SubmitFuzzTest {
    private static final long MAX_LOG = 4L << 20;
    /** Logs kept in one database before a fresh one is taken: the fuzzer sends many. */
    private static final int LOGS_PER_DATABASE = 500;
    private static final Intake INTAKE = new Intake(64L << 20, MAX_LOG, Duration.ofSeconds(5));
    private static int databases;
    private static int logs;
    /** The submission keys sent to this database: libFuzzer runs some inputs more than once. */
    private static final java.util.Set<String> SENT = new java.util.HashSet<>();
    private static Database db;
    private static WriteQueue writes;
    private static Ingestor ingestor;

    @BeforeAll
    static void start() throws IOException {
        if (System.getenv("JAZZER_FUZZ") != null) {
            writeSeeds(Path.of(".cifuzz-corpus", SubmitFuzzTest.class.getName(), "submit", "seeds"));
        }
        open();
    }

    @AfterAll
    static void stop() {
        writes.close();
        db.close();
    }

    private static void open() {
        // In memory, dropped when its last connection closes; no H2 server socket.
        db = Database.open("jdbc:h2:mem:submit-fuzz-" + databases++ + ";AUTO_SERVER=FALSE", null, null, 2);
        writes = new WriteQueue(db, Webhooks.NONE, Clock.systemUTC());
        SENT.clear();
        ingestor = new Ingestor(db, writes, new BugFiler(false), Clock.systemUTC(), AnalysisLimits.DEFAULT);
    }

    @FuzzTest
    @DictionaryFile(resourcePath = "/org/koops/report-literals.dict")
    void submit(byte[] input) throws IOException, SQLException {
        int newline = indexOf(input, (byte) '\n');
        String query = new String(input, 0, Math.max(newline, 0), StandardCharsets.ISO_8859_1);
        byte[] body = Arrays.copyOfRange(input, newline + 1, input.length);
        if (++logs % LOGS_PER_DATABASE == 0) {
            stop();
            open();
        }
        Submission submission;
        try (Intake.Body read = INTAKE.read(new ByteArrayInputStream(body))) {
            assertThat(read.bytes()).isEqualTo(body);
            // What Javalin makes of the query string (ctx.queryParam, ctx.queryParams).
            Map<String, List<String>> params = JavalinServletContextKt.splitKeyValueStringAndGroupByKey(query, "UTF-8");
            submission = Submission.of(first(params, "name"), first(params, "host"), first(params, "time"),
                    params.getOrDefault("tag", List.of()), read.bytes());
        } catch (TooLarge e) {
            assertThat(body.length).as("a body refused as too large").isGreaterThan((int) MAX_LOG);
            return;
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).as("the 400's message").isNotBlank().doesNotContain("\n");
            return;
        }
        boolean sentBefore = !SENT.add(LogStore.submissionKey(Ingestor.sha256(submission.bytes()), submission.host()));
        Ingestor.Receipt receipt = ingestor.ingest(submission, Analysis.SERVER);
        assertThat(receipt.duplicate()).as("a duplicate of a log sent before").isEqualTo(sentBefore);
        assertThat(receipt.state()).as("the state of a log").isIn("analysed", "failed");
        if (receipt.state().equals("failed")) {
            assertThat(receipt.crashes()).isEmpty();
            assertThat(error(receipt.log())).as("why the log failed").doesNotContain("\n")
                    .doesNotStartWith("the analysis failed");
        }
        for (Ingestor.Filed f : receipt.crashes()) {
            assertThat(f.title()).as("a crash's title").isNotBlank();
        }
        Ingestor.Receipt again = ingestor.ingest(submission, Analysis.SERVER);
        assertThat(again.duplicate()).as("the same log sent again").isTrue();
        assertThat(again.log()).isEqualTo(receipt.log());
        assertThat(again.state()).isEqualTo(receipt.state());
        assertThat(again.crashes()).isEqualTo(receipt.crashes());
    }

    private static String first(Map<String, List<String>> params, String key) {
        List<String> values = params.get(key);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static int indexOf(byte[] data, byte b) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static String error(long log) throws SQLException {
        try (Connection c = db.connection()) {
            return Sql.one(c, "SELECT error FROM submitted_log WHERE id = ?", rs -> rs.getString(1), log).orElseThrow();
        }
    }

    /**
     * The project's logs as bodies after a query string that passes (a name, a host, a time, two tags):
     * as they are and gzip-compressed, as {@code koops submit} and curl send them.
     */
    static void writeSeeds(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> logs = new ArrayList<>();
        try (var files = Files.list(Path.of("..", "samples"))) {
            files.filter(p -> p.toString().endsWith(".log")).sorted().forEach(logs::add);
        }
        for (Path log : logs) {
            byte[] body = Files.readAllBytes(log);
            String file = log.getFileName().toString();
            Files.write(dir.resolve(file), seed(file, body));
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(body);
            }
            Files.write(dir.resolve(file + ".gz"), seed(file + ".gz", gz.toByteArray()));
        }
    }

    private static byte[] seed(String name, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("name=" + name + "&host=web-1&time=2026-12-01T10:00:00Z&tag=prod&tag=rack%3D12\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
