package org.koops.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * No log stalls the server: a small upload of one WARNING line repeated 200,000 times (16 MB once
 * decompressed, half a minute of analysis and more on a busy machine) meets the report cap, its CPU
 * budget, its client hanging up or the server stopping, and small logs never wait behind it. Every test
 * is bounded in time.
 */
// Alone, not beside other test classes running in parallel (the parent pom): its bounds are wall-clock time
// on analyses of 16 MB, and one of them is that a small log does not wait.
@Isolated
class AnalysisLimitsTest {
    /** 16 MB of one WARNING line: 200,000 pasted copies. */
    private static byte[] flood;
    private static ExecutorService clients;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        byte[] line = "[  100.000000] WARNING: CPU: 0 PID: 1 at kernel/flood.c:10 flood_fn+0x1/0x20\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] plain = new byte[(16 << 20) / line.length * line.length];
        for (int i = 0; i < plain.length; i += line.length) {
            System.arraycopy(line, 0, plain, i, line.length);
        }
        flood = TestLogs.gzip(plain);
        clients = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stopClients() {
        clients.shutdownNow();
    }

    /** A flood of a different first line, so that each is a new log. */
    private static byte[] flood(int n) {
        byte[] head = TestLogs.gzip(("[    0.000000] flood " + n + "\n").getBytes(StandardCharsets.US_ASCII));
        byte[] log = java.util.Arrays.copyOf(head, head.length + flood.length); // gzip members concatenate
        System.arraycopy(flood, 0, log, head.length, flood.length);
        return log;
    }

    private TestServer start(AnalysisLimits limits) {
        return TestServer.start(ServerConfig.builder(TestDatabases.h2(dir)).limits(limits));
    }

    @Test
    void pastedCopiesCountTowardTheCapOfReports() {
        try (TestServer t = start(AnalysisLimits.DEFAULT)) {
            JsonNode receipt = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> t.http.submit(t.submitter, "host=flood", flood(0)).json());

            assertThat(receipt.get("state").asText()).isEqualTo("failed");
            assertThat(t.http.get("/api/v1/logs/" + receipt.get("log").asLong()).json().at("/log/error").asText())
                    .isEqualTo("more than 10000 crash reports in one log (pasted copies included)");
        }
    }

    @Test
    void aLogPastItsCpuBudgetIsKeptFailedAndCanBeAnalysedAgain() {
        AnalysisLimits limits = AnalysisLimits.DEFAULT.withMaxReports(Integer.MAX_VALUE)
                .withCpu(Duration.ofMillis(500));
        try (TestServer t = start(limits)) {
            JsonNode receipt = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> t.http.submit(t.submitter, "", flood(1)).json());

            assertThat(receipt.get("state").asText()).isEqualTo("failed");
            long log = receipt.get("log").asLong();
            assertThat(t.http.get("/api/v1/logs/" + log).json().at("/log/error").asText())
                    .isEqualTo("the analysis took more than 0.5 s of CPU time (koops serve --max-analysis-seconds)");
            Http.Response again = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> t.http.post(
                    "/api/v1/logs/" + log + "/analyse", new byte[0], "Authorization", "Bearer " + t.admin));
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.json().at("/log/state").asText()).isEqualTo("failed");
        }
    }

    @Test
    void smallLogsDoNotWaitBehindBigOnesAndStoppingTheServerLeavesThemPending() throws Exception {
        AnalysisLimits limits = AnalysisLimits.DEFAULT.withMaxReports(Integer.MAX_VALUE);
        TestServer t = start(limits);
        List<Future<Http.Response>> big = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                byte[] log = flood(10 + i);
                big.add(clients.submit(() -> t.http.submit(t.submitter, "host=big", log)));
            }
            Thread.sleep(2000); // the floods are being analysed
            Http.Response small = assertTimeoutPreemptively(Duration.ofSeconds(15),
                    () -> t.http.submit(t.submitter, "host=small", TestLogs.sample()));
            assertThat(small.status()).isEqualTo(201);
            assertThat(small.json().get("state").asText()).isEqualTo("analysed");
            assertThat(big).noneMatch(Future::isDone);
        } finally {
            assertTimeoutPreemptively(Duration.ofSeconds(15), t::close);
        }
        try (Database db = Database.open(TestDatabases.h2(dir), null, null, 2);
             java.sql.Connection c = db.connection()) {
            assertThat(Sql.list(c, "SELECT state FROM submitted_log WHERE host = 'big'", rs -> rs.getString(1)))
                    .containsExactly("pending", "pending", "pending");
        }
    }

    @Test
    void anAnalysisStopsWhenItsClientHangsUpAndTheLogStaysPending() throws Exception {
        AnalysisLimits limits = AnalysisLimits.DEFAULT.withMaxReports(Integer.MAX_VALUE)
                .withKeepAlive(Duration.ofMillis(300), Duration.ofMillis(100));
        try (TestServer t = start(limits)) {
            byte[] log = flood(2);
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", t.server.port())) {
                java.io.OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/logs?host=gone HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                        + t.submitter + "\r\nContent-Length: " + log.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(log);
                out.flush();
                socket.setSoTimeout(10_000);
                assertThat(new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
                        .isEqualTo("HTTP/1.1 201"); // the keep-alive's early answer
            } // hung up
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (t.server.ingestor().inFlight() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(t.server.ingestor().inFlight()).as("analyses still running").isZero();
            assertThat(t.http.get("/api/v1/logs").json().at("/items/0/state").asText()).isEqualTo("pending");
        }
    }
}
