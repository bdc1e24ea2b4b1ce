package org.koops.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** The logs the server tests submit: the repository's sample and small logs written for these tests. */
final class TestLogs {
    /** The sample shipped in the repository; tests run in the koops-server directory. */
    static final Path SAMPLE = Path.of("..", "samples", "null-deref-proc-read.log");
    static final String SAMPLE_TITLE = "BUG: unable to handle kernel NULL pointer dereference in demo_show";
    /** hostile-warning.log's function name carries markup, so no WARNING format matches: its line is the title. */
    static final String HOSTILE_WARNING_TITLE =
            "WARNING: CPU: NUM PID: NUM at drivers/evil/x.c:LINE evil_fn<script>+0x10/0x20 [evil_mod]";

    private TestLogs() {
    }

    static byte[] sample() {
        try {
            return Files.readAllBytes(SAMPLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A test log from {@code src/test/resources/logs}. */
    static byte[] resource(String name) {
        try (InputStream in = TestLogs.class.getResourceAsStream("/logs/" + name)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("no test log " + name, e);
        }
    }

    /**
     * The sample with a different process id and time stamps: another crash of the same bug, as
     * another machine would print it, and different bytes, so not a repeated submission.
     */
    static byte[] sampleVariant(int n) {
        String log = new String(sample(), StandardCharsets.UTF_8);
        return log.replace("PID: 4242", "PID: " + (5000 + n)).replace("cat[4242]", "cat[" + (5000 + n) + "]")
                .replace("[  3", "[  " + (4 + n % 5)).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code log} as a kernel of another release prints it. */
    static byte[] onRelease(byte[] log, String release) {
        return new String(log, StandardCharsets.UTF_8).replace("6.1.0-27-amd64", release)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** {@code log} written again and again, each copy another crash, until {@code size} bytes or more. */
    static byte[] repeated(byte[] log, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + log.length);
        for (int n = 0; out.size() < size; n++) {
            out.writeBytes(new String(log, StandardCharsets.UTF_8).replace("PID: 4242", "PID: " + (10000 + n))
                    .getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
