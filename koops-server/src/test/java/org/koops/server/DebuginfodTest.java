package org.koops.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With --debuginfod, crash pages and the API ask the server for the debug files of the build ids a report
 * prints, once per build id.
 */
class DebuginfodTest {
    @TempDir
    Path dir;

    @Test
    void aCrashPageAsksDebuginfodForTheModulesBuildId() throws IOException {
        List<String> asked = new CopyOnWriteArrayList<>();
        HttpServer debuginfod = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        debuginfod.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(404, -1); // this server has nothing: the page shows the report as it is
            exchange.close();
        });
        debuginfod.start();
        try (TestServer t = TestServer.start(ServerConfig.builder(TestDatabases.h2(dir.resolve("db"))).debugInfo(
                new ServerConfig.DebugInfo(List.of(), null, List.of(URI.create("http://127.0.0.1:"
                        + debuginfod.getAddress().getPort() + "/")), false, dir.resolve("cache"))))) {
            long crash = t.http.submit(t.submitter, "", TestLogs.resource("module-build-id.log")).json()
                    .at("/crashes/0/crash").asLong();

            assertThat(t.http.get("/crashes/" + crash).status()).isEqualTo(200);
            assertThat(asked).contains("/buildid/3f2a1c9b8e7d6f5a4b3c2d1e0f9a8b7c6d5e4f3a/debuginfo");
            // Asked once: the page again and the API find the answer kept, and wait for no server.
            assertThat(t.http.get("/crashes/" + crash).status()).isEqualTo(200);
            assertThat(t.http.get("/api/v1/crashes/" + crash).status()).isEqualTo(200);
            assertThat(asked).containsOnlyOnce("/buildid/3f2a1c9b8e7d6f5a4b3c2d1e0f9a8b7c6d5e4f3a/debuginfo");
        } finally {
            debuginfod.stop(0);
        }
    }
}
