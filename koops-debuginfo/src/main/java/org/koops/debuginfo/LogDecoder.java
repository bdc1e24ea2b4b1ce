package org.koops.debuginfo;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.koops.Koops;
import org.koops.model.CrashReport;
import org.koops.model.Frame;
import org.koops.model.Register;
import org.koops.model.RegisterDump;

/**
 * Decodes a kernel log as {@code scripts/decode_stacktrace.sh} does: every line, in order, with the
 * call-trace entries and RIP/pc/lr locations of its crash reports looked up in a
 * {@link KernelDebugInfo}. Reports are found by {@link Koops}; a gzip, xz or zstd log is decompressed.
 *
 * <p>The faulting instruction (RIP, pc, and the trace entry that repeats it) is looked up at its
 * address; every other entry is a return address and is looked up at the call before it, unless
 * return addresses are looked up as printed, which is what {@code decode_stacktrace.sh} does.
 */
public final class LogDecoder {
    /** The largest log kept in memory between its two readings; a larger one goes to a temporary file. */
    static final int IN_MEMORY = 8 << 20;

    private final KernelDebugInfo debugInfo;
    private final boolean callSites;

    /** A decoder that looks up return addresses at the call before them. */
    public LogDecoder(KernelDebugInfo debugInfo) {
        this(debugInfo, true);
    }

    /**
     * @param callSites whether return addresses are looked up at the call instruction before them
     *                  (syzkaller, {@code faddr2line}); {@code false} looks them up as printed
     *                  ({@code decode_stacktrace.sh}), which may name the line after the call
     */
    public LogDecoder(KernelDebugInfo debugInfo, boolean callSites) {
        this.debugInfo = debugInfo;
        this.callSites = callSites;
    }

    /**
     * Reads the whole log, then hands over each line. The log is read twice, so it is first kept: in
     * memory up to {@value #IN_MEMORY} bytes (decompressed), else in a temporary file.
     */
    public void decode(InputStream log, Consumer<DecodedLine> sink) throws IOException {
        debugInfo.prefetch();
        try (InputStream data = decompressed(log)) {
            byte[] head = data.readNBytes(IN_MEMORY + 1);
            if (head.length <= IN_MEMORY) {
                decodeTwice("-", () -> new ByteArrayInputStream(head), sink);
                return;
            }
            Path copy = Files.createTempFile("koops-log-", ".txt");
            try {
                try (OutputStream out = Files.newOutputStream(copy)) {
                    out.write(head);
                    data.transferTo(out);
                }
                decodeTwice(copy.toString(), () -> Files.newInputStream(copy), sink);
            } finally {
                Files.deleteIfExists(copy);
            }
        }
    }

    /**
     * Reads a whole log file, then hands over each line. A regular file that is not compressed is read
     * twice where it is; any other is read once and kept, as {@link #decode(InputStream, Consumer)} does.
     */
    public void decode(Path log, Consumer<DecodedLine> sink) throws IOException {
        debugInfo.prefetch();
        if (Files.isRegularFile(log) && !compressed(log)) {
            decodeTwice(log.toString(), () -> Files.newInputStream(log), sink);
            return;
        }
        // Read through a FileInputStream: for a named pipe (<(dmesg)) the stream of Files.newInputStream
        // fails with "Illegal seek" when asked how much is ready. A missing file or a directory is left
        // to Files.newInputStream, whose exceptions say which.
        boolean readable = Files.exists(log) && !Files.isDirectory(log);
        try (InputStream in = readable ? new FileInputStream(log.toFile()) : Files.newInputStream(log)) {
            decode(in, sink);
        }
    }

    private static boolean compressed(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Compression.of(in.readNBytes(Compression.MAGIC_LENGTH)) != null;
        }
    }

    /** Opens the kept log, once for the reports and once for the lines. */
    private interface Reopen {
        InputStream open() throws IOException;
    }

    /** Finds the reports in the log, then reads it again line by line. */
    private void decodeTwice(String name, Reopen log, Consumer<DecodedLine> sink) throws IOException {
        Map<Long, List<FrameLocation>> byLine = new HashMap<>();
        try (InputStream in = log.open()) {
            for (CrashReport report : Koops.create().withoutDiagnosis().analyze(name, in).reports()) {
                locate(report, byLine);
            }
        }
        try (InputStream in = log.open()) {
            readLines(in, (number, text) -> sink.accept(new DecodedLine(number, text,
                    byLine.getOrDefault(number, List.of()))));
        }
    }

    /** The locations of the entries of one report, by the number of the line they were printed on. */
    public Map<Long, List<FrameLocation>> locate(CrashReport report) {
        Map<Long, List<FrameLocation>> byLine = new HashMap<>();
        locate(report, byLine);
        return byLine;
    }

    private void locate(CrashReport report, Map<Long, List<FrameLocation>> byLine) {
        String release = report.details().task() == null ? null : report.details().task().release();
        Frame pc = null;
        for (RegisterDump dump : report.details().registers()) {
            if (dump.userSpace()) {
                continue;
            }
            for (Register r : dump.registers()) {
                if (r.symbol() == null || r.symbol().function() == null) {
                    continue;
                }
                boolean exact = r.name().equals("RIP") || r.name().equals("pc") || r.name().equals("EIP");
                if (exact && pc == null) {
                    pc = r.symbol();
                }
                add(byLine, debugInfo.locate(r.symbol(), callSites && !exact, release));
            }
        }
        for (Frame f : report.details().frames()) {
            if (f.function() != null && f.offset() != null) {
                add(byLine, debugInfo.locate(f, callSites && !sameLocation(f, pc), release));
            }
        }
    }

    /** A trace entry that repeats the faulting location (arm64 starts its trace with it) is not a return address. */
    private static boolean sameLocation(Frame f, Frame pc) {
        return pc != null && f.function().equals(pc.function()) && f.offset().equals(pc.offset())
                && Objects.equals(f.module(), pc.module());
    }

    private static void add(Map<Long, List<FrameLocation>> byLine, FrameLocation location) {
        byLine.computeIfAbsent(location.frame().line(), k -> new ArrayList<>(1)).add(location);
    }

    private static InputStream decompressed(InputStream log) throws IOException {
        BufferedInputStream in = new BufferedInputStream(log, 1 << 16);
        in.mark(Compression.MAGIC_LENGTH);
        byte[] head = in.readNBytes(Compression.MAGIC_LENGTH);
        in.reset();
        Compression compression = Compression.of(head);
        return compression == null ? in : compression.open(in);
    }

    /** Receives one line and its number. */
    private interface LineSink {
        void accept(long number, String text);
    }

    /** Splits as koops's log reader does, so line numbers agree: at LF, a CR before it dropped. */
    private static void readLines(InputStream in, LineSink sink) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        byte[] chunk = new byte[1 << 16];
        long number = 0;
        for (int n; (n = in.read(chunk)) >= 0; ) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (chunk[i] == '\n') {
                    line.write(chunk, start, i - start);
                    sink.accept(++number, text(line));
                    line.reset();
                    start = i + 1;
                }
            }
            line.write(chunk, start, n - start);
        }
        if (line.size() > 0) {
            sink.accept(++number, text(line));
        }
    }

    private static String text(ByteArrayOutputStream line) {
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
