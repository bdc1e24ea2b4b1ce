package org.koops.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One file of syzkaller's crash-report test corpus ({@code pkg/report/testdata/linux/report/N}):
 * a header of expected results, an empty line, the console log, and optionally the expected report
 * text after a {@code REPORT:} line. Carriage returns are dropped first, as syzkaller does.
 *
 * @param name        the file name
 * @param title       the expected title, or {@code null} when the log must not be detected as a crash
 * @param alts        expected alternative titles
 * @param type        expected crash type ({@code UNKNOWN} when absent)
 * @param frame       expected frame, or {@code null} when not checked
 * @param corrupted   expected corrupted flag
 * @param suppressed  expected suppressed flag
 * @param panicked    expected panicked flag
 * @param executor    expected {@code proc=P, id=E}, or {@code null} when not checked
 * @param start       text whose position is the expected start, or {@code null}
 * @param end         text whose end is the expected end, or {@code null}
 * @param log         the console log
 * @param report      the expected report text, or {@code null}
 * @param unknownKeys header lines that are not part of the format
 */
public record CorpusCase(String name, String title, List<String> alts, String type, String frame, boolean corrupted,
                         boolean suppressed, boolean panicked, String executor, String start, String end, String log,
                         String report, List<String> unknownKeys) {

    public static CorpusCase read(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).replace("\r", "");
        int blank = text.startsWith("\n") ? 0 : text.indexOf("\n\n");
        String header = blank <= 0 ? "" : text.substring(0, blank);
        String body = blank < 0 ? "" : terminated(text.substring(blank + (blank == 0 ? 1 : 2)));
        String report = null;
        int marker = reportMarker(body);
        if (marker >= 0) {
            report = body.substring(marker + REPORT_MARKER.length());
            body = body.substring(0, marker + 1);
        }
        String title = null;
        List<String> alts = new ArrayList<>();
        String type = "UNKNOWN";
        String frame = null;
        String executor = null;
        String start = null;
        String end = null;
        boolean corrupted = false;
        boolean suppressed = false;
        boolean panicked = false;
        List<String> unknown = new ArrayList<>();
        for (String line : header.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String key = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1).strip();
            switch (key) {
                case "TITLE" -> title = value.isEmpty() ? null : value;
                case "ALT" -> alts.add(value);
                case "TYPE" -> type = value;
                case "FRAME" -> frame = value;
                case "CORRUPTED" -> corrupted = value.equals("Y");
                case "SUPPRESSED" -> suppressed = value.equals("Y");
                case "PANICKED" -> panicked = value.equals("Y");
                case "EXECUTOR" -> executor = value;
                case "START" -> start = value;
                case "END" -> end = value;
                default -> unknown.add(line);
            }
        }
        return new CorpusCase(file.getFileName().toString(), title, List.copyOf(alts.stream().sorted().toList()), type,
                frame, corrupted, suppressed, panicked, executor, start, end, body, report, List.copyOf(unknown));
    }

    private static final String REPORT_MARKER = "\nREPORT:\n";

    /** Where a {@code REPORT:} line right after an empty line begins (its preceding newline), or -1. */
    private static int reportMarker(String body) {
        for (int at = body.indexOf(REPORT_MARKER); at >= 0; at = body.indexOf(REPORT_MARKER, at + 1)) {
            if (at == 0 || body.charAt(at - 1) == '\n') {
                return at;
            }
        }
        return -1;
    }

    /** syzkaller reads the file line by line and ends every line, the last one included, with a newline. */
    static String terminated(String text) {
        return text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
    }
}
