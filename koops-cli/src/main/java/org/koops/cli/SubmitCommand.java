package org.koops.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.koops.LogInput;
import org.koops.LogInputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "submit", mixinStandardHelpOptions = true, versionProvider = KoopsCommand.Version.class,
        description = {"Sends kernel logs to a koops server (koops serve), which files their crashes under bugs."
                + " A log sent twice from the same host is stored once.",
                "A crash dump (kdump vmcore) sends the kernel log taken out of it, not the dump, unless --whole-dump"
                + " is given; a directory (such as /sys/fs/pstore or /var/crash) sends the logs, dumps' logs and pstore"
                + " records it holds."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK + ":every log was sent and stored", ExitCodes.USAGE + ":bad usage, or a log could not be read, sent or"
                + " stored (the others are still sent)", ExitCodes.INTERNAL_ERROR_HELP},
        footerHeading = "%nExamples:%n",
        footer = {"  koops submit --server http://crashes:8080 --token $TOKEN /var/log/kern.log",
                "  dmesg | koops submit --server http://crashes:8080       # standard input; the token from KOOPS_TOKEN",
                "  KOOPS_TOKEN=... koops submit --server http://crashes:8080 --tag prod /srv/dumps/*.log.xz"})
final class SubmitCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The file name standing for standard input, as for explain. */
    private static final Path STDIN = Path.of("-");

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Kernel logs, plain or compressed (gzip, xz, zstd),"
            + " crash dumps or directories of them; - or none for standard input.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--whole-dump", description = "Send crash dumps as they are, not the log taken out of them.")
    boolean wholeDump;

    /** Read as text and checked here: picocli's URI conversion would show the parser's exception. */
    @Option(names = "--server", required = true, paramLabel = "URL",
            description = "The server, e.g. http://crashes:8080.")
    String serverUrl;

    private URI server;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:KOOPS_TOKEN}",
            description = "API token (koops token create on the server); default: $KOOPS_TOKEN.")
    String token;

    @Option(names = "--host", paramLabel = "NAME", description = "The machine the logs come from (default: this one).")
    String host;

    @Option(names = "--tag", paramLabel = "TAG", description = "A label for the logs, such as prod; repeatable.")
    List<String> tags = new ArrayList<>();

    @Option(names = "--time", paramLabel = "INSTANT", description = "When the logs were captured (ISO-8601, e.g."
            + " 2024-05-01T10:00:00Z; default: when they arrive).")
    String time;

    @Mixin
    StacktraceOption stacktrace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (token == null || token.isBlank()) {
            err.println("koops: no token: pass --token or set KOOPS_TOKEN (koops token create on the server)");
            return ExitCodes.USAGE;
        }
        server = httpUrl(serverUrl);
        if (server == null) {
            err.println("koops: --server must be an http:// or https:// URL, such as http://crashes:8080 (not "
                    + serverUrl + ")");
            return ExitCodes.USAGE;
        }
        boolean failed = false;
        List<Upload> inputs = new ArrayList<>();
        for (Path file : files.isEmpty() ? List.of(STDIN) : files) {
            try {
                List<Upload> found = uploads(file, err);
                failed |= found.isEmpty();
                inputs.addAll(found);
            } catch (IOException e) {
                failed = true;
                err.println("koops: cannot read " + file + ": " + InputReader.reason(e));
            }
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
        boolean progress = inputs.size() > 1 && Terminals.stderr();
        for (int i = 0; i < inputs.size(); i++) {
            Upload upload = inputs.get(i);
            if (progress) {
                err.print("\rkoops: sending " + (i + 1) + "/" + inputs.size() + " " + upload.name() + "\033[K");
                err.flush();
            }
            Sent result = upload.text() == null ? send(client, upload.file()) : send(client, upload);
            if (progress) {
                err.print("\r\033[K");
            }
            if (result.failed()) {
                failed = true;
                err.println(result.line());
            } else {
                out.println(result.line());
                out.flush();
            }
        }
        err.flush();
        return failed ? ExitCodes.USAGE : ExitCodes.OK;
    }

    /** The URL if it is an http or https one with a host, else {@code null}. */
    private static URI httpUrl(String url) {
        try {
            URI uri = new URI(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    ? uri : null;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** A log taken out of a dump or put together from pstore records: sent as text, under its own name. */
    private record Upload(Path file, String name, byte[] text) {
    }

    /** What a path sends: the file (or standard input) as it is, or the logs it holds. */
    private List<Upload> uploads(Path path, PrintWriter err) throws IOException {
        if (path.equals(STDIN) || (wholeDump && Files.isRegularFile(path))) {
            return List.of(new Upload(path, String.valueOf(path.getFileName()), null));
        }
        List<Upload> uploads = new ArrayList<>();
        List<LogInput> logs = LogInputs.find(path);
        if (logs.isEmpty()) {
            err.println("koops: no kernel log, vmcore or pstore record found in " + path);
        }
        for (LogInput log : logs) {
            Path file = Path.of(log.name());
            if (log.file() != null || !Files.exists(path)) {
                uploads.add(new Upload(log.file() != null ? log.file() : path, file.getFileName().toString(), null));
                continue;
            }
            try (InputStream in = log.open()) {
                byte[] text = in.readAllBytes();
                log.problems().forEach(p -> err.println("koops: " + log.name() + " (" + log.kind() + "): " + p));
                uploads.add(new Upload(file, file.getFileName() + ".dmesg", text));
            }
        }
        return uploads;
    }

    /** Sends a log taken out of something else, as its text. */
    private Sent send(HttpClient client, Upload upload) {
        try {
            HttpRequest request = HttpRequest.newBuilder(server.resolve("/api/v1/logs" + query(upload.name())))
                    .timeout(Duration.ofMinutes(10))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(upload.text())).build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return describe(upload.file().toString(), response.statusCode(), response.body());
        } catch (IOException e) {
            if (stacktrace.requested) {
                e.printStackTrace(spec.commandLine().getErr());
            }
            return Sent.failure("koops: cannot send " + upload.file() + " to " + server + ": " + reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Sent.failure("koops: interrupted while sending " + upload.file());
        }
    }

    /** What became of one log: the line to print, and whether it failed. */
    record Sent(String line, boolean failed) {
        static Sent failure(String line) {
            return new Sent(line, true);
        }
    }

    /** What became of the file: a line about it, or (starting with {@code koops:}) why it was not sent. */
    private Sent send(HttpClient client, Path file) {
        boolean stdin = file.equals(STDIN);
        if (!stdin && Files.isDirectory(file)) {
            return Sent.failure("koops: cannot read " + file + ": a directory (give the log files in it)");
        }
        if (!stdin && !Files.isReadable(file)) {
            return Sent.failure("koops: cannot read " + file + (Files.exists(file) ? ": permission denied"
                    : ": no such file"));
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(server.resolve("/api/v1/logs" + query(stdin ? "stdin"
                            : file.getFileName().toString())))
                    .timeout(Duration.ofMinutes(10))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/octet-stream")
                    .POST(stdin ? HttpRequest.BodyPublishers.ofByteArray(System.in.readAllBytes())
                            : HttpRequest.BodyPublishers.ofFile(file)).build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return describe(stdin ? "standard input" : file.toString(), response.statusCode(), response.body());
        } catch (FileNotFoundException | NoSuchFileException e) { // it went away in between
            return Sent.failure("koops: cannot read " + file + ": no such file");
        } catch (IOException e) {
            if (stacktrace.requested) {
                e.printStackTrace(spec.commandLine().getErr());
            }
            return Sent.failure("koops: cannot send " + file + " to " + server + ": " + reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Sent.failure("koops: interrupted while sending " + file);
        }
    }

    /** Why a request failed, in words: the JDK leaves the message of a refused connection empty. */
    private static String reason(IOException e) {
        if (e instanceof java.net.http.HttpConnectTimeoutException) {
            return "no answer to the connection within 20 s";
        }
        if (e instanceof java.net.ConnectException) {
            return e.getMessage() == null ? "connection refused (is koops serve running there?)" : e.getMessage();
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer within 10 minutes";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** {@code kern.log: log 12, 2 crashes (bugs 3, 7)}, {@code ... already sent before}, or the server's error. */
    static Sent describe(String input, int status, String body) {
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            answer = JSON.createObjectNode();
        }
        if (status >= 400 || !answer.has("log")) {
            return Sent.failure("koops: the server refused " + input + " (HTTP " + status + ")"
                    + (answer.hasNonNull("error") ? ": " + answer.get("error").asText() : ""));
        }
        List<String> bugs = new ArrayList<>();
        answer.path("crashes").forEach(c -> bugs.add(c.path("bug").asText()));
        String crashes = bugs.isEmpty() ? "no crash" : bugs.size() + (bugs.size() == 1 ? " crash" : " crashes")
                + " (" + (bugs.size() == 1 ? "bug " : "bugs ") + String.join(", ", bugs) + ")";
        String state = answer.path("state").asText();
        return new Sent(input + ": log " + answer.get("log").asText() + ", " + crashes
                + (state.equals("failed") ? ", kept but its analysis failed" : "")
                + (state.equals("pending") ? ", still being analysed" : "")
                + (answer.path("duplicate").asBoolean() ? ", already sent before" : "")
                + (answer.hasNonNull("notice") ? " (" + answer.get("notice").asText() + ")" : ""), false);
    }

    private String query(String name) throws IOException {
        StringBuilder q = new StringBuilder("?name=").append(encode(name));
        String machine = host != null ? host : InetAddress.getLocalHost().getHostName();
        if (!machine.isEmpty()) {
            q.append("&host=").append(encode(machine));
        }
        tags.forEach(t -> q.append("&tag=").append(encode(t)));
        if (time != null) {
            q.append("&time=").append(encode(time));
        }
        return q.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
