package org.koops.format;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.log.PrefixParser;
import org.koops.model.LogLine;

/**
 * The text a report is titled from, as syzkaller reads it: the messages from the header on that the
 * header's printer printed (its printk caller id, or lines alike without one), less the frames the
 * unwinder was unsure of, less a second stack printed by a panic that follows a report long enough
 * to stand alone.
 *
 * @param title the lines the title is read from: they end where a message with a stack of its own
 *              starts in the middle of the report (unless lines carry caller ids, which keep tasks apart)
 * @param whole all the lines, which are checked for a stack trace
 */
record ReportText(List<String> title, List<String> whole) {
    /** Kernel messages are at most 1 KiB; longer lines are interleaved output, read only this far. */
    static final int MAX_LINE = 4096;

    /** A console line's prefix: a note of dropped messages, a level, a time stamp, a caller id. */
    private static final Pattern CONSOLE = console("");
    /** The same after a login prompt; tried only on lines that hold one, as {@code .*} scans the whole line. */
    private static final Pattern CONSOLE_AFTER_LOGIN = console("(?:.* login: )?");
    private static final String LOGIN = " login: ";
    /** An unreliable frame ({@code ? func+0x..}), or powerpc's {@code (unreliable)} one. */
    private static final Pattern QUESTIONABLE = Pattern.compile("(?:\\[<[0-9a-f]++>\\])? \\? ");
    /** Messages that print a stack without being a bug; in the middle of a report they start another one. */
    private static final List<String> INFO_WITH_STACK = List.of("vmalloc: allocation failure:",
            "FAULT_INJECTION: forcing a failure", "FAULT_FLAG_ALLOW_RETRY missing");
    /** A panic or a deadlock report caused by the report before it, which adds only a second stack. */
    private static final List<String> FOLLOWING_REPORT = List.of("Kernel panic - not syncing",
            "WARNING: possible circular locking dependency detected");
    private static final Pattern CPU = Pattern.compile("\\[ *+C\\d");
    /** From here on every CPU prints its stack, each in its own context, and all belong to the report. */
    private static final String ALL_CPUS = "Sending NMI from CPU";
    /** Lines of a report that a following report must come after before it is cut; KMSAN reports are shorter. */
    private static final int MIN_LINES = 22;
    private static final int MIN_LINES_KMSAN = 16;

    private static Pattern console(String login) {
        return Pattern.compile("(?:\\*\\* \\d++ printk messages dropped \\*\\* )?" + login
                + "(?:<\\d++>)?\\[ *+\\d++\\.\\d++\\](\\[ *+[CT]\\d++\\])? ");
    }

    static ReportText of(List<LogLine> lines) {
        List<String> whole = new ArrayList<>();
        int titleEnd = -1;
        LogLine header = lines.get(0);
        Matchers matchers = new Matchers();
        String context = matchers.context(header);
        boolean tasksApart = context.startsWith("[");
        boolean allCpus = false;
        int minLines = header.text().contains("BUG: KMSAN:") ? MIN_LINES_KMSAN : MIN_LINES;
        int counted = 0;
        for (LogLine line : lines) {
            String text = line.text().length() > MAX_LINE ? line.text().substring(0, MAX_LINE) : line.text();
            boolean first = line == header;
            if (!first && titleEnd < 0 && !tasksApart && containsAny(text, INFO_WITH_STACK)) {
                titleEnd = whole.size();
            }
            String own = first ? context : matchers.context(line);
            boolean ownContext = own.equals(context) || allCpus && CPU.matcher(own).find();
            if (!first && (!ownContext || matchers.questionable(own, text))) {
                continue;
            }
            allCpus |= text.contains(ALL_CPUS);
            counted++;
            if (first) {
                whole.add(text);
            } else if (counted > minLines && containsAny(text, FOLLOWING_REPORT)) {
                break;
            } else if (!text.contains("Disabling lock debugging due to kernel taint")) {
                whole.add(text);
            }
        }
        List<String> title = titleEnd < 0 ? whole : whole.subList(0, titleEnd);
        return new ReportText(List.copyOf(title), List.copyOf(whole));
    }

    private static boolean containsAny(String text, List<String> literals) {
        for (int i = 0; i < literals.size(); i++) {
            if (text.contains(literals.get(i))) {
                return true;
            }
        }
        return false;
    }

    /** Reads one report's lines with one matcher per pattern for all of them. */
    private static final class Matchers {
        private final Matcher console = CONSOLE.matcher("");
        private final Matcher afterLogin = CONSOLE_AFTER_LOGIN.matcher("");
        private final Matcher questionable = QUESTIONABLE.matcher("");

        /**
         * Who printed a line, as far as its console prefix tells: the printk caller id ({@code [T123]} a task,
         * {@code [C1]} a CPU), else {@code console} for a time stamp alone, else nothing.
         */
        String context(LogLine line) {
            String prefix = line.prefix().raw();
            if (prefix.length() + line.text().length() <= MAX_LINE && !holdsLogin(prefix, line.text())) {
                // A match that read the prefix alone, never reaching its end (Matcher.hitEnd), is the match the
                // whole line gives: the line is not rebuilt from its prefix and its text for it.
                Matcher m = console.reset(prefix);
                boolean matched = m.lookingAt();
                if (!m.hitEnd() && (matched || !PrefixParser.wrapped(line.prefix()))) {
                    return !matched ? "" : m.group(1) != null ? m.group(1) : "console";
                }
            }
            String raw = line.raw();
            raw = raw.length() > MAX_LINE ? raw.substring(0, MAX_LINE) : raw;
            Matcher m = (raw.contains(LOGIN) ? afterLogin : console).reset(raw);
            if (!m.lookingAt()) {
                // A paste's wrappers (quote marks, line numbers, a prompt) come before the console prefix.
                int prefixEnd = line.prefix().raw().length();
                if (!PrefixParser.wrapped(line.prefix()) || !m.find() || m.end() > prefixEnd + 1) {
                    return "";
                }
            }
            return m.group(1) != null ? m.group(1) : "console";
        }

        /** Whether the line made of the prefix then the text holds {@link #LOGIN}, maybe across the two. */
        private static boolean holdsLogin(String prefix, String text) {
            if (prefix.contains(LOGIN) || text.contains(LOGIN)) {
                return true;
            }
            for (int k = 1; k < LOGIN.length(); k++) {
                if (prefix.regionMatches(prefix.length() - k, LOGIN, 0, k)
                        && text.regionMatches(0, LOGIN, k, LOGIN.length() - k)) {
                    return true;
                }
            }
            return false;
        }

        /** Only lines with a console prefix are read for unsure frames. */
        boolean questionable(String context, String text) {
            if (context.isEmpty() || text.contains("<EOI>")) {
                return false;
            }
            return text.contains(" ? ") && questionable.reset(text).find() || text.endsWith(" (unreliable)");
        }
    }
}
