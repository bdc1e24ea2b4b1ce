package org.koops.log;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.model.LinePrefix;
import org.koops.model.LogLine;

/**
 * Recognises and strips the decorations that tools put in front of kernel messages, keeping them
 * for display and timing. They are peeled in the order they nest: syslog/journal header, then the
 * {@code <N>} level or {@code dmesg -x} facility, then the dmesg time stamp, then the caller id.
 */
public final class PrefixParser {
    /** {@code Nov 21 10:00:01 host kernel: } (syslog, journalctl short and short-precise). */
    private static final Pattern SYSLOG = Pattern.compile(
            "^(?:<\\d{1,3}>)?([A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?) (\\S+) kernel: ?");
    /** {@code 2026-11-21T10:00:01.123456+00:00 host kernel: } (journalctl short-iso, RFC 5424 syslog). */
    private static final Pattern SYSLOG_ISO = Pattern.compile(
            "^(?:<\\d{1,3}>1? ?)?(\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d{1,9})?(?:Z|[+-]\\d\\d:?\\d\\d)?) (\\S+) kernel: ?");
    private static final Pattern LEVEL = Pattern.compile("^<(\\d)>");
    /** {@code kern  :warn  : } from {@code dmesg -x}. */
    private static final Pattern FACILITY = Pattern.compile(
            "^(?:kern|user|mail|daemon|auth|syslog|lpr|news) *:(?:emerg|alert|crit|err|warn|notice|info|debug) *: ");
    private static final Pattern TIMESTAMP = Pattern.compile("^\\[ *(\\d{1,10}\\.\\d{1,9})\\]");
    /** {@code [Sat Nov 21 10:00:01 2026] } from {@code dmesg -T}. */
    private static final Pattern HUMAN_DATE = Pattern.compile(
            "^\\[([A-Z][a-z]{2} [A-Z][a-z]{2} [ \\d]?\\d \\d\\d:\\d\\d:\\d\\d \\d{4})\\]");
    private static final Pattern CALLER = Pattern.compile("^ ?\\[ *([TC]\\d{1,7})\\]");

    private PrefixParser() {
    }

    /** Splits a decoded line into its prefix and message. */
    public static LogLine parse(long number, long offset, long endOffset, String line) {
        int at = 0;
        Double seconds = null;
        String caller = null;
        Integer level = null;
        String wallClock = null;
        String host = null;

        Matcher m = match(SYSLOG, line, at);
        if (m == null) {
            m = match(SYSLOG_ISO, line, at);
        }
        if (m != null) {
            wallClock = m.group(1);
            host = m.group(2);
            at = m.end();
        }
        if ((m = match(LEVEL, line, at)) != null) {
            level = Integer.parseInt(m.group(1));
            at = m.end();
        } else if ((m = match(FACILITY, line, at)) != null) {
            at = m.end();
        }
        if ((m = match(TIMESTAMP, line, at)) != null) {
            seconds = Double.parseDouble(m.group(1));
            at = m.end();
        } else if ((m = match(HUMAN_DATE, line, at)) != null) {
            wallClock = m.group(1);
            at = m.end();
        }
        if (at > 0 || line.startsWith("[")) {
            if ((m = match(CALLER, line, at)) != null) {
                caller = m.group(1);
                at = m.end();
            }
        }
        if (at == 0) {
            return new LogLine(number, offset, endOffset, LinePrefix.NONE, line);
        }
        if (seconds != null || caller != null || wallClock != null && host == null) {
            at = skipOneSpace(line, at);
        }
        LinePrefix prefix = new LinePrefix(line.substring(0, at), seconds, caller, level, wallClock, host);
        return new LogLine(number, offset, endOffset, prefix, line.substring(at));
    }

    private static int skipOneSpace(String line, int at) {
        return at < line.length() && line.charAt(at) == ' ' ? at + 1 : at;
    }

    private static Matcher match(Pattern p, String line, int at) {
        if (at >= line.length()) {
            return null;
        }
        char c = line.charAt(at);
        boolean plausible = p == TIMESTAMP || p == HUMAN_DATE || p == CALLER ? c == '[' || c == ' '
                : p == LEVEL ? c == '<'
                : p == FACILITY ? Character.isLowerCase(c)
                : Character.isLetterOrDigit(c) || c == '<';
        if (!plausible) {
            return null;
        }
        Matcher m = p.matcher(line).region(at, line.length());
        return m.lookingAt() ? m : null;
    }
}
