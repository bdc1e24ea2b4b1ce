package org.koops.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.log.PrefixParser;

/**
 * The line-by-line rules by which syzkaller's Linux parser ({@code pkg/report/linux.go}, findReport)
 * extracts a report's text. A line's <em>context</em> is what its console prefix says about who
 * printed it: none (no time stamp), {@code console} (a time stamp only), or the printk caller id
 * ({@code [T123]} a task, {@code [C1]} a CPU). The report keeps the lines of the first line's context.
 * Works on a log decoded as ISO-8859-1, so that indexes are byte offsets.
 */
final class SyzkallerExtraction {
    /** Lines before the report kept for what led to it; more with a task caller id, which is certain to be related. */
    private static final int PREFIX_LINES = 5;
    private static final int TASK_PREFIX_LINES = 50;
    /**
     * After this many report lines, a panic or a lockdep splat is the consequence of the report
     * (panic_on_warn, locks taken while printing): the rest is dropped. KMSAN reports have no
     * register dump and reach their panic sooner.
     */
    private static final int LINES_BEFORE_CONSEQUENCES = 22;
    private static final int KMSAN_LINES_BEFORE_CONSEQUENCES = 16;
    private static final List<String> CONSEQUENCES = List.of(
            "Kernel panic - not syncing", "WARNING: possible circular locking dependency detected");
    /** Says nothing about the report, and would differ between two runs of the same bug. */
    private static final String NOISE = "Disabling lock debugging due to kernel taint";
    /** From here on all CPUs print their stacks, each in its own context, and they all belong to the report. */
    private static final String ALL_CPUS = "Sending NMI from CPU";
    /** An interrupt's end marker on a frame line: the frame is reliable even with a {@code ?}. */
    private static final String END_OF_INTERRUPT = "<EOI>";

    /** A console line: optional dropped-messages note or login prompt, {@code <level>}, time stamp, caller id. */
    private static final Pattern CONSOLE = Pattern.compile(
            "^(?:\\*\\* [0-9]++ printk messages dropped \\*\\* )?(?:.* login: )?(?:<[0-9]++>)?\\[ *+[0-9]++\\.[0-9]++\\]"
            + "(\\[ *+[CT][0-9]++\\])? ");
    private static final Pattern TASK = Pattern.compile("\\[ *+T[0-9]++\\]");
    private static final Pattern CPU = Pattern.compile("\\[ *+C[0-9]++\\]");
    private static final String NO_CONTEXT = "";
    private static final String CONSOLE_CONTEXT = "console";

    private final String log;
    private final int start;
    private static final HeaderMatcher HEADERS = HeaderMatcher.standard();
    private final StringBuilder report = new StringBuilder();
    private final Deque<String> prefix = new ArrayDeque<>();
    private int end;

    SyzkallerExtraction(String log, int start) {
        this.log = log;
        this.start = start;
        int firstNewline = log.indexOf('\n', start);
        this.end = firstNewline < 0 ? log.length() : firstNewline;
    }

    void run() {
        String first = line(start, end);
        String context = context(first);
        int consequencesAfter = first.contains("BUG: KMSAN:") ? KMSAN_LINES_BEFORE_CONSEQUENCES : LINES_BEFORE_CONSEQUENCES;
        int maxPrefix = TASK.matcher(context).find() ? TASK_PREFIX_LINES : PREFIX_LINES;
        int textLines = 0;
        boolean dropRest = false;
        boolean allCpus = false;
        for (int pos = 0; pos < log.length(); ) {
            int next = log.indexOf('\n', pos);
            next = next < 0 ? log.length() : next;
            String line = line(pos, next);
            String lineContext = context(line);
            Stripped s = strip(line, lineContext);
            boolean header = pos == start;
            if (pos < start) {
                if (lineContext.equals(context) && !s.text.isEmpty() && !s.questionable) {
                    prefix.addLast(s.text);
                    if (prefix.size() > maxPrefix) {
                        prefix.removeFirst();
                    }
                }
                pos = next + 1;
                continue;
            }
            if (isHeader(line)) {
                end = Math.max(end, next);
            }
            pos = next + 1;
            boolean ownContext = lineContext.equals(context) || allCpus && CPU.matcher(lineContext).find();
            if (!header && (s.questionable || !ownContext)) {
                continue;
            }
            textLines++;
            boolean skip = dropRest;
            if (line.contains(NOISE)) {
                skip = true;
            } else if (line.contains(ALL_CPUS)) {
                allCpus = true;
            } else if (textLines > consequencesAfter && CONSEQUENCES.stream().anyMatch(line::contains)) {
                dropRest = true;
                skip = true;
            }
            if (header || !skip) {
                report.append(s.text).append('\n');
            }
        }
    }

    long endOffset() {
        return end;
    }

    String prefix() {
        StringBuilder s = new StringBuilder();
        prefix.forEach(l -> s.append(l).append('\n'));
        return s.toString();
    }

    String report() {
        return report.toString();
    }

    private String line(int from, int to) {
        return log.substring(from, to);
    }

    private boolean isHeader(String line) {
        String utf8 = new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        return HEADERS.match(PrefixParser.parse(0, 0, 0, utf8).text()) != null;
    }

    private static String context(String line) {
        Matcher m = CONSOLE.matcher(line);
        if (!m.lookingAt()) {
            return NO_CONTEXT;
        }
        return m.group(1) == null ? CONSOLE_CONTEXT : m.group(1);
    }

    private record Stripped(String text, boolean questionable) {
    }

    /** The message after the console prefix; {@code ? } frames and powerpc's {@code (unreliable)} ones are questionable. */
    private static Stripped strip(String line, String context) {
        if (context.equals(NO_CONTEXT)) {
            return new Stripped(line, false);
        }
        String text = line.substring(line.indexOf("] ") + 2);
        if (!text.contains(END_OF_INTERRUPT)) {
            int q = text.indexOf(" ? ");
            if (q >= 0) {
                return new Stripped(text.substring(q + 2), true);
            }
            if (text.endsWith(" (unreliable)")) {
                return new Stripped(text.substring(0, text.length() - " (unreliable)".length()), true);
            }
        }
        return new Stripped(text, false);
    }
}
