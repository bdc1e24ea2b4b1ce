package org.koops.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Two server instances on one PostgreSQL database, taking crashes of the same bug at the same time. */
class SharedPostgresTest {
    private static final int PER_INSTANCE = 30;

    @Test
    void instancesSharingADatabaseKeepOneBugWithExactCounts() throws Exception {
        String db = TestDatabases.postgres();
        try (TestServer one = TestServer.start(db); TestServer two = TestServer.start(db)) {
            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < PER_INSTANCE * 2; i++) {
                TestServer target = i % 2 == 0 ? one : two;
                int n = i;
                statuses.add(clients.submit(() -> target.http.submit(target.submitter, "host=h" + n % 5,
                        TestLogs.sampleVariant(n)).status()));
            }
            statuses.add(clients.submit(() -> one.http.submit(one.submitter, "host=h0", TestLogs.sampleVariant(0))
                    .status()));
            for (Future<Integer> s : statuses.subList(0, PER_INSTANCE * 2)) {
                assertThat(s.get()).isEqualTo(201);
            }
            assertThat(statuses.get(PER_INSTANCE * 2).get()).isIn(200, 202);
            clients.shutdown();

            JsonNode bugs = two.http.get("/api/v1/bugs").json();
            assertThat(bugs.get("total").asLong()).isEqualTo(1);
            assertThat(bugs.at("/items/0/crashes").asLong()).isEqualTo(PER_INSTANCE * 2);
            assertThat(bugs.at("/items/0/hostCount").asInt()).isEqualTo(5);
            JsonNode bug = one.http.get("/api/v1/bugs/" + bugs.at("/items/0/id").asLong()).json();
            long perHost = 0;
            for (JsonNode b : bug.get("breakdowns")) {
                if (b.get("facet").asText().equals("host")) {
                    for (JsonNode v : b.get("top")) {
                        perHost += v.get("crashes").asLong();
                    }
                }
            }
            assertThat(perHost).isEqualTo(PER_INSTANCE * 2);
        }
    }
}
