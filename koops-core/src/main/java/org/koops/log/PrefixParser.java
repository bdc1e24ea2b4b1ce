package org.koops.log;

import java.util.ArrayList;
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

    private PrefixParser() {
    }

    /** Splits a decoded line into its prefix and message. */
    public static LogLine parse(long number, long offset, long endOffset, String line) {
        List<Found> found = new ArrayList<>(4);
        int at = 0;
        int order = 0;
        PrefixForms.Form last = null;
        Matcher[] matchers = MATCHERS.get();
        search:
        while (at < line.length() && (last == null || last.message() == PrefixForms.Message.PLAIN)) {
            for (int i = 0; i < PrefixForms.FORMS.size(); i++) {
                PrefixForms.Form form = PrefixForms.FORMS.get(i);
                if (form.order() < order || form.order() == order && order > 0 || !form.first().test(line.charAt(at))
                        || taken(found, form) || !follows(found, form)) {
                    continue;
                }
                Matcher m = matchers[i].reset(line).region(at, line.length());
                if (m.lookingAt() && m.end() > at) {
                    found.add(new Found(form, at, m));
                    at = m.end();
                    order = form.order();
                    last = form;
                    continue search;
                }
            }
            break;
        }
        while (!found.isEmpty()) {
            Found tail = found.get(found.size() - 1);
            if (!tail.form.needsMore()) {
                break;
            }
            found.remove(found.size() - 1);
            at = tail.start;
        }
        if (found.isEmpty()) {
            return new LogLine(number, offset, endOffset, LinePrefix.NONE, line);
        }
        return new LogLine(number, offset, endOffset, prefix(line, at, found), message(line, at, found));
    }

    /**
     * Whether a prefix starts with what a paste put around a log (quote marks, indentation, a line number,
     * a prompt or another program's output), before what the kernel's log itself put there.
     */
    public static boolean wrapped(LinePrefix prefix) {
        return !prefix.forms().isEmpty() && PrefixForms.WRAPPERS.contains(prefix.forms().get(0));
    }

    /** Whether one of the forms {@code form} requires before it was found; true when it requires none. */
    private static boolean follows(List<Found> found, PrefixForms.Form form) {
        if (form.requires().isEmpty()) {
            return true;
        }
        for (Found f : found) {
            if (form.requires().contains(f.form.name())) {
                return true;
            }
        }
        return false;
    }

    private static boolean taken(List<Found> found, PrefixForms.Form form) {
        for (Found f : found) {
            if (f.form == form) {
                return true;
            }
        }
        return false;
    }

    private static String message(String line, int at, List<Found> found) {
        return switch (found.get(found.size() - 1).form.message()) {
            case PLAIN -> line.substring(at);
            case KMSG -> RecordText.unescapeKmsg(line, at);
            case JSON -> RecordText.jsonString(line, at);
        };
    }

    private static LinePrefix prefix(String line, int at, List<Found> found) {
        Fields f = new Fields();
        List<String> forms = new ArrayList<>(found.size());
        for (Found x : found) {
            forms.add(x.form.name());
            for (PrefixForms.Capture c : x.form.captures()) {
                f.set(c, x.groups.get(c));
            }
            for (Map.Entry<PrefixForms.Capture, Pattern> field : x.form.fields().entrySet()) {
                Matcher m = field.getValue().matcher(line);
                if (m.find()) {
                    f.set(field.getKey(), m.group(1));
                }
            }
        }
        return new LinePrefix(line.substring(0, at), f.seconds, f.caller, f.level, f.wall, f.host, f.tag, forms);
    }

    /** A form found at {@code start}, with the values of its groups (read at once: the matcher is reused). */
    private static final class Found {
        final PrefixForms.Form form;
        final int start;
        final Map<PrefixForms.Capture, String> groups;

        Found(PrefixForms.Form form, int start, Matcher m) {
            this.form = form;
            this.start = start;
            if (form.captures().isEmpty()) {
                this.groups = Map.of();
            } else {
                Map<PrefixForms.Capture, String> g = new java.util.EnumMap<>(PrefixForms.Capture.class);
                for (PrefixForms.Capture c : form.captures()) {
                    String v = m.group(c.group());
                    if (v != null) {
                        g.put(c, v);
                    }
                }
                this.groups = g;
            }
        }
    }

    /** What the forms of one line told, the later form winning. */
    private static final class Fields {
        Double seconds;
        String caller;
        Integer level;
        String wall;
        String host;
        String tag;

        void set(PrefixForms.Capture c, String v) {
            if (v == null) {
                return;
            }
            switch (c) {
                case SECS -> seconds = Double.parseDouble(v);
                case USECS -> seconds = v.length() > 15 ? null : Long.parseLong(v) / 1e6;
                case WALL -> wall = v;
                case HOST -> host = v;
                case TAG -> tag = v;
                case LEVEL -> level = Integer.parseInt(v);
                case PRI -> {
                    int pri = v.length() > 4 ? 0 : Integer.parseInt(v);
                    level = pri & 7;
                    int facility = pri >> 3;
                    if (facility != 0) {
                        tag = facility < PrefixForms.FACILITIES.size() ? PrefixForms.FACILITIES.get(facility) : "facility " + facility;
                    }
                }
                case FACILITY -> tag = v.equals("kern") ? null : v;
                case CALLER -> caller = v;
                case PID -> caller = "T" + v;
            }
        }
    }
}
