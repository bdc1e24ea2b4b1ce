package org.koops.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@code koops serve} over HTTP, headers included: a request of any method, path, query, headers and body
 * (the headers a browser, a proxy or a client sends -- {@code Authorization}, {@code Cookie}, {@code Origin},
 * {@code Referer}, {@code Host}, {@code X-Forwarded-*}, {@code Content-Encoding} -- with any values, or a
 * real submit token) gets an answer, and never a 5xx: bad input is the sender's error (4xx) or is taken.
 * The input chooses the parts in turn; CR and LF are kept out of names and values, so that each input is one
 * request (request splitting is Jetty's to refuse, and would make the next input's answer this one's).
 * Replayed from {@code HttpIntakeFuzzTestInputs/} in every test run; fuzzed with {@code mvn -Pfuzz}.
 */
class HttpIntakeFuzzTest {
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH");
    private static final List<String> PATHS = List.of("/api/v1/logs", "/api/v1/bugs", "/api/v1/bugs/1", "/api/v1/crashes/1",
            "/api/v1/logs/1", "/api/v1/logs/1/analyse", "/bugs", "/bugs/1", "/crashes/1", "/logs", "/search", "/login",
            "/logout", "/feed.atom", "/", "/bugs/1/status");
    private static final List<String> HEADERS = List.of("Authorization", "Cookie", "Origin", "Referer", "Host",
            "X-Forwarded-Host", "X-Forwarded-Proto", "Content-Encoding", "Content-Type", "Accept", "Accept-Encoding",
            "Transfer-Encoding", "Expect", "Range", "If-Modified-Since");
    private static Path dir;
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("koops-http-fuzz-");
        server = TestServer.start(ServerConfig.builder(TestDatabases.h2(dir)).publicRead(false).maxLogBytes(1 << 20));
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @FuzzTest
    void request(FuzzedDataProvider data) throws IOException {
        // The test's own connection to its server, which Jazzer's request-forgery detector would take for the server's.
        try (SilentCloseable own = BugDetectors.allowNetworkConnections(
                (host, port) -> port == server.server.port() && InetAddress.getLoopbackAddress().getHostName().equals(host))) {
            send(data);
        }
    }

    private static void send(FuzzedDataProvider data) throws IOException {
        StringBuilder head = new StringBuilder();
        head.append(data.pickValue(METHODS)).append(' ').append(data.pickValue(PATHS));
        String query = line(data.consumeString(200)).replace(' ', '+');
        if (!query.isEmpty()) {
            head.append('?').append(query);
        }
        head.append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(server.server.port()).append("\r\n");
        if (data.consumeBoolean()) {
            head.append("Authorization: Bearer ").append(data.consumeBoolean() ? server.submitter : server.admin).append("\r\n");
        }
        for (int n = data.consumeInt(0, 6); n > 0; n--) {
            String name = data.consumeBoolean() ? data.pickValue(HEADERS) : token(data.consumeString(30));
            if (!name.isEmpty()) {
                head.append(name).append(": ").append(line(data.consumeString(300))).append("\r\n");
            }
        }
        byte[] body = data.consumeRemainingAsBytes();
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");

        String status = exchange(head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
        assertThat(status).as("the status line").matches("HTTP/1\\.1 \\d{3}( .*)?");
        int code = Integer.parseInt(status.substring(9, 12));
        assertThat(code).as("the status of %s", head.toString().lines().findFirst().orElse("")).isLessThan(500);
    }

    /** Sends the request and returns the answer's status line; the server must answer within a minute. */
    private static String exchange(byte[] head, byte[] body) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.server.port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream first = new ByteArrayOutputStream();
            for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
                first.write(b);
            }
            return first.toString(StandardCharsets.ISO_8859_1).strip();
        }
    }

    /** A header value or query: one line, as a client sends it. */
    private static String line(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }

    /** A header name: the characters HTTP allows in a token. */
    private static String token(String s) {
        return s.replaceAll("[^!#$%&'*+.^_`|~0-9A-Za-z-]", "");
    }
}
