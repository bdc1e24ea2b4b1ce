package org.koops.corpus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.model.CrashReport;
import org.koops.model.Frame;
import org.koops.model.Task;

/**
 * What other crash-log parsers' own tests expect of a log, read from the manifest's {@code peer_expect}
 * text (satyr's frame counts and first and last frames, abrt's report counts, versions and taint letters),
 * and koops's answer for the same fact. Each fact is a row: the phrase that states it in the text, and how
 * koops's report gives it; a sentence no row reads (a duplicate hash, a test name of another tool) states
 * nothing koops can be held to.
 */
final class PeerExpectations {
    /**
     * A fact of a peer's test: the field it is compared as, the phrase stating it, the value the phrase
     * states ({@code null} for an absence), and koops's value.
     */
    private record Fact(String field, Pattern phrase, Function<Matcher, String> stated, Answer answer) {
        Fact(String field, Pattern phrase, Answer answer) {
            this(field, phrase, PeerExpectations::firstGroup, answer);
        }
    }

    /** Koops's value of a fact, from the report compared and the log's distinct reports. */
    private interface Answer {
        String of(CrashReport report, List<CrashReport> distinct);
    }

    private static final String NUMBER = "(\\d++)";
    private static final List<Fact> FACTS = List.of(
            // satyr's koops_stacktrace.c: "first frame function X, last frame function Y, N frames, M taint flags, K modules".
            new Fact("frames", Pattern.compile("\\b" + NUMBER + " frames\\b"), (r, n) -> String.valueOf(r.details().frames().size())),
            new Fact("first_frame", Pattern.compile("first frame function ([^\\s,]++),"), (r, n) -> frameFunction(r, 0)),
            new Fact("last_frame", Pattern.compile("last frame function ([^\\s,]++),"), (r, n) -> frameFunction(r, -1)),
            new Fact("taint_flags", Pattern.compile("\\b" + NUMBER + " taint flags\\b"), (r, n) -> String.valueOf(taintFlags(r))),
            new Fact("modules", Pattern.compile("\\b" + NUMBER + " modules\\b"), (r, n) -> String.valueOf(
                    r.details().modules() == null ? 0 : r.details().modules().modules().size())),
            // abrt-dump-oops: "Found oopses: N", or "1 oops" in prose.
            new Fact("reports", Pattern.compile("Found oopses: " + NUMBER + "|\\b" + NUMBER + " oops\\b"), (r, n) -> String.valueOf(n.size())),
            // abrt's extracted version: "Version: V", "version V", "abrt_koops_extract_version expects V", "...: V".
            new Fact("version", Pattern.compile("(?:Version:? |version:? |extract_version(?: expects)?:? )(\\(empty\\)|[0-9][\\w.+~-]*[\\w+])"),
                    (r, n) -> release(r)),
            // abrt-dump-oops says "Kernel is tainted 'GD'" of each tainted oops it extracts: of the log, not its first report.
            new Fact("taint", Pattern.compile("\\bKernel is tainted '(\\w++)'"), (r, n) -> n.stream()
                    .map(PeerExpectations::taintLetters).filter(java.util.Objects::nonNull).findFirst().orElse(null)),
            // abrt's short taint string: the letters of the Tainted: field ("tainted 'GD'", "taint 'P'").
            new Fact("taint", Pattern.compile("\\btaint(?:ed)? '(\\w++)'"), (r, n) -> taintLetters(r)),
            new Fact("taint", Pattern.compile("\\bnot tainted\\b"), m -> null, (r, n) -> taintLetters(r)),
            // satyr's koops_stacktrace_get_reason.
            new Fact("reason", Pattern.compile("\\breason '([^']++)'"), (r, n) -> r.title()));

    private PeerExpectations() {
    }

    /** The facts {@code text} states, field → expected value ({@code null} for a stated absence), in table order. */
    static Map<String, String> expected(String text) {
        Map<String, String> facts = new LinkedHashMap<>();
        if (text == null) {
            return facts;
        }
        for (Fact f : FACTS) {
            Matcher m = f.phrase().matcher(text);
            if (!facts.containsKey(f.field()) && m.find()) {
                facts.put(f.field(), f.stated().apply(m));
            }
        }
        return facts;
    }

    /** The phrase's first group that matched; {@code NULL} and {@code (empty)} state an absence. */
    private static String firstGroup(Matcher m) {
        for (int g = 1; g <= m.groupCount(); g++) {
            String value = m.group(g);
            if (value != null) {
                return value.equals("NULL") || value.equals("(empty)") ? null : value;
            }
        }
        return null;
    }

    /**
     * Koops's value of {@code field} for {@code report}, one of the log's {@code distinct} reports, as the row stating
     * the fact in {@code text} gives it.
     */
    static String actual(String field, String text, CrashReport report, List<CrashReport> distinct) {
        return FACTS.stream().filter(f -> f.field().equals(field) && f.phrase().matcher(text).find()).findFirst()
                .orElseThrow().answer().of(report, distinct);
    }

    private static String frameFunction(CrashReport r, int index) {
        List<Frame> frames = r.details().frames();
        if (frames.isEmpty()) {
            return null;
        }
        return frames.get(index < 0 ? frames.size() + index : index).function();
    }

    /** Flags set, as satyr counts them: every letter but {@code G}, which only says no proprietary module is loaded. */
    private static int taintFlags(CrashReport r) {
        Task t = r.details().task();
        return t == null ? 0 : (int) t.taints().stream().filter(x -> x.bit() >= 0).count();
    }

    /** The letters of the taint field, without its blanks and RHEL's {@code -} columns. */
    private static String taintLetters(CrashReport r) {
        Task t = r.details().task();
        if (t == null || t.taintText() == null) {
            return null;
        }
        StringBuilder letters = new StringBuilder();
        t.taints().forEach(x -> letters.append(x.letter()));
        return letters.toString();
    }

    private static String release(CrashReport r) {
        Task t = r.details().task();
        return t == null ? null : t.release();
    }
}
