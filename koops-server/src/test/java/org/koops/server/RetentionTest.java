package org.koops.server;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The retention of logs' bytes: by age and by size, their crashes and bugs kept and still shown. */
class RetentionTest {
    @TempDir
    Path dir;

    @Test
    void oldLogsLoseTheirBytesButTheirCrashesAndBugsStay() throws Exception {
        try (TestServer t = TestServer.start(TestDatabases.h2(dir))) {
            JsonNode receipt = t.http.submit(t.submitter, "host=a", TestLogs.sampleVariant(1)).json();
            long log = receipt.get("log").asLong();
            long crash = receipt.at("/crashes/0/crash").asLong();
            long bug = receipt.at("/crashes/0/bug").asLong();
            long newer = t.http.submit(t.submitter, "host=b", TestLogs.sampleVariant(2)).json().get("log").asLong();

            ServerConfig.Retention week = new ServerConfig.Retention(Duration.ofDays(7), 0);
            assertThat(LogRetention.apply(t.server.database(), week, Instant.now(), () -> false)).isZero();
            // Eight days on, both are old; a size limit of one log keeps the newest only.
            ServerConfig.Retention oneLog = new ServerConfig.Retention(null, TestLogs.sample().length + 100);
            assertThat(LogRetention.apply(t.server.database(), oneLog, Instant.now(), () -> true))
                    .as("a server stopping").isZero();
            assertThat(LogRetention.apply(t.server.database(), oneLog, Instant.now(), () -> false)).isEqualTo(1);

            assertThat(t.http.get("/api/v1/logs/" + log + "/raw").status()).isEqualTo(410);
            assertThat(t.http.get("/api/v1/logs/" + newer + "/raw").status()).isEqualTo(200);
            assertThat(t.http.get("/crashes/" + crash).body()).contains("deleted on").contains("retention rule");
            assertThat(t.http.get("/logs/" + log).body()).contains("deleted on");
            assertThat(t.http.get("/api/v1/crashes/" + crash).json().get("text").isNull()).isTrue();
            assertThat(t.http.get("/bugs/" + bug).status()).isEqualTo(200);
            assertThat(t.http.get("/api/v1/bugs/" + bug).json().at("/bug/crashes").asLong()).isEqualTo(2);

            assertThat(LogRetention.apply(t.server.database(), week, Instant.now().plus(Duration.ofDays(8)), () -> false))
                    .isEqualTo(1);
            assertThat(t.http.get("/api/v1/logs/" + newer + "/raw").status()).isEqualTo(410);
        }
    }

    @Test
    void aServerGivenTheRuleAppliesItFromItsStart() throws Exception {
        String db = TestDatabases.h2(dir);
        long old;
        long newer;
        try (TestServer t = TestServer.start(db)) {
            old = t.http.submit(t.submitter, "host=a", TestLogs.sampleVariant(1)).json().get("log").asLong();
            newer = t.http.submit(t.submitter, "host=b", TestLogs.sampleVariant(2)).json().get("log").asLong();
        }
        ServerConfig.Retention oneLog = new ServerConfig.Retention(null, TestLogs.sample().length + 100);
        try (TestServer t = TestServer.start(ServerConfig.builder(db).retention(oneLog))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (t.http.get("/api/v1/logs/" + old + "/raw").status() != 410 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(t.http.get("/api/v1/logs/" + old + "/raw").status()).isEqualTo(410);
            assertThat(t.http.get("/api/v1/logs/" + newer + "/raw").status()).isEqualTo(200);
        }
    }
}
