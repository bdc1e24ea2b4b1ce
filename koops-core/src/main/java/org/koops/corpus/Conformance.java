package org.koops.corpus;

import java.io.IOException;
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
import org.koops.model.CrashReport;
import org.koops.model.LogAnalysis;

/**
 * Compares koops's reading of syzkaller's corpus with the answers the corpus carries, field by
 * field, the way syzkaller's own parser test does.
 */
public final class Conformance {
    /** The fields compared, in the order they are reported. */
    public static final List<String> FIELDS = List.of("crash", "title", "alts", "type", "frame", "corrupted",
            "suppressed", "panicked", "executor", "start", "end");

    private static final Pattern EXECUTOR = Pattern.compile(" Comm: syz\\.(\\d+)\\.(\\d+) ");
    private static final Pattern SUPPRESSIONS = Pattern.compile(
            "(?m)^(?:fatal error: (?:runtime: )?out of memory|runtime: out of memory|signal SIGBUS: bus error"
            + "|Out of memory: Kill(?:ed)? process \\d+ \\(syz-(?:executor|fuzzer)|lowmemorykiller: Killing 'syz-(?:executor|fuzzer))");

    /** One file's outcome: for each field, null when it agrees, else "expected ≠ actual". */
    public record Outcome(String file, Map<String, String> differences) {
        public boolean agrees() {
            return differences.values().stream().allMatch(Objects::isNull);
        }
    }

    private final Koops koops;

    public Conformance(Koops koops) {
        this.koops = koops;
    }

    /** Checks every numbered file of a {@code report/} directory, in numeric order. */
    public List<Outcome> checkDirectory(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches("\\d+"))
                    .sorted((a, b) -> Integer.compare(Integer.parseInt(a.getFileName().toString()),
                            Integer.parseInt(b.getFileName().toString()))).toList();
        }
        List<Outcome> out = new ArrayList<>();
        for (Path f : files) {
            out.add(check(CorpusCase.read(f)));
        }
        return out;
    }

    public Outcome check(CorpusCase c) {
        LogAnalysis analysis = koops.analyze(c.name(), c.log());
        CrashReport r = analysis.reports().isEmpty() ? null : analysis.reports().get(0);
        Map<String, String> diff = new LinkedHashMap<>();
        boolean expectCrash = c.title() != null;
        compare(diff, "crash", expectCrash, r != null);
        if (expectCrash && r != null) {
            compare(diff, "title", c.title(), r.title());
            compare(diff, "alts", c.alts(), r.altTitles());
            compare(diff, "type", c.type(), r.type());
            if (c.frame() != null) {
                compare(diff, "frame", c.frame(), frameOf(r.title()));
            }
            compare(diff, "corrupted", c.corrupted(), r.corrupted());
            if (c.executor() != null) {
                compare(diff, "executor", c.executor(), executor(r));
            }
            if (c.start() != null) {
                int start = c.log().indexOf(c.start());
                compare(diff, "start", (long) start, r.startOffset());
                String endText = c.end() != null ? c.end() : c.start();
                int end = c.log().indexOf(endText, Math.max(start, 0));
                compare(diff, "end", end < 0 ? -1L : (long) (end + endText.length()), r.endOffset());
            }
        }
        compare(diff, "suppressed", c.suppressed(), SUPPRESSIONS.matcher(c.log()).find());
        compare(diff, "panicked", c.panicked(), r != null && c.log().contains("Kernel panic - not syncing"));
        return new Outcome(c.name(), diff);
    }

    private static void compare(Map<String, String> diff, String field, Object expected, Object actual) {
        diff.put(field, Objects.equals(expected, actual) ? null : expected + " ≠ " + actual);
    }

    /** The identifier after the last " in " of a title, as syzkaller's FRAME: is. */
    private static String frameOf(String title) {
        int at = title.lastIndexOf(" in ");
        return at < 0 ? "" : title.substring(at + 4);
    }

    private static String executor(CrashReport r) {
        for (var line : r.lines()) {
            Matcher m = EXECUTOR.matcher(line.text());
            if (m.find()) {
                return "proc=" + m.group(1) + ", id=" + m.group(2);
            }
        }
        return null;
    }
}
