package org.koops.log;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.model.LinePrefix;
import org.koops.model.LogLine;

/**
 * The prefix the lines of one report share, learned from its first line. A report is printed by one
 * kernel into one log, so its lines carry the same {@linkplain PrefixForms.Role#SOURCE source} forms
 * (the time stamp, the syslog header, the quote marks of one mail), the same host and the same quote
 * depth; a line without them was put there by something else (another program, another host, a
 * remark between the lines) and {@link #fits} says so, so that it is skipped instead of ending the
 * report. Incidental forms (a level, a prompt glued to the first line) may come and go.
 *
 * <p>Two wrappers no single line can show to be a prefix are learned from the first line when it has
 * no prefix at all: its indentation (a report pasted indented into a commit message or a list: the
 * kernel never indents a report's first line) and an editor's line numbers (a number in front of it
 * that goes up with the lines of the log: the lines after it must carry theirs).
 */
public final class PrefixShape {
    /** A line number and the one blank that separates it from the line. */
    private static final Pattern LINE_NUMBER = Pattern.compile("[ \\t]*+(\\d{1,7}+)[ \\t]");
    private static final String INDENTATION = "indentation";
    private static final String NUMBERED = "line number";

    private final Set<String> source;
    private final boolean anyPrefix;
    private final String host;
    private final int quoteDepth;
    /** The indentation of every line, or {@code null}. */
    private final String indentation;
    /** An editor's line number less the line's number in the log, or {@code null}. */
    private final Long numberShift;

    private PrefixShape(Set<String> source, boolean anyPrefix, String host, int quoteDepth, String indentation, Long numberShift) {
        this.source = source;
        this.anyPrefix = anyPrefix;
        this.host = host;
        this.quoteDepth = quoteDepth;
        this.indentation = indentation;
        this.numberShift = numberShift;
    }

    /** The shape of the report that {@code header} starts. */
    public static PrefixShape learn(LogLine header) {
        LinePrefix p = header.prefix();
        if (p.present()) {
            Set<String> source = Set.copyOf(p.forms().stream().filter(PrefixForms.SOURCE_FORMS::contains).toList());
            return new PrefixShape(source, p.forms().isEmpty(), p.host(), quoteDepth(p), null, null);
        }
        String text = header.text();
        Matcher m = LINE_NUMBER.matcher(text);
        if (m.lookingAt()) {
            return new PrefixShape(Set.of(), false, null, 0, null, Long.parseLong(m.group(1)) - header.number());
        }
        int indent = 0;
        while (indent < text.length() && (text.charAt(indent) == ' ' || text.charAt(indent) == '\t')) {
            indent++;
        }
        return new PrefixShape(Set.of(), false, null, 0, indent == 0 ? null : text.substring(0, indent), null);
    }

    /** {@code line} with the wrappers learned from the first line taken off as its prefix, when it has them and no other. */
    public LogLine reread(LogLine line) {
        if (line.prefix().present() || indentation == null && numberShift == null) {
            return line;
        }
        String text = line.text();
        int at = 0;
        String form = null;
        if (numberShift != null) {
            Matcher m = LINE_NUMBER.matcher(text);
            if (m.lookingAt() && Long.parseLong(m.group(1)) - line.number() == numberShift) {
                at = m.end();
                form = NUMBERED;
            }
        } else if (text.startsWith(indentation)) {
            at = indentation.length();
            form = INDENTATION;
        }
        if (form == null) {
            return line;
        }
        LinePrefix prefix = new LinePrefix(text.substring(0, at), null, null, null, null, null, null, List.of(form));
        return new LogLine(line.number(), line.offset(), line.endOffset(), prefix, text.substring(at));
    }

    /** Whether {@code line} has the report's shape: a kernel message of the same log as its first line. */
    public boolean fits(LogLine line) {
        LinePrefix p = line.prefix();
        if (!p.kernel()) {
            return false;
        }
        if (anyPrefix) {
            return p.present();
        }
        if (!p.forms().containsAll(source)) {
            return false;
        }
        if (host != null && p.host() != null && !host.equals(p.host())) {
            return false;
        }
        return quoteDepth == 0 || quoteDepth(p) == quoteDepth;
    }

    /** How many quote marks the prefix starts with. */
    private static int quoteDepth(LinePrefix p) {
        String raw = p.raw();
        int depth = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '>') {
                depth++;
            } else if (c != ' ' && c != '\t') {
                break;
            }
        }
        return depth;
    }
}
