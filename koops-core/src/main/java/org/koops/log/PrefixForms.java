package org.koops.log;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/**
 * The forms a per-line prefix is made of, one row each: the tools that write kernel logs (dmesg,
 * syslog, the journal, serial consoles) and the people who paste them (mail quotes, editors, shells)
 * each put their own in front of a kernel message, and nest them. {@link PrefixParser} peels them
 * off a line in the order the rows allow, and never names a tool itself.
 *
 * <p>A row's pattern is matched where the previous form ended; its named groups say what it tells
 * (the group names are those of {@link Capture}). A form may follow only forms of an earlier
 * {@link Form#order()} (wrappers, order 0, may follow one another), and each form appears at most
 * once. Patterns are written with the placeholders of {@link #PIECES} and must not backtrack without
 * bound.
 */
final class PrefixForms {
    /** What a row's named groups hold. */
    enum Capture {
        /** seconds since boot, as printed ({@code 5491.350153}) */
        SECS,
        /** microseconds since boot */
        USECS,
        /** a date and time as printed */
        WALL,
        HOST,
        /** the program that logged the line */
        TAG,
        /** the console log level, 0 to 7 */
        LEVEL,
        /** a syslog priority: the facility times 8 plus the level */
        PRI,
        /** a dmesg -x facility name ({@code kern}) */
        FACILITY,
        /** a printk caller id ({@code T123}, {@code C1}) */
        CALLER,
        /** the pid of the task that printed the line */
        PID;

        private final String group = name().toLowerCase(Locale.ROOT);

        /** The name of the pattern group that holds it. */
        String group() {
            return group;
        }
    }

    /** How the message after a form is written. */
    enum Message {
        /** as it is: more forms may follow */
        PLAIN,
        /** the rest of the line, with /dev/kmsg's {@code \xNN} escapes */
        KMSG,
        /** a JSON string up to its closing quote */
        JSON
    }

    /** Whether a line of a report must carry the form too. */
    enum Role {
        /** says which log or which paste a line belongs to: every line of a report carries it */
        SOURCE,
        /** may come and go within one log (levels, a prompt glued to one line, indentation) */
        INCIDENTAL
    }

    /**
     * One prefix form.
     *
     * @param name      its name, kept in {@link org.koops.model.LinePrefix#forms()}
     * @param order     forms follow one another in increasing order; wrappers (0) in any order among themselves
     * @param first     a cheap test of the character the form starts with, run before the pattern
     * @param pattern   matched where the previous form ended; consumes the one space that separates it
     * @param captures  the named groups of {@code pattern}
     * @param requires  forms one of which must have been found before this one; empty when any may
     * @param needsMore whether another form must follow: alone it would be the message's own text
     * @param message   how the message after it is written
     * @param fields    for a record holding the message in one field, the other fields' patterns, searched
     *                  anywhere in the line; group 1 is the value
     * @param role      whether every line of a report carries it
     * @param reason    why the row is there
     * @param holds     strings one of which every match holds after where it starts, looked for before the pattern
     *                  runs: most lines hold none and meet no pattern; empty when the first character is test enough
     */
    record Form(String name, int order, IntPredicate first, Pattern pattern, List<Capture> captures, Set<String> requires,
                boolean needsMore, Message message, Map<Capture, Pattern> fields, Role role, String reason,
                List<String> holds) {
        Form(String name, int order, IntPredicate first, Pattern pattern, List<Capture> captures, Set<String> requires,
             boolean needsMore, Message message, Map<Capture, Pattern> fields, Role role, String reason) {
            this(name, order, first, pattern, captures, requires, needsMore, message, fields, role, reason, List.of());
        }

        /** This row, its pattern tried only where the rest of the line holds one of {@code literals}. */
        Form holding(String... literals) {
            return new Form(name, order, first, pattern, captures, requires, needsMore, message, fields, role, reason,
                    List.of(literals));
        }

        /** Whether the line from {@code at} on holds what every match of the pattern there holds. */
        boolean mayMatch(String line, int at) {
            if (holds.isEmpty()) {
                return true;
            }
            for (int i = 0; i < holds.size(); i++) {
                if (line.indexOf(holds.get(i), at) >= 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Shared pattern pieces, expanded once. */
    static final Map<String, String> PIECES = Map.of(
            // A fraction's digits may be missing ([  240.]).
            "{{SECS}}", "\\d{1,10}+\\.\\d{0,9}+",
            "{{HMS}}", "\\d\\d?:\\d\\d:\\d\\d(?:[.,]\\d{1,9}+)?+",
            // Any locale's abbreviated month, as strftime's %b prints it: Nov, дек, кві, déc., Mär, 12月.
            "{{MONTH}}", "(?:\\p{L}[\\p{L}\\p{M}.]{1,9}+|\\d{1,2}+\\p{L})",
            "{{END}}", "(?: |$)",
            // A form closed by its bracket needs no blank after it ([ 72.159680][ T1234]).
            "{{SEP}}", " ?",
            "{{WORD}}", "[^\\s:\\[\\]]{1,64}+",
            // Host names may hold a colon (IPv6, or a placeholder such as :HOSTNAME: in shared logs).
            "{{HOST}}", "[^\\s\\[\\]]{1,255}+");

    private static final IntPredicate DIGIT = c -> c >= '0' && c <= '9';
    private static final IntPredicate LETTER_OR_DIGIT = Character::isLetterOrDigit;
    private static final IntPredicate BLANK = c -> c == ' ' || c == '\t';

    /** The rows, in the order they are tried at each position. */
    static final List<Form> FORMS = List.of(
            // Wrappers: what people and programs put around a whole log they paste or show.
            form("quote", 0, c -> c == '>', "(?:>(?: |(?=[>\\[<]|$)))++", List.of(), null, false, Role.SOURCE,
                    "mail and forum quoting, nested too (> > ); KASAN's >ffff... row is not one: no space follows"),
            form("indentation", 0, BLANK, "[ \\t]++", List.of(), null, true, Role.INCIDENTAL,
                    "a log pasted indented (commit messages, markdown lists); kept as text unless a prefix follows"),
            form("line number", 0, DIGIT, "\\d{1,7}+(?: ?[:|])?[ \\t]", List.of(), null, true, Role.INCIDENTAL,
                    "an editor's or a viewer's line numbers (vim, less -N, cat -n)"),
            // Records: the message is one field of a record; the other fields are elsewhere on the line or on other lines.
            new Form("kmsg record", 1, DIGIT, compile(
                    "(?<pri>\\d{1,4}+),\\d{1,20}+,(?<usecs>\\d{1,20}+),[-+c](?:,caller=(?<caller>[TC]\\d{1,10}+))?+[^;]{0,64}+;"),
                    List.of(Capture.PRI, Capture.USECS, Capture.CALLER), Set.of(), false, Message.KMSG, Map.of(), Role.SOURCE,
                    "/dev/kmsg records (priority,sequence,microseconds,flags;message), as cat /dev/kmsg shows them").holding(";"),
            new Form("dmesg json", 1, c -> c == '"', compile("\"msg\": ?\""), List.of(), Set.of(), false, Message.JSON,
                    Map.of(), Role.SOURCE, "dmesg -J (--json): one field a line, the message in \"msg\""),
            new Form("journal json", 1, c -> c == '{', compile("\\{\"[^\\n]{0,16384}?\"MESSAGE\" ?: ?\""), List.of(), Set.of(),
                    false, Message.JSON, Map.of(
                            Capture.USECS, compile("\"_SOURCE_MONOTONIC_TIMESTAMP\" ?: ?\"(\\d{1,20}+)\""),
                            Capture.HOST, compile("\"_HOSTNAME\" ?: ?\"([^\"\\\\]{1,255}+)\""),
                            Capture.TAG, compile("\"SYSLOG_IDENTIFIER\" ?: ?\"([^\"\\\\]{1,255}+)\""),
                            Capture.LEVEL, compile("\"PRIORITY\" ?: ?\"([0-7])\"")),
                    Role.SOURCE, "journalctl -o json: a record a line, the message in \"MESSAGE\"").holding("\"MESSAGE\""),
            new Form("journal json field", 1, c -> c == '"', compile("\"MESSAGE\" ?: ?\""), List.of(), Set.of(), false,
                    Message.JSON, Map.of(), Role.SOURCE, "journalctl -o json-pretty: one field a line"),
            new Form("journal export field", 1, c -> c == 'M', compile("MESSAGE="), List.of(), Set.of(), false, Message.KMSG,
                    Map.of(), Role.SOURCE, "journalctl -o export: one KEY=value field a line, records apart by a blank line"),

            // What syslog, the journal and dmesg put in front of each message.
            form("level", 2, c -> c == '<', "<(?<pri>\\d{1,3}+)>(?:1 )?", List.of(Capture.PRI), null, false,
                    Role.INCIDENTAL, "the console log level (<4>), or a raw syslog priority (<6>, RFC 5424's <6>1 )"),
            form("dmesg facility", 3, Character::isLowerCase,
                    "(?<facility>kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|local[0-7]) *+:"
                    + "(?:emerg|alert|crit|err|warn|notice|info|debug) *+: ", List.of(Capture.FACILITY), null, false,
                    Role.SOURCE, "dmesg -x (--decode): facility and level in words").holding(":"),
            form("syslog time", 4, LETTER_OR_DIGIT,
                    "(?<wall>(?:\\p{L}{2,9}+\\.?,? )?{{MONTH}} {1,2}\\d{1,2}+,? {{HMS}}(?: \\d{4})?+){{END}}",
                    List.of(Capture.WALL), null, false, Role.SOURCE,
                    "syslog and journalctl's short format, the month in any language (Nov, дек, кві); OpenWrt's with weekday and year").holding(":"),
            form("ISO time", 4, LETTER_OR_DIGIT,
                    "(?<wall>(?:\\p{L}{2,9}+\\.?,? )?\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9}+)?+"
                    + "(?:Z|[+-]\\d\\d:?\\d\\d| \\p{Lu}{2,5}+(?= ))?+){{END}}",
                    List.of(Capture.WALL), null, false, Role.SOURCE,
                    "journalctl -o short-iso and short-full (Fri 2025-12-05 10:17:39 CET), rsyslog's RFC 3339 dates").holding(":"),
            form("unix time", 4, DIGIT, "(?<wall>\\d{9,10}+\\.\\d{6}+){{END}}", List.of(Capture.WALL), null, false, Role.SOURCE,
                    "journalctl -o short-unix: seconds since 1970").holding("."),
            form("kernel tag", 5, c -> c == 'k', "(?<tag>kernel):{{END}}", List.of(Capture.TAG), null, false, Role.SOURCE,
                    "syslogs that leave the host out, and lines cut out of a syslog after their date (grep | cut), and the journal's"
                    + " short-precise lines without a host; only the kernel's tag, as a kernel message may start with a word"
                    + " and a colon. Tried before the host: no host is called kernel: with its colon").holding("kernel:"),
            form("logread facility and tag", 5, Character::isLowerCase,
                    "(?:kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|local[0-7])\\."
                    + "(?:emerg|alert|crit|err|warn|notice|info|debug) (?<tag>{{WORD}}(?:\\[\\d{1,10}+\\])?+):{{END}}",
                    List.of(Capture.TAG), "syslog time", false, Role.SOURCE,
                    "OpenWrt's logread: facility.level where syslog puts the host (kern.warn kernel:), the level changing from line to line").holding(":"),
            form("host and tag", 5, c -> true,
                    "(?<host>{{HOST}}) (?<tag>{{WORD}}(?:\\[\\d{1,10}+\\])?+):{{END}}", List.of(Capture.HOST, Capture.TAG),
                    "syslog time|ISO time|unix time", false, Role.SOURCE, "the host and the program: kernel: for kernel messages").holding(":"),
            form("dmesg time", 6, c -> c == '[' || c >= '0' && c <= '9',
                    "(?:\\[ *+|(?=\\d{1,10}+\\.\\d{6}\\] ))(?:(?<secs>{{SECS}})|\\+{{SECS}})(?: <[ \\d.]{1,20}+>)?\\]{{SEP}}",
                    List.of(Capture.SECS), null, false, Role.SOURCE, "the kernel's own time stamp since boot; dmesg -d's delta, "
                    + "dmesg -e's +delta; its [ lost where a paste begins inside the stamp (60836.026949] ...)").holding("]"),
            form("dmesg ISO time", 6, DIGIT,
                    "(?<wall>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d,\\d{1,9}+[+-]\\d\\d:?\\d\\d){{END}}", List.of(Capture.WALL),
                    null, false, Role.SOURCE,
                    "dmesg --time-format=iso (a comma before the fraction): the kernel's time, so no host or tag follows").holding(":"),
            form("bracketed date", 5, c -> c == '[',
                    "\\[(?<wall>\\p{L}[^\\[\\]]{0,30}?\\d{1,2}:\\d\\d(?::\\d\\d)?+[^\\[\\]]{0,16}+|[^\\[\\]]{0,40}?\\d\\d:\\d\\d:\\d\\d[^\\[\\]]{0,16}+)\\]{{SEP}}",
                    List.of(Capture.WALL), null, false, Role.SOURCE,
                    "dmesg -T and -e in any locale ([Sat Nov 21 10:00:01 2026]), serial capture tools' [10:00:01.123] before the kernel's own").holding(":"),
            form("host and kernel tag", 7, c -> true, "(?<host>{{WORD}}) (?<tag>kernel):{{END}}",
                    List.of(Capture.HOST, Capture.TAG), "dmesg time", false, Role.SOURCE,
                    "journalctl -o short-monotonic: the host and program after the time since boot").holding(" kernel:"),
            form("caller", 8, c -> c == '[' || c == ' ', " ?\\[ *+(?<caller>[TC]\\d{1,10}+)\\]{{SEP}}", List.of(Capture.CALLER),
                    null, false, Role.INCIDENTAL, "printk's caller id (CONFIG_PRINTK_CALLER): the task or CPU that printed").holding("]"),
            form("vendor context", 8, c -> c == '[' || c == ' ', " ?\\[ *+\\d{1,4}+: *+[^\\]]{1,24}?: *+(?<pid>\\d{1,10}+)\\]{{SEP}}",
                    List.of(Capture.PID), null, false, Role.INCIDENTAL,
                    "vendor kernels' [CPU: comm:pid] context (Android): the task that printed").holding(":"),

            // Last resorts at a line's start, tried when nothing else is there.
            form("shell prompt", 0, c -> true,
                    "(?:(?:\\[[^\\[\\]]{1,64}+\\]|[\\w.@:~/+-]{0,64}+ ?)[#$%] |\\S{1,32}+ login: ?)", List.of(), null, true,
                    Role.INCIDENTAL, "a console's shell or login prompt that the first kernel line was printed after (/ # , root@host:~# )")
                    .holding("# ", "$ ", "% ", " login:"),
            form("glued output", 0, c -> c != '[', "[^\\[]{1,160}+(?=\\[ *+{{SECS}}\\])", List.of(), null, true,
                    Role.INCIDENTAL, "another program's output on a serial console, cut by the kernel line printed into it").holding("]"));

    /** Syslog facility names by number (RFC 5424), for priorities that are not the kernel's. */
    static final List<String> FACILITIES = List.of("kernel", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
            "uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "solaris-cron",
            "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7");

    /** The {@link Form#name()}s of the wrappers, the forms of order 0. */
    static final Set<String> WRAPPERS = Set.copyOf(FORMS.stream().filter(f -> f.order() == 0).map(Form::name).toList());

    /** The {@link Form#name()}s of forms whose {@link Role} is {@link Role#SOURCE}. */
    static final Set<String> SOURCE_FORMS = Set.copyOf(FORMS.stream().filter(f -> f.role() == Role.SOURCE).map(Form::name).toList());

    private PrefixForms() {
    }

    private static Form form(String name, int order, IntPredicate first, String pattern, List<Capture> captures,
                             String requires, boolean needsMore, Role role, String reason) {
        Set<String> after = requires == null ? Set.of() : Set.of(requires.split("\\|"));
        return new Form(name, order, first, compile(pattern), captures, after, needsMore, Message.PLAIN, Map.of(), role,
                reason);
    }

    private static Pattern compile(String pattern) {
        String p = pattern;
        for (Map.Entry<String, String> piece : PIECES.entrySet()) {
            p = p.replace(piece.getKey(), piece.getValue());
        }
        return Pattern.compile(p);
    }
}
