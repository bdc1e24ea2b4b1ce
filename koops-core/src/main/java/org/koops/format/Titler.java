package org.koops.format;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
     */
    public record Titles(String title, List<String> alts, String type, boolean corrupted, String reason,
                         ReportFormat format, boolean lacking) {
    }

    /** What the rows made of a report, before normalisation. */
    private record Description(String title, List<String> alts, String damage, ReportFormat format,
                               boolean fullerMissing) {
    }

    private Titler() {
    }

    /**
     * @param format the row the report was opened with; its group's rows title it
     * @param lines  the report's lines, header first
     */
    public static Titles title(ReportFormat format, List<LogLine> lines) {
        ReportText text = ReportText.of(lines);
        Description d = describe(format.group(), text.title());
        String title = TitleNormalizer.normalize(d.title());
        List<String> alts = d.alts().stream().map(TitleNormalizer::normalize).sorted().toList();
        String damage = d.damage() != null ? d.damage() : Completeness.check(d.title(), text.whole(), d.format());
        boolean lacking = damage != null && !Completeness.runTogether(d.title())
                && (d.format() == null || !d.format().has(ReportFormat.Flag.CORRUPTED) || d.fullerMissing());
        return new Titles(title, alts, CrashTypes.of(title), damage != null, damage, d.format(), lacking);
    }

    /**
     * Whether a line could give a report whose title {@linkplain Titles#lacking() lacks} something what
     * it needs: a function with its offset (a frame, an instruction pointer, a lock's {@code at:}), or a
     * stack trace heading.
     */
    public static boolean couldComplete(String line) {
        return line.contains("+0x") || TitleFrames.STACK_STARTS.stream().anyMatch(p -> p.matcher(line).find());
    }

    private static Description describe(ReportFormat.Group group, List<String> text) {
        TextPattern.Match start = null;
        String title = null;
        String damage = null;
        ReportFormat chosen = null;
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
        return new Description(title, List.copyOf(alts), damage, chosen, fullerMissing);
    }

    /** A row's title for a report, its alternatives, and why it is damaged (or {@code null}). */
    private record Filled(String title, List<String> alts, String damage) {
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
        List<String> canonical = frames.stream().map(StackReader.Frame::canonical).toList();
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
        return new Filled(title, alts, damage);
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
        variants.add(frames.stream().map(StackReader.Frame::raw).toList());
        for (String prefix : TitleFrames.STRIP_PREFIXES) {
            List<String> trimmed = frames.stream().map(f -> f.raw().startsWith(prefix) ? f.raw().substring(prefix.length()) : f.raw())
                    .toList();
            if (frames.stream().anyMatch(f -> f.raw().startsWith(prefix))) {
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
