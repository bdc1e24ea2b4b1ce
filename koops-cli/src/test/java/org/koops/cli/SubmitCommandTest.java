package org.koops.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code koops submit} against a stand-in for the server's {@code POST /api/v1/logs} on the loopback address. */
class SubmitCommandTest {
    /** What the stand-in received. */
    record Received(String query, String authorization, byte[] body) {
    }

    @TempDir
    Path dir;
    private HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private int status = 201;
    private String answer = "{\"log\":12,\"duplicate\":false,\"state\":\"analysed\",\"crashes\":["
            + "{\"crash\":40,\"bug\":3,\"report\":0,\"title\":\"t\"},"
            + "{\"crash\":41,\"bug\":7,\"report\":1,\"title\":\"u\"}]}";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/logs", exchange -> {
            received.add(new Received(exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestBody().readAllBytes()));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void sendsEachLogAsItIsWithItsMetadata() throws IOException {
        byte[] log = Files.readAllBytes(Path.of(CliRun.SAMPLE));

        CliRun run = CliRun.of("submit", "--server", url(), "--token", "koops_abc", "--host", "web 7", "--tag", "prod",
                "--time", "2024-05-01T10:00:00Z", CliRun.SAMPLE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo(CliRun.SAMPLE + ": log 12, 2 crashes (bugs 3, 7)\n");
        assertThat(received).hasSize(1);
        assertThat(received.get(0).query())
                .isEqualTo("name=null-deref-proc-read.log&host=web+7&tag=prod&time=2024-05-01T10%3A00%3A00Z");
        assertThat(received.get(0).authorization()).isEqualTo("Bearer koops_abc");
        assertThat(received.get(0).body()).isEqualTo(log);
    }

    @Test
    void aLogSentBeforeIsSaidSo() {
        status = 200;
        answer = "{\"log\":12,\"duplicate\":true,\"state\":\"analysed\",\"crashes\":[]}";

        CliRun run = CliRun.of("submit", "--server", url(), "--token", "koops_abc", CliRun.SAMPLE);

        assertThat(run.out()).isEqualTo(CliRun.SAMPLE + ": log 12, no crash, already sent before\n");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK); // sent and stored, as its help says
    }

    @Test
    void standardInputIsSentWhenNoFileOrADashIsGiven() throws IOException {
        byte[] log = Files.readAllBytes(Path.of(CliRun.SAMPLE));
        java.io.InputStream stdin = System.in;
        try {
            for (String[] args : List.of(new String[0], new String[] {"-"})) {
                System.setIn(new java.io.ByteArrayInputStream(log));
                List<String> all = new ArrayList<>(List.of("submit", "--server", url(), "--token", "koops_abc",
                        "--host", "web7"));
                all.addAll(List.of(args));

                CliRun run = CliRun.of(all.toArray(String[]::new));

                assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
                assertThat(run.err()).isEmpty();
                assertThat(run.out()).isEqualTo("standard input: log 12, 2 crashes (bugs 3, 7)\n");
                assertThat(received.get(received.size() - 1).query()).isEqualTo("name=stdin&host=web7");
                assertThat(received.get(received.size() - 1).body()).isEqualTo(log);
            }
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void theServersRefusalIsOneLineAndTheOtherFilesGoOn() throws IOException {
        status = 413;
        answer = "{\"error\":\"The log is larger than the limit of 64.0 MB (koops serve --max-log-size).\"}";
        Path missing = dir.resolve("missing.log");

        CliRun run = CliRun.of("submit", "--server", url(), "--token", "koops_abc", missing.toString(), CliRun.SAMPLE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("koops: cannot read " + missing + ": no such file\n"
                + "koops: the server refused " + CliRun.SAMPLE + " (HTTP 413): The log is larger than the limit of"
                + " 64.0 MB (koops serve --max-log-size).\n");
    }

    @Test
    void aTokenIsNeeded() {
        CliRun run = CliRun.of("submit", "--server", url(), CliRun.SAMPLE);

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("koops: no token");
        assertThat(received).isEmpty();
    }

    @Test
    void aDirectoryABadServerURLAndAServerThatIsNotThereAreSaidSo() throws IOException {
        CliRun dirRun = CliRun.of("submit", "--server", url(), "--token", "koops_abc", dir.toString());
        assertThat(dirRun.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(dirRun.err()).isEqualTo("koops: no kernel log, vmcore or pstore record found in " + dir + "\n");

        for (String url : List.of("crashes:8080", "127.0.0.1:8080", "crashes 8080", "ftp://crashes")) {
            CliRun badUrl = CliRun.of("submit", "--server", url, "--token", "koops_abc", CliRun.SAMPLE);
            assertThat(badUrl.exitCode()).as(url).isEqualTo(ExitCodes.USAGE);
            assertThat(badUrl.err()).as(url).isEqualTo("koops: --server must be an http:// or https:// URL, such as"
                    + " http://crashes:8080 (not " + url + ")\n");
        }

        int port;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort(); // nothing listens there once it is closed
        }
        CliRun gone = CliRun.of("submit", "--server", "http://127.0.0.1:" + port, "--token", "koops_abc",
                CliRun.SAMPLE);
        assertThat(gone.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(gone.err()).startsWith("koops: cannot send " + CliRun.SAMPLE + " to http://127.0.0.1:" + port
                + ": connection refused");
        assertThat(received).isEmpty();
    }

    @Test
    void aVmcoreSendsItsLogUnlessTheWholeDumpIsAsked() throws IOException {
        Path vmcore = DmesgCommandTest.vmcore(dir);

        CliRun run = CliRun.of("submit", "--server", url(), "--token", "koops_abc", "--host", "h", vmcore.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(received).hasSize(1);
        assertThat(received.get(0).query()).isEqualTo("name=dump.202612061639.dmesg&host=h");
        assertThat(new String(received.get(0).body(), StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(DmesgCommandTest.FIXTURES.resolve("sysrq-crash.makedumpfile-dmesg.txt")));

        CliRun whole = CliRun.of("submit", "--server", url(), "--token", "koops_abc", "--host", "h", "--whole-dump",
                vmcore.toString());

        assertThat(whole.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(received.get(1).query()).isEqualTo("name=dump.202612061639&host=h");
        assertThat(received.get(1).body()).isEqualTo(Files.readAllBytes(vmcore));
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
