package org.koops.format;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.model.LogLine;

/**
 * Titles a report the way syzkaller's dashboard does, so that koops's titles name the same bugs. Of
 * the rows of the report's group, the one whose title pattern is found earliest in the report wins
 * (the first row on a tie); its template is filled with the groups of its report pattern and the
 * functions its stack recipe reads. A report that matches no row is titled by its header line. A
 * title that needs a function the report does not show ends in {@code in corrupted}, and the report
 * is marked corrupted.
 */
public final class Titler {
    /**
     * A report's titles and whether the report is too damaged to trust them.
     *
     * @param format  the row that titled the report, or {@code null} when none matched and its header line did
     * @param lacking whether the damage is something missing (a stack trace, a frame) that more of the
     *                report could supply, rather than something wrong with what is there
     * @param place   where the function the title names ({@code ... in FUNC}) was printed, or {@code null} when
     *                the title names none: the frame syzkaller judges guilty
     * @param raw     the title before syzkaller's normalisation (and its cut to a length), with the report's own
     *                numbers, addresses and line numbers where the title has {@code NUM}, {@code ADDR}, {@code LINE}
     */
    public record Titles(String title, List<String> alts, String type, boolean corrupted, String reason,
                         ReportFormat format, boolean lacking, Place place, String raw) {
    }

    /**
     * Where a function was printed: its name as printed (compiler-clone suffix and all), as a title names it
     * ({@link #titleName}, or the name of the family the title's rule groups it in: {@code synchronize_rcu} for
     * every wait for an RCU grace period), and what followed it on its line ({@code +0x18/0xdc [mxs_mmc]}), each
     * {@code null} when not printed.
     */
    public record Place(String function, String name, Long offset, Long size, String module) {
        /** What may follow a function's name where it is printed: its clone suffix, offset and size, module. */
        private static final Pattern AFTER = Pattern.compile("\\G([A-Za-z0-9_.$]*+)(?:\\+0x(\\p{XDigit}{1,16}+)"
                + "(?:/0x(\\p{XDigit}{1,16}+))?+(?:\\)? ++\\[([A-Za-z_][\\w-]*+)(?: [^\\]]*+)?\\])?+)?+");

        /** The place of the function printed from {@code start} to {@code end} of a line (its name may go on). */
        static Place read(String line, int start, int end) {
            Matcher m = AFTER.matcher(line);
            String name = line.substring(start, end);
            if (!m.find(end)) {
                return new Place(name, name, null, null, null);
            }
            return new Place(name + m.group(1), name, hex(m.group(2)), hex(m.group(3)), m.group(4));
        }

        /** The same place, named as a title names it. */
        Place named(String title) {
            return new Place(function, title, offset, size, module);
        }

        private static Long hex(String digits) {
            return digits == null ? null : Long.parseUnsignedLong(digits, 16);
        }
    }

    /** What the rows made of a report, before normalisation. */
    private record Description(String title, List<String> alts, String damage, ReportFormat format,
                               boolean fullerMissing, Place place) {
    }

    /** The end of a template that names a function: {@code in {frame}}, or {@code in $N} (N in group 1). */
    private static final Pattern NAMED_FUNCTION = Pattern.compile(" in (?:\\{frame\\}|\\$(\\d))(?:/\\w++)?$");

    /** The end of a title whose function the report does not show. */
    private static final String IN_CORRUPTED = " in corrupted";

    private Titler() {
    }

    /**
     * A function as a title names it: demangled, and a system-call wrapper as the call it wraps
     * ({@code __x64_sys_rmdir} is {@code sys_rmdir}, {@code __do_sys_futex} is {@code futex}).
     */
    public static String titleName(String function) {
        return function == null ? null : TitleFrames.strip(MangledNames.demangle(function));
    }

    /**
     * @param format the row the report was opened with; its group's rows title it
     * @param lines  the report's lines, header first
     */
    public static Titles title(ReportFormat format, List<LogLine> lines) {
        ReportText text = ReportText.of(lines);
        Description d = describe(format.group(), text.title());
        String title = TitleNormalizer.normalize(d.title());
        List<String> alts = new ArrayList<>(d.alts().size());
        for (String alt : d.alts()) {
            alts.add(TitleNormalizer.normalize(alt));
        }
        alts.sort(null);
        String damage = d.damage() != null ? d.damage() : Completeness.check(d.title(), text.whole(), d.format());
        boolean lacking = damage != null && !Completeness.runTogether(d.title())
                && (d.format() == null || !d.format().has(ReportFormat.Flag.CORRUPTED) || d.fullerMissing());
        return new Titles(title, Collections.unmodifiableList(alts), CrashTypes.of(title), damage != null, damage, d.format(), lacking, d.place(),
                d.title());
    }

    /**
     * The title a person reads: the title before syzkaller's normalisation, so with the report's own numbers;
     * where it would end {@code in corrupted}, the place the rest of the report names instead and what is
     * missing ({@code WARNING in netflow_target [ipt_NETFLOW] (no usable stack frame in the report)}), or that
     * the place is unknown.
     *
     * @param place the function where the report happened, with its module ({@code func [module]}): the culprit,
     *              else the instruction pointer's function; {@code null} when the report names neither
     */
    public static String displayTitle(Titles titles, String place) {
        String raw = titles.raw();
        if (!raw.endsWith(IN_CORRUPTED)) {
            return TitleNormalizer.clean(raw);
        }
        String missing = titles.reason() == null ? "no usable stack frame in the report" : titles.reason();
        String head = raw.substring(0, raw.length() - IN_CORRUPTED.length());
        return TitleNormalizer.clean(head + (place == null ? " (place unknown: " + missing + ")"
                : " in " + place + " (" + missing + ")"));
    }

    /**
     * Whether a line could give a report whose title {@linkplain Titles#lacking() lacks} something what
     * it needs: a function with its offset (a frame, an instruction pointer, a lock's {@code at:}), or a
     * stack trace heading.
     */
    public static boolean couldComplete(String line) {
        return line.contains("+0x") || TitleFrames.startsStack(line);
    }

    private static Description describe(ReportFormat.Group group, List<String> text) {
        TextPattern.Match start = null;
        String title = null;
        String damage = null;
        ReportFormat chosen = null;
        Place place = null;
        Set<String> alts = new LinkedHashSet<>();
        boolean titleMatched = false;
        // A row whose message is there but not the rest of it: more lines may let it title the report.
        boolean fullerMissing = false;
        for (ReportFormat f : ReportFormats.rows(group)) {
            // A row can only win where it matches no later than the earliest match so far.
            TextPattern.Match at = f.title().find(text, start == null ? text.size() : start.line() + 1);
            if (at == null || start != null && (compare(at, start) > 0 || compare(at, start) == 0 && title != null)) {
                continue;
            }
            if (start == null || compare(at, start) < 0) {
                title = null;
                chosen = null;
                place = null;
                start = at;
            }
            titleMatched = true;
            TextPattern.Match values = at;
            if (f.report() != null) {
                values = f.report().find(text);
                if (values == null) {
                    fullerMissing = true;
                    continue;
                }
            }
            Filled filled = apply(f, values, text);
            title = filled.title();
            damage = filled.damage();
            place = filled.place();
            // Kept even if a row matching earlier replaces this one, as syzkaller keeps them.
            alts.addAll(filled.alts());
            chosen = f;
        }
        if (title == null) {
            if (titleMatched) {
                damage = "the message is there, but not the rest of the report";
            }
            title = headerLine(group, text);
        }
        if (damage == null && chosen != null && chosen.has(ReportFormat.Flag.CORRUPTED)) {
            damage = "this message is only printed after the report's beginning, which is missing";
        }
        return new Description(title, List.copyOf(alts), damage, chosen, fullerMissing, place);
    }

    /** A row's title for a report, its alternatives, why it is damaged (or {@code null}), and its function's place. */
    private record Filled(String title, List<String> alts, String damage, Place place) {
    }

    private static Filled apply(ReportFormat f, TextPattern.Match values, List<String> text) {
        List<StackReader.Frame> frames = List.of();
        String damage = null;
        if (f.stack() != null) {
            StackReader.Result r = StackReader.read(f.stack(), from(text, values));
            frames = r.frames();
            if (!r.ok()) {
                damage = "no usable stack frame in the report";
            }
        }
        List<String> canonical = new ArrayList<>(frames.size());
        for (StackReader.Frame frame : frames) {
            canonical.add(frame.canonical());
        }
        String title = fill(f.template(), values.groups(), canonical);
        List<String> alts = new ArrayList<>();
        for (String alt : f.alts()) {
            alts.add(fill(alt, values.groups(), canonical));
        }
        // The function as printed and without each wrapper prefix also name the bug.
        for (List<String> variant : printedVariants(frames)) {
            String t = fill(f.template(), values.groups(), variant);
            if (!t.equals(title)) {
                alts.add(t);
            }
            for (String alt : f.alts()) {
                alts.add(fill(alt, values.groups(), variant));
            }
        }
        return new Filled(title, alts, damage, place(f.template(), values, frames));
    }

    /**
     * Where the function a title names was printed: the title names one when its template ends in
     * {@code in {frame}} or in {@code in $N} with group N a captured function ({@code {{FN}}}).
     */
    private static Place place(String template, TextPattern.Match values, List<StackReader.Frame> frames) {
        Matcher m = NAMED_FUNCTION.matcher(template);
        if (!m.find()) {
            return null;
        }
        if (m.group(1) == null) {
            return frames.isEmpty() || frames.get(0).place() == null ? null
                    : frames.get(0).place().named(frames.get(0).canonical());
        }
        int group = m.group(1).charAt(0) - '1';
        return group < values.places().size() ? values.places().get(group) : null;
    }

    private static int compare(TextPattern.Match a, TextPattern.Match b) {
        return a.line() != b.line() ? Integer.compare(a.line(), b.line()) : Integer.compare(a.column(), b.column());
    }

    /** The lines from where a match starts. */
    private static List<String> from(List<String> text, TextPattern.Match m) {
        List<String> out = new ArrayList<>(text.subList(m.line(), text.size()));
        out.set(0, out.get(0).substring(m.column()));
        return out;
    }

    /** The header line from the group's literal on: the title of a report no row matches. */
    private static String headerLine(ReportFormat.Group group, List<String> text) {
        for (String line : text) {
            int at = line.indexOf(group.literal());
            if (at >= 0) {
                return line.substring(at);
            }
        }
        return text.get(0);
    }

    /** The frames as printed, then with each wrapper prefix that changes one of them removed. */
    private static List<List<String>> printedVariants(List<StackReader.Frame> frames) {
        List<List<String>> variants = new ArrayList<>();
        List<String> printed = new ArrayList<>(frames.size());
        for (StackReader.Frame f : frames) {
            printed.add(f.raw());
        }
        variants.add(printed);
        for (String prefix : TitleFrames.STRIP_PREFIXES) {
            List<String> trimmed = null;
            for (int i = 0; i < printed.size(); i++) {
                String raw = printed.get(i);
                if (raw.startsWith(prefix)) {
                    if (trimmed == null) {
                        trimmed = new ArrayList<>(printed);
                    }
                    trimmed.set(i, raw.substring(prefix.length()));
                }
            }
            if (trimmed != null) {
                variants.add(trimmed);
            }
        }
        return variants;
    }

    /** Fills {@code $N} with the N-th group and {@code {frame}}, {@code {frame2}} with the functions read. */
    static String fill(String template, List<String> groups, List<String> frames) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '$' && i + 1 < template.length() && Character.isDigit(template.charAt(i + 1))) {
                int n = template.charAt(i + 1) - '0';
                String value = n <= groups.size() ? groups.get(n - 1) : null;
                out.append(value == null ? "" : value);
                i += 2;
            } else if (template.startsWith("{frame2}", i)) {
                out.append(frames.size() > 1 ? frames.get(1) : "");
                i += "{frame2}".length();
            } else if (template.startsWith("{frame}", i)) {
                out.append(frames.isEmpty() ? "" : frames.get(0));
                i += "{frame}".length();
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
