package org.koops.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Webhooks: signed JSON events for a new bug, a bug crossing its daily rate and a regression, retried until taken. */
class WebhookTest {
    /** What the receiver got: the event header, the signature header and the body. */
    record Received(String event, String signature, String delivery, String body) {
    }

    @TempDir
    Path dir;
    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusals = new AtomicInteger(1); // the first delivery fails

    @BeforeEach
    void listen() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean refuse = refusals.getAndDecrement() > 0;
            if (!refuse) {
                received.add(new Received(exchange.getRequestHeaders().getFirst("X-Koops-Event"),
                        exchange.getRequestHeaders().getFirst("X-Koops-Signature"),
                        exchange.getRequestHeaders().getFirst("X-Koops-Delivery"),
                        new String(body, StandardCharsets.UTF_8)));
            }
            exchange.sendResponseHeaders(refuse ? 500 : 204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    @Test
    void eventsAreSignedRetriedAndSaidOnceEach() throws Exception {
        Webhooks webhooks = new Webhooks(List.of(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/hook")), "s3cret", 2, Duration.ofMillis(100), "https://crashes.example");
        try (TestServer t = TestServer.start(ServerConfig.builder(TestDatabases.h2(dir)).webhooks(webhooks))) {
            long bug = t.http.submit(t.submitter, "time=2024-05-01T10:00:00Z", TestLogs.sampleVariant(1)).json()
                    .at("/crashes/0/bug").asLong();
            awaitEvents(1);
            t.http.submit(t.submitter, "time=2024-05-01T11:00:00Z", TestLogs.sampleVariant(2)); // 2 that day
            t.http.submit(t.submitter, "time=2024-05-01T12:00:00Z", TestLogs.sampleVariant(3)); // no second rate
            awaitEvents(2);
            t.http.post("/api/v1/bugs/" + bug + "/status", "{\"status\":\"fixed\"}", "Authorization", "Bearer " + t.admin);
            t.http.submit(t.submitter, "", TestLogs.sampleVariant(4));
            awaitEvents(3);
            Thread.sleep(1500); // nothing more comes

            assertThat(received).extracting(Received::event).containsExactly("new-bug", "rate", "regression");
            for (Received r : received) {
                assertThat(r.signature()).isEqualTo("sha256=" + WebhookSender.signature("s3cret",
                        r.body().getBytes(StandardCharsets.UTF_8)));
            }
            JsonNode created = WebServer.JSON.readTree(received.get(0).body());
            assertThat(created.get("event").asText()).isEqualTo("new-bug");
            assertThat(created.at("/bug/title").asText()).isEqualTo(TestLogs.SAMPLE_TITLE);
            assertThat(created.at("/bug/url").asText()).isEqualTo("https://crashes.example/bugs/" + bug);
            assertThat(WebServer.JSON.readTree(received.get(1).body()).get("detail").asText())
                    .isEqualTo("2 crashes on 2024-05-01");
            assertThat(WebServer.JSON.readTree(received.get(2).body()).get("detail").asText())
                    .startsWith("regression: crashed again on 6.1.0-27-amd64");
            try (var c = t.server.database().connection()) {
                assertThat(Sql.one(c, "SELECT attempts FROM webhook_delivery WHERE event = 'new-bug'",
                        rs -> rs.getInt(1))).contains(2); // refused once, then taken
            }
        }
    }

    @Test
    void aRateOfOneCrashADayIsSaidInTheSingular() throws Exception {
        refusals.set(0);
        Webhooks webhooks = new Webhooks(List.of(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort()
                + "/hook")), null, 1, Duration.ofMillis(100), "https://crashes.example");
        try (TestServer t = TestServer.start(ServerConfig.builder(TestDatabases.h2(dir)).webhooks(webhooks))) {
            t.http.submit(t.submitter, "time=2024-05-01T10:00:00Z", TestLogs.sampleVariant(1));
            awaitEvents(2);

            assertThat(received).extracting(Received::event).containsExactlyInAnyOrder("new-bug", "rate");
            Received rate = received.stream().filter(r -> r.event().equals("rate")).findFirst().orElseThrow();
            assertThat(WebServer.JSON.readTree(rate.body()).get("detail").asText()).isEqualTo("1 crash on 2024-05-01");
        }
    }

    private void awaitEvents(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (received.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(received).hasSizeGreaterThanOrEqualTo(n);
    }
}
