package org.koops.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.koops.Koops;
import org.koops.diagnose.GuiltyFile;
import org.koops.format.ReportFormats;
import org.koops.model.CrashReport;
import org.koops.model.Culprit;
import org.koops.model.LogLine;
import org.koops.scan.SyzkallerReport;

/**
 * Compares koops's reading of syzkaller's Linux crash-report corpus with the answers the corpus
 * carries, field by field, the way syzkaller's own tests do: {@code report/} and {@code all-report/}
 * files as TestParse does (detection, titles, flags, report boundaries and text), {@code guilty/}
 * files as TestGuiltyFile does.
 *
 * <p>Besides syzkaller's fields, {@value #CULPRIT} compares koops's culprit with the function syzkaller
 * judged guilty: the one its expected title names ({@code ... in FUNC}), for the reports syzkaller does
 * not mark corrupted, exactly as the culprit names it (as titles name functions). The culprit is koops's own
 * answer, so it is not one of the fields a file must agree on ({@link Outcome#agrees()}).
 */
public final class Conformance {
    /** The fields compared, in the order they are reported. */
    public static final List<String> FIELDS = List.of("header", "crash", "title", "alts", "type", "frame",
            "corrupted", "suppressed", "panicked", "executor", "start", "end", "report", "guilty");
    /** The field comparing koops's culprit with syzkaller's guilty function. */
    public static final String CULPRIT = "culprit";
    /** The fields of the figures: syzkaller's, then the culprit. */
    public static final List<String> FIGURES = Stream.concat(FIELDS.stream(), Stream.of(CULPRIT)).toList();
    /** The function a title names at its end, as syzkaller's guilty frame. */
    private static final Pattern GUILTY_FUNCTION = Pattern.compile(" in ([\\w.]++)$");
    /** The corpus folders, in the order they are checked. */
    public static final List<String> FOLDERS = List.of("report", "all-report", "guilty");

    private static final Pattern EXECUTOR = Pattern.compile(" Comm: syz\\.(\\d++)\\.(\\d++) ");
    /** A log syzkaller does not report although it crashed, because the test machine, not the kernel, failed. */
    private record Suppression(Pattern log, String reason) {
    }

    private static final List<Suppression> SUPPRESSIONS = List.of(
            new Suppression(Pattern.compile("fatal error: (?:runtime: out of memory|runtime: cannot allocate memory"
                    + "|out of memory|newosproc)|panic: .*cannot allocate memory"), "a Go program of syzkaller ran out of memory"),
            new Suppression(Pattern.compile("fatal error: unexpected signal during runtime execution|signal SIGBUS: bus error"
                    + "|SYZFAIL: SIGBUS"), "out of memory too: the page a Go program touched could not be backed"),
            new Suppression(Pattern.compile("panic: failed to start executor binary|panic: executor failed: pthread_create failed"
                    + "|panic: failed to create temp dir"), "syzkaller's executor could not start"),
            new Suppression(Pattern.compile("Out of memory: Kill process .* \\((?:syz-executor|sshd)\\)"
                    + "|Killed process .* \\((?:syz-executor|sshd)\\)|lowmemorykiller: Killing '(?:syz-executor|sshd)'"),
                    "the kernel killed the fuzzer or the ssh connection for memory"),
            new Suppression(Pattern.compile("INIT: PANIC: segmentation violation!|\\*\\*\\* stack smashing detected \\*\\*\\*: terminated"),
                    "user space, not the kernel, crashed"));
    private static final String PANIC = "Kernel panic - not syncing";

    /**
     * One file's outcome.
     *
     * @param file        the file, as {@code folder/name}
     * @param differences for each field compared, {@code null} when it agrees, else {@code "expected ≠ actual"}
     */
    public record Outcome(String file, Map<String, String> differences) {
        /** Whether the file agrees on every field of syzkaller's ({@link #FIELDS}). */
        public boolean agrees() {
            return FIELDS.stream().allMatch(f -> differences.get(f) == null);
        }
    }

    /**
     * How many files agree on a field.
     *
     * @param field    the field
     * @param agree    files that agree
     * @param compared files that have the field
     */
    public record Figure(String field, int agree, int compared) {
    }

    private final Koops koops;

    public Conformance(Koops koops) {
        this.koops = koops;
    }

    /**
     * Checks a corpus directory: its root (with {@code report/}, {@code all-report/}, {@code guilty/})
     * or one of those folders. Files are the numbered ones, in numeric order.
     */
    public List<Outcome> check(Path dir) throws IOException {
        List<Path> folders = FOLDERS.stream().map(dir::resolve).filter(Files::isDirectory).toList();
        List<Outcome> out = new ArrayList<>();
        for (Path folder : folders.isEmpty() ? List.of(dir) : folders) {
            String name = folder.getFileName() == null ? "" : folder.getFileName().toString();
            for (Path f : numbered(folder)) {
                String file = name + "/" + f.getFileName();
                out.add(name.equals("guilty") ? checkGuilty(file, GuiltyCase.read(f)) : checkReport(file, CorpusCase.read(f)));
            }
        }
        return out;
    }

    /** Per field, how many of the outcomes agree, in the order of {@link #FIGURES}. */
    public static List<Figure> figures(List<Outcome> outcomes) {
        List<Figure> figures = new ArrayList<>();
        for (String field : FIGURES) {
            int agree = 0;
            int compared = 0;
            for (Outcome o : outcomes) {
                if (o.differences().containsKey(field)) {
                    compared++;
                    agree += o.differences().get(field) == null ? 1 : 0;
                }
            }
            if (compared > 0) {
                figures.add(new Figure(field, agree, compared));
            }
        }
        return figures;
    }

    /** Checks a parser test file: only the first report counts, as in syzkaller. */
    public Outcome checkReport(String file, CorpusCase c) {
        byte[] log = c.log().getBytes(StandardCharsets.UTF_8);
        List<CrashReport> reports = koops.analyze(file, c.log()).reports();
        // koops also reports out-of-memory kills and the like, which syzkaller does not count as crashes.
        CrashReport r = reports.stream().filter(x -> ReportFormats.syzkallerCrash(header(x).text())).findFirst()
                .orElse(null);
        Map<String, String> diff = new LinkedHashMap<>();
        compare(diff, "header", List.of(), c.unknownKeys());
        boolean expectCrash = c.title() != null;
        compare(diff, "crash", expectCrash, r != null);
        if (expectCrash && r != null) {
            SyzkallerReport s = SyzkallerReport.extract(log, header(r).offset());
            compare(diff, "title", c.title(), r.title());
            compare(diff, "alts", c.alts(), r.altTitles().stream().sorted().toList());
            compare(diff, "type", c.type(), r.type());
            if (c.frame() != null) {
                compare(diff, "frame", c.frame(), frameOf(r.title()));
            }
            compare(diff, "corrupted", c.corrupted(), r.corrupted());
            if (c.executor() != null) {
                compare(diff, "executor", c.executor(), executor(s.text()));
            }
            if (c.start() != null) {
                long start = indexOf(log, c.start());
                String endText = c.end() != null ? c.end() : c.start();
                long end = indexOf(log, endText);
                compare(diff, "start", start, s.startOffset());
                compare(diff, "end", end < 0 ? -1 : end + endText.getBytes(StandardCharsets.UTF_8).length, s.endOffset());
            }
            if (c.report() != null) {
                diff.put("report", textDifference(c.report(), s.text()));
            }
            String guilty = c.corrupted() ? null : guiltyFunction(c.title());
            if (guilty != null) {
                Culprit culprit = r.diagnosis().culprit();
                compare(diff, CULPRIT, guilty, culprit == null ? null : culprit.function());
            }
        }
        compare(diff, "suppressed", c.suppressed(), SUPPRESSIONS.stream().anyMatch(x -> x.log().matcher(c.log()).find()));
        compare(diff, "panicked", c.panicked(), r != null && c.log().contains(PANIC));
        return new Outcome(file, diff);
    }

    /** Checks a guilty-file test file: the file is picked from the first report's syzkaller text. */
    public Outcome checkGuilty(String file, GuiltyCase c) {
        List<CrashReport> reports = koops.analyze(file, c.log()).reports();
        String guilty = null;
        if (!reports.isEmpty()) {
            CrashReport r = reports.get(0);
            SyzkallerReport s = SyzkallerReport.extract(c.log().getBytes(StandardCharsets.UTF_8), header(r).offset());
            guilty = GuiltyFile.find(r.title(), s.report().lines().toList());
        }
        Map<String, String> diff = new LinkedHashMap<>();
        compare(diff, "header", List.of(), c.unknownKeys());
        compare(diff, "guilty", c.file(), guilty);
        return new Outcome(file, diff);
    }

    /** The line a report's format was found in, where syzkaller starts it: after the message a report may start with. */
    private static LogLine header(CrashReport r) {
        return r.lines().stream().filter(l -> ReportFormats.header(l.text()) != null).findFirst().orElse(r.lines().get(0));
    }

    private static List<Path> numbered(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches("\\d++"))
                    .sorted((a, b) -> Integer.compare(Integer.parseInt(a.getFileName().toString()),
                            Integer.parseInt(b.getFileName().toString()))).toList();
        }
    }

    private static void compare(Map<String, String> diff, String field, Object expected, Object actual) {
        diff.put(field, Objects.equals(expected, actual) ? null : expected + " ≠ " + actual);
    }

    /** The first line where two texts differ, or {@code null} when they are equal. */
    private static String textDifference(String expected, String actual) {
        if (expected.equals(actual)) {
            return null;
        }
        String[] want = expected.split("\n", -1);
        String[] got = actual.split("\n", -1);
        int i = 0;
        while (i < want.length && i < got.length && want[i].equals(got[i])) {
            i++;
        }
        return String.format("line %d: \"%s\" ≠ \"%s\" (%d ≠ %d lines)", i + 1, i < want.length ? want[i] : "",
                i < got.length ? got[i] : "", want.length - 1, got.length - 1);
    }

    /** Where a text first occurs in a log, in bytes, as syzkaller finds START: and END:. */
    private static long indexOf(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int k = 0; k < n.length; k++) {
                if (haystack[i + k] != n[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The function at the end of a title ({@code ... in FUNC}), or {@code null} when it ends otherwise. */
    static String guiltyFunction(String title) {
        Matcher m = GUILTY_FUNCTION.matcher(title);
        return m.find() ? m.group(1) : null;
    }

    /** The identifier after the last " in " of a title, as syzkaller's FRAME: is. */
    private static String frameOf(String title) {
        int at = title.lastIndexOf(" in ");
        return at < 0 ? "" : title.substring(at + 4);
    }

    private static String executor(String report) {
        Matcher m = EXECUTOR.matcher(report);
        return m.find() ? "proc=" + m.group(1) + ", id=" + m.group(2) : null;
    }
}
