package org.koops.log;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.model.LinePrefix;
import org.koops.model.LogLine;

/**
 * Splits a line into the prefix that tools and people put in front of a kernel message and the
 * message itself, keeping the prefix for display and timing. The forms a prefix is made of are the
 * rows of {@link PrefixForms}; this engine peels them off one after the other: at each position the
 * first row that may follow the forms found so far and matches there is taken, until none does.
 * Forms that need another after them (a prompt, indentation, a line number) are given back when
 * none follows, so that a kernel message's own indentation or a number it starts with stays text.
 */
public final class PrefixParser {
    /**
     * A matcher of each row's pattern, by the row's index, for the lines this thread parses: each line
     * tries two or three rows, and a matcher made per try was most of the memory a line's prefix cost.
     * A line's groups are read before the next row is tried, so one matcher a row is enough.
     */
    private static final ThreadLocal<Matcher[]> MATCHERS = ThreadLocal.withInitial(() ->
            PrefixForms.FORMS.stream().map(f -> f.pattern().matcher("")).toArray(Matcher[]::new));

    /**
     * Each row's first-character test, answered once for every ASCII character, by the row's index: the tests are
     * as many lambdas as rows, and each line called a few of them at each position it was read at.
     */
    private static final boolean[][] FIRST_ASCII = new boolean[PrefixForms.FORMS.size()][128];

    /**
     * The forms' names as a prefix lists them, for a line with one form ({@code [i][i]}) and with two ({@code [i][j]}),
     * by the rows' indexes: most lines have one or two, and each made its list again.
     */
    private static final List<?>[][] NAMES = new List<?>[PrefixForms.FORMS.size()][PrefixForms.FORMS.size()];

    static {
        for (int i = 0; i < NAMES.length; i++) {
            for (int j = 0; j < NAMES.length; j++) {
                String first = PrefixForms.FORMS.get(i).name();
                NAMES[i][j] = i == j ? List.of(first) : List.of(first, PrefixForms.FORMS.get(j).name());
            }
        }
        for (int i = 0; i < FIRST_ASCII.length; i++) {
            for (char c = 0; c < 128; c++) {
                FIRST_ASCII[i][c] = PrefixForms.FORMS.get(i).first().test(c);
            }
        }
    }

    private PrefixParser() {
    }

    /** Splits a decoded line into its prefix and message. */
    public static LogLine parse(long number, long offset, long endOffset, String line) {
        // The forms found, the last first: a chain, as a line has a few at most and most lines one.
        Found found = null;
        int at = 0;
        int order = 0;
        Matcher[] matchers = MATCHERS.get();
        search:
        while (at < line.length() && (found == null || found.form.message() == PrefixForms.Message.PLAIN)) {
            char c = line.charAt(at);
            for (int i = 0; i < PrefixForms.FORMS.size(); i++) {
                PrefixForms.Form form = PrefixForms.FORMS.get(i);
                if (form.order() < order || form.order() == order && order > 0
                        || !(c < 128 ? FIRST_ASCII[i][c] : form.first().test(c)) || taken(found, form) || !follows(found, form)) {
                    continue;
                }
                Matcher m = matchers[i];
                if (!form.mayMatch(line, at)) {
                    assert !m.reset(line).region(at, line.length()).lookingAt() || m.end() == at
                            : "the form " + form.name() + " matches without any of " + form.holds() + " at " + at + ": " + line;
                    continue;
                }
                if (m.reset(line).region(at, line.length()).lookingAt() && m.end() > at) {
                    found = new Found(form, i, at, m, found);
                    at = m.end();
                    order = form.order();
                    continue search;
                }
            }
            break;
        }
        while (found != null && found.form.needsMore()) {
            at = found.start;
            found = found.before;
        }
        if (found == null) {
            return new LogLine(number, offset, endOffset, LinePrefix.NONE, line);
        }
        return new LogLine(number, offset, endOffset, prefix(line, at, found), message(line, at, found.form));
    }

    /**
     * Whether a prefix starts with what a paste put around a log (quote marks, indentation, a line number,
     * a prompt or another program's output), before what the kernel's log itself put there.
     */
    public static boolean wrapped(LinePrefix prefix) {
        return !prefix.forms().isEmpty() && PrefixForms.WRAPPERS.contains(prefix.forms().get(0));
    }

    /** Whether one of the forms {@code form} requires before it was found; true when it requires none. */
    private static boolean follows(Found found, PrefixForms.Form form) {
        if (form.requires().isEmpty()) {
            return true;
        }
        for (Found f = found; f != null; f = f.before) {
            if (form.requires().contains(f.form.name())) {
                return true;
            }
        }
        return false;
    }

    private static boolean taken(Found found, PrefixForms.Form form) {
        for (Found f = found; f != null; f = f.before) {
            if (f.form == form) {
                return true;
            }
        }
        return false;
    }

    private static String message(String line, int at, PrefixForms.Form last) {
        return switch (last.message()) {
            case PLAIN -> line.substring(at);
            case KMSG -> RecordText.unescapeKmsg(line, at);
            case JSON -> RecordText.jsonString(line, at);
        };
    }

    /** The prefix the forms make, read from the first form found to the last, so that a later form's values win. */
    private static LinePrefix prefix(String line, int at, Found last) {
        Found[] found = new Found[last.count];
        for (Found f = last; f != null; f = f.before) {
            found[f.count - 1] = f;
        }
        Fields f = new Fields();
        for (int k = 0; k < found.length; k++) {
            Found x = found[k];
            List<PrefixForms.Capture> captures = x.form.captures();
            for (int i = 0; i < captures.size(); i++) {
                int from = x.bounds[2 * i];
                if (from >= 0) {
                    f.set(captures.get(i), line, from, x.bounds[2 * i + 1]);
                }
            }
            if (!x.form.fields().isEmpty()) {
                for (Map.Entry<PrefixForms.Capture, Pattern> field : x.form.fields().entrySet()) {
                    Matcher m = field.getValue().matcher(line);
                    if (m.find() && m.start(1) >= 0) {
                        f.set(field.getKey(), line, m.start(1), m.end(1));
                    }
                }
            }
        }
        return new LinePrefix(line.substring(0, at), f.seconds, f.caller, f.level, f.wall, f.host, f.tag, names(found));
    }

    /** The names of the forms found, first to last. */
    @SuppressWarnings("unchecked")
    private static List<String> names(Found[] found) {
        if (found.length <= 2) {
            return (List<String>) NAMES[found[0].index][found[found.length - 1].index];
        }
        String[] names = new String[found.length];
        for (int k = 0; k < found.length; k++) {
            names[k] = found[k].form.name();
        }
        return List.of(names);
    }

    /**
     * A form found at {@code start}, after the forms {@code before}, with where its captures' values are in the line,
     * in their order (read at once: the matcher is reused).
     */
    private static final class Found {
        private static final int[] NONE = {};

        final PrefixForms.Form form;
        /** The form's row in {@link PrefixForms#FORMS}. */
        final int index;
        final int start;
        /** Each capture's start and end in the line, -1 for a group that took no part in the match. */
        final int[] bounds;
        final Found before;
        /** How many forms were found up to this one, this one included. */
        final int count;

        Found(PrefixForms.Form form, int index, int start, Matcher m, Found before) {
            this.form = form;
            this.index = index;
            this.start = start;
            this.before = before;
            this.count = before == null ? 1 : before.count + 1;
            List<PrefixForms.Capture> captures = form.captures();
            if (captures.isEmpty()) {
                this.bounds = NONE;
            } else {
                this.bounds = new int[2 * captures.size()];
                for (int i = 0; i < captures.size(); i++) {
                    String group = captures.get(i).group();
                    bounds[2 * i] = m.start(group);
                    bounds[2 * i + 1] = m.end(group);
                }
            }
        }
    }

    /** What the forms of one line told, the later form winning. */
    private static final class Fields {
        /** The powers of ten up to the 15th, each a double exactly. */
        private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
            1e13, 1e14, 1e15};

        Double seconds;
        String caller;
        Integer level;
        String wall;
        String host;
        String tag;

        void set(PrefixForms.Capture c, String line, int from, int to) {
            switch (c) {
                case SECS -> seconds = seconds(line, from, to);
                case USECS -> seconds = to - from > 15 ? null : Long.parseLong(line, from, to, 10) / 1e6;
                case WALL -> wall = line.substring(from, to);
                case HOST -> host = line.substring(from, to);
                case TAG -> tag = line.substring(from, to);
                case LEVEL -> level = Integer.parseInt(line, from, to, 10);
                case PRI -> {
                    int pri = to - from > 4 ? 0 : Integer.parseInt(line, from, to, 10);
                    level = pri & 7;
                    int facility = pri >> 3;
                    if (facility != 0) {
                        tag = facility < PrefixForms.FACILITIES.size() ? PrefixForms.FACILITIES.get(facility) : "facility " + facility;
                    }
                }
                case FACILITY -> {
                    String v = line.substring(from, to);
                    tag = v.equals("kern") ? null : v;
                }
                case CALLER -> caller = line.substring(from, to);
                case PID -> caller = "T" + line.substring(from, to);
            }
        }

        /**
         * Seconds written as digits, a point and digits ({@code 5491.350153}), as {@link Double#parseDouble} reads them:
         * up to 15 digits make a whole number a double holds exactly, and dividing it by a power of ten a double holds
         * exactly rounds once, to the double nearest the decimal, which is parseDouble's answer too; longer ones go to it.
         */
        private static Double seconds(String line, int from, int to) {
            long digits = 0;
            int count = 0;
            int point = -1;
            for (int i = from; i < to; i++) {
                char ch = line.charAt(i);
                if (ch == '.' && point < 0) {
                    point = count;
                } else if (ch >= '0' && ch <= '9' && count < 15) {
                    digits = digits * 10 + (ch - '0');
                    count++;
                } else {
                    return Double.parseDouble(line.substring(from, to));
                }
            }
            int fraction = point < 0 ? 0 : count - point;
            return digits / POWERS_OF_TEN[fraction];
        }
    }
}
