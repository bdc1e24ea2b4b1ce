package org.koops.corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.Koops;
import org.koops.model.Arch;
import org.koops.model.CrashReport;
import org.koops.model.Culprit;
import org.koops.model.Frame;
import org.koops.model.ReportedPlace;

/**
 * Compares koops's reading of a corpus of real users' crash logs with the ground truth its manifest
 * gives for each log: that the report is found and starts where the manifest says, how many distinct
 * reports the log holds, the architecture, and the function and module where the report itself says it
 * happened. The function counts as named when koops gives it as the culprit, or as the place the culprit's victim
 * is (where it happened), the place the report names in its own words (its place line: a WARNING line, a check's
 * {@code caller is}), the first frame of the trace, the symbol of a register (RIP, pc, NIP, epc ...) or in the
 * title; its module must come with it.
 *
 * <p>A log is <em>right</em> when its report is found and its function, module and architecture agree.
 */
public final class WildCorpus {
    /** The fields compared, in the order they are reported. */
    public static final List<String> FIELDS = List.of("found", "first_line", "reports", "arch", "function", "module");
    /** The prefix of the fields taken from other parsers' expectations ({@code peer:frames} ...). */
    public static final String PEER = "peer:";
    /** The fields a log must agree on to count as right. */
    public static final List<String> RIGHT = List.of("found", "arch", "function", "module");

    /** The architectures the manifest names, as koops names them ({@link Arch#id()}). */
    private static final Map<String, String> ARCHES = Map.of("x86_64", "x86_64", "x86", "x86", "arm64", "arm64",
            "arm", "arm", "riscv", "riscv64", "powerpc", "powerpc", "s390", "s390", "mips", "mips");
    /** Compiler clones (.isra.0, .constprop.3, .part.8, .cold) are the function they were cloned from. */
    private static final Pattern CLONE = Pattern.compile("(?:\\.(?:isra|constprop|part|cold|llvm|lto_priv)(?:\\.\\d++)?)++$");
    /** The function a title names: after its last {@code " in "}, or before a {@code ()}. */
    private static final Pattern TITLE_FUNCTION = Pattern.compile(" in ([\\w.$]++)$|([\\w.$]++)(?: \\[(\\S++)\\])?\\(\\)");

    /**
     * What the manifest says of one log.
     *
     * @param file      the log's file name in the corpus folder
     * @param arch      {@code x86_64}, {@code x86}, {@code arm}, {@code arm64}, {@code powerpc}, {@code mips},
     *                  {@code s390}, {@code riscv} or {@code other}
     * @param format    how the log's lines are prefixed ({@code dmesg}, {@code journalctl}, {@code quoted} ...)
     * @param firstLine the first line of the first crash report, without its prefix
     * @param kind      a short label of the report's kind
     * @param function  where the report says it happened, or {@code null} when it names no function
     * @param module    the module of that function, or {@code null}
     * @param reports   how many distinct reports start in the log
     * @param truncated whether the report is cut before its end
     * @param peerExpect what other parsers' own tests expect of the log, as the manifest words it, or {@code null};
     *                   the facts koops can be held to (frame counts, first and last frames, taint letters, modules,
     *                   versions, report counts) are compared as fields {@code peer:frames}, {@code peer:version} ...
     */
    public record Expectation(String file, String arch, String format, String firstLine, String kind, String function,
                              String module, int reports, boolean truncated, String peerExpect) {
    }

    /**
     * One log's outcome.
     *
     * @param expected    what the manifest says
     * @param title       the title of the report compared, or {@code null} when none was found
     * @param differences for each field compared, {@code null} when it agrees, else {@code "expected ≠ actual"}
     */
    public record Outcome(Expectation expected, String title, Map<String, String> differences) {
        /** Whether the report is found with its function, module and architecture. */
        public boolean right() {
            return RIGHT.stream().allMatch(f -> differences.get(f) == null);
        }

        public boolean agrees() {
            return differences.values().stream().allMatch(Objects::isNull);
        }
    }

    private final Koops koops;

    public WildCorpus(Koops koops) {
        this.koops = koops;
    }

    /** Checks each log of {@code dir} the manifest describes, in the manifest's order. */
    public List<Outcome> check(Path dir, List<Expectation> manifest) throws IOException {
        List<Outcome> out = new ArrayList<>();
        for (Expectation e : manifest) {
            out.add(check(e, koops.analyze(dir.resolve(e.file())).reports()));
        }
        return out;
    }

    /**
     * Per field, how many logs agree, in the order of {@link #FIELDS}, then {@code right}, then the peers'
     * fields, each over the logs whose peers state it.
     */
    public static List<Conformance.Figure> figures(List<Outcome> outcomes) {
        List<Conformance.Figure> figures = new ArrayList<>();
        for (String field : FIELDS) {
            int agree = (int) outcomes.stream().filter(o -> o.differences().get(field) == null).count();
            figures.add(new Conformance.Figure(field, agree, outcomes.size()));
        }
        figures.add(new Conformance.Figure("right", (int) outcomes.stream().filter(Outcome::right).count(), outcomes.size()));
        Map<String, int[]> peers = new TreeMap<>();
        outcomes.forEach(o -> o.differences().forEach((field, diff) -> {
            if (field.startsWith(PEER)) {
                int[] counts = peers.computeIfAbsent(field, f -> new int[2]);
                counts[0] += diff == null ? 1 : 0;
                counts[1]++;
            }
        }));
        peers.forEach((field, counts) -> figures.add(new Conformance.Figure(field, counts[0], counts[1])));
        return figures;
    }

    static Outcome check(Expectation e, List<CrashReport> reports) {
        List<CrashReport> distinct = reports.stream().filter(r -> r.duplicateOf() == null).toList();
        CrashReport report = distinct.stream().filter(r -> sameLine(e.firstLine(), firstLine(r))).findFirst()
                .orElse(distinct.isEmpty() ? null : distinct.get(0));
        Map<String, String> diff = new LinkedHashMap<>();
        compare(diff, "found", true, report != null);
        compare(diff, "first_line", e.firstLine(), report == null ? null : firstLine(report),
                report != null && sameLine(e.firstLine(), firstLine(report)));
        compare(diff, "reports", e.reports(), distinct.size());
        compare(diff, "arch", e.arch(), report == null ? null : archOf(report), report != null && archAgrees(e.arch(), report.arch()));
        List<Place> places = report == null ? List.of() : places(report);
        Place named = places.stream().filter(p -> sameFunction(e.function(), p.function())).findFirst().orElse(null);
        if (e.function() != null) {
            compare(diff, "function", e.function(), places.isEmpty() ? null : places.get(0).describe(), named != null);
        } else {
            diff.put("function", null);
        }
        boolean moduleNamed = e.module() == null || named != null && e.module().equals(named.module());
        compare(diff, "module", e.module(), named == null ? null : named.module(), moduleNamed);
        PeerExpectations.expected(e.peerExpect()).forEach((field, value) -> compare(diff, PEER + field, value,
                report == null ? null : PeerExpectations.actual(field, e.peerExpect(), report, distinct)));
        return new Outcome(e, report == null ? null : report.title(), diff);
    }

    /** A function koops names for a report, with its module when it knows it, and where it named it. */
    private record Place(String function, String module, String where) {
        String describe() {
            return function + (module == null ? "" : " [" + module + "]") + " (" + where + ")";
        }
    }

    private static List<Place> places(CrashReport r) {
        List<Place> places = new ArrayList<>();
        Culprit c = r.diagnosis().culprit();
        if (c != null) {
            places.add(new Place(c.frame() != null && c.frame().function() != null ? c.frame().function() : c.function(),
                    c.module(), "culprit"));
            if (c.victim() != null) {
                Frame v = c.victim().frame();
                places.add(v != null && v.function() != null ? new Place(v.function(), v.module(), "where it happened")
                        : new Place(c.victim().function(), null, "where it happened"));
            }
        }
        ReportedPlace reported = r.diagnosis().reported();
        if (reported != null) {
            places.add(new Place(reported.frame().function(), reported.frame().module(), "the report's place line"));
        }
        r.details().frames().stream().filter(f -> f.function() != null).findFirst()
                .ifPresent(f -> places.add(new Place(f.function(), f.module(), "first frame")));
        r.details().kernelRegisters().ifPresent(dump -> dump.registers().stream()
                .filter(reg -> reg.symbol() != null && reg.symbol().function() != null)
                .forEach(reg -> places.add(new Place(reg.symbol().function(), reg.symbol().module(), reg.name()))));
        Matcher t = TITLE_FUNCTION.matcher(r.title());
        while (t.find()) {
            places.add(t.group(1) != null ? new Place(t.group(1), null, "title") : new Place(t.group(2), t.group(3), "title"));
        }
        return places;
    }

    private static String firstLine(CrashReport r) {
        return r.lines().isEmpty() ? null : r.lines().get(0).text();
    }

    /** Lines agree when equal but for spacing; a manifest line may also be cut short. */
    private static boolean sameLine(String expected, String actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        String a = squeeze(expected);
        String b = squeeze(actual);
        return a.equals(b) || !a.isEmpty() && b.startsWith(a);
    }

    private static String squeeze(String s) {
        return s.strip().replaceAll("\\s++", " ");
    }

    private static boolean sameFunction(String expected, String actual) {
        if (expected == null || actual == null) {
            return false;
        }
        return base(expected).equals(base(actual));
    }

    private static String base(String function) {
        String f = function.startsWith(".") ? function.substring(1) : function;
        return CLONE.matcher(f).replaceFirst("");
    }

    private static String archOf(CrashReport r) {
        return r.arch().id();
    }

    /** {@code other} is any architecture the manifest does not name, or one koops cannot tell. */
    private static boolean archAgrees(String expected, Arch actual) {
        String named = ARCHES.get(expected);
        return named != null ? named.equals(actual.id()) : !ARCHES.containsValue(actual.id());
    }

    private static void compare(Map<String, String> diff, String field, Object expected, Object actual) {
        compare(diff, field, expected, actual, Objects.equals(expected, actual));
    }

    private static void compare(Map<String, String> diff, String field, Object expected, Object actual, boolean agrees) {
        diff.put(field, agrees ? null : expected + " ≠ " + actual);
    }
}
