package org.koops.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing acknowledged is lost: a server process takes logs from several clients at once, is killed
 * with SIGKILL in the middle, and after a restart every log it answered 201 for is there, analysed,
 * with the same crashes; the logs it was still working on are analysed by the restarted server.
 */
// Among the module's longest classes: started first when test classes run in parallel (the parent pom).
@Order(1)
class DurabilityTest {
    private static final int CLIENTS = 6;
    private static final int ACKS_BEFORE_KILL = 100;

    @TempDir
    Path dir;

    /** A log acknowledged by the server: its bytes and the receipt. */
    record Acked(byte[] log, JsonNode receipt) {
    }

    @Test
    void everyAcknowledgedCrashSurvivesKillDashNine() throws Exception {
        String db = TestDatabases.h2(dir);
        ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
        String token;
        try (ServerProcess server = ServerProcess.start(db, dir.resolve("first.log"))) {
            token = ServerProcess.createToken(db); // through the running server's H2 (AUTO_SERVER), as koops token create does
            Http http = new Http(server.port);
            AtomicInteger next = new AtomicInteger();
            AtomicBoolean killed = new AtomicBoolean();
            ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int i = 0; i < CLIENTS; i++) {
                clients.execute(() -> {
                    while (!killed.get()) {
                        byte[] log = TestLogs.sampleVariant(next.incrementAndGet());
                        try {
                            Http.Response r = http.submit(token, "host=h" + (log.length % 7), log);
                            if (r.status() == 201) {
                                acked.add(new Acked(log, r.json()));
                            } else if (refusals.size() < 5) {
                                refusals.add(r.status() + " " + r.body());
                            }
                        } catch (RuntimeException e) {
                            if (!killed.get() && refusals.size() < 5) {
                                refusals.add(e.toString()); // a slow machine; the next request may pass
                            }
                        }
                    }
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (acked.size() < ACKS_BEFORE_KILL && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            killed.set(true);
            server.kill();
            clients.shutdown();
            assertThat(clients.awaitTermination(90, TimeUnit.SECONDS)).isTrue();
            assertThat(acked).as("acknowledged logs; refusals %s; the server's log:%n%s", refusals,
                    ServerProcess.tail(dir.resolve("first.log"))).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        }

        try (ServerProcess again = ServerProcess.start(db, dir.resolve("second.log"))) {
            Http http = new Http(again.port);
            for (Acked a : acked) {
                long log = a.receipt().get("log").asLong();
                JsonNode stored = http.get("/api/v1/logs/" + log).json();
                assertThat(stored.at("/log/state").asText()).as("log %d", log).isEqualTo("analysed");
                List<Long> crashes = new ArrayList<>();
                stored.get("crashes").forEach(c -> crashes.add(c.get("id").asLong()));
                List<Long> ackedCrashes = new ArrayList<>();
                a.receipt().get("crashes").forEach(c -> ackedCrashes.add(c.get("crash").asLong()));
                assertThat(crashes).as("crashes of log %d", log).isEqualTo(ackedCrashes).hasSize(1);
            }
            Acked some = acked.peek();
            Http.Response resent = http.submit(token, "host=h" + (some.log().length % 7), some.log());
            assertThat(resent.json().get("duplicate").asBoolean()).isTrue();
            assertThat(resent.json().get("crashes")).isEqualTo(some.receipt().get("crashes"));

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (http.get("/api/v1/logs?state=pending").json().get("total").asLong() > 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(http.get("/api/v1/logs?state=pending").json().get("total").asLong()).isZero();
            long logs = http.get("/api/v1/logs").json().get("total").asLong();
            long crashes = http.get("/api/v1/bugs").json().at("/items/0/crashes").asLong();
            assertThat(crashes).isEqualTo(logs).isGreaterThanOrEqualTo(acked.size());
        }
    }
}
