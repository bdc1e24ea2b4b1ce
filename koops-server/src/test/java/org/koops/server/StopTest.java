package org.koops.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM stops {@code koops serve} within seconds even while it sends a webhook to a receiver that never
 * answers: the delivery stays queued for the next start. (Analyses under way end at once too:
 * {@link AnalysisLimitsTest}.)
 */
// Among the module's longest classes: started first when test classes run in parallel (the parent pom).
@Order(1)
class StopTest {
    /** What a service manager waits for before it sends SIGKILL is commonly 90 s; the server needs far less. */
    private static final long STOP_SECONDS = 10;

    @TempDir
    Path dir;
    private HttpServer receiver;
    private final CountDownLatch asked = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    @BeforeEach
    void listen() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/hook", exchange -> {
            asked.countDown();
            try {
                released.await(5, TimeUnit.MINUTES); // never answers while the test runs
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        released.countDown();
        receiver.stop(0);
    }

    @Test
    void sigtermEndsAWebhookDeliveryUnderWayAtOnce() throws Exception {
        String db = TestDatabases.h2(dir);
        try (ServerProcess server = ServerProcess.start(db, dir.resolve("server.log"), "--webhook",
                "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")) {
            String token = ServerProcess.createToken(db);
            Http http = new Http(server.port);
            assertThat(http.submit(token, "host=a", TestLogs.sample()).status()).isEqualTo(201); // a new bug: an event
            assertThat(asked.await(60, TimeUnit.SECONDS)).as("the webhook was sent").isTrue();

            long start = System.nanoTime();
            int status = server.terminate(60);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

            assertThat(status).as("exit status after SIGTERM; the server's log:%n%s",
                    ServerProcess.tail(dir.resolve("server.log"))).isEqualTo(143);
            assertThat(seconds).as("seconds to stop").isLessThan(STOP_SECONDS);
        }
        try (Database database = Database.open(db, null, null, 2); Connection c = database.connection()) {
            assertThat(Sql.list(c, "SELECT attempts, delivered_at IS NULL FROM webhook_delivery",
                    rs -> rs.getInt(1) + " " + rs.getBoolean(2))).as("attempts, undelivered").containsExactly("0 true");
        }
    }
}
