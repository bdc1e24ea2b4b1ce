package org.koops.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code koops serve} in a separate JVM, as a user runs it, which a test can kill with SIGKILL. */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("koops: listening on http://127\\.0\\.0\\.1:(\\d+)/");

    private final Process process;
    final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the server on a free port and waits for the line that gives it. */
    static ServerProcess start(String dbUrl, Path log, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(), "serve",
                "--port", "0", "--db", dbUrl));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return new ServerProcess(process, Integer.parseInt(m.group(1)));
            }
        }
        process.waitFor(10, TimeUnit.SECONDS);
        throw new IOException("the server ended without listening; its log:\n" + tail(log));
    }

    static String tail(Path log) throws IOException {
        List<String> lines = java.nio.file.Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /**
     * {@code kill} (SIGTERM), as a service manager stops the server: returns its exit status, or -1 when it
     * was still running after {@code seconds} (then it is killed).
     */
    int terminate(long seconds) throws InterruptedException {
        process.destroy();
        if (process.waitFor(seconds, TimeUnit.SECONDS)) {
            return process.exitValue();
        }
        kill();
        return -1;
    }

    /** {@code kill -9}: no shutdown hook, no flush, nothing. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** A submit token made as {@code koops token create} makes it, through a running server's H2 (AUTO_SERVER). */
    static String createToken(String db) {
        java.io.StringWriter out = new java.io.StringWriter();
        int exit = ServerMain.commandLine().setOut(new java.io.PrintWriter(out, true))
                .setErr(new java.io.PrintWriter(new java.io.StringWriter(), true))
                .execute("token", "create", "--name", "load", "--db", db);
        if (exit != 0) {
            throw new IllegalStateException("koops token create exited with " + exit);
        }
        return out.toString().strip();
    }
}
