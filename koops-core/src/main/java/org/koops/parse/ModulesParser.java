package org.koops.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.decode.TaintFlags;
import org.koops.format.GuardedPattern;
import org.koops.model.ModuleList;
import org.koops.model.ModuleRef;
import org.koops.model.ProcModule;

/**
 * Reads {@code Modules linked in:} with its continuation lines (long lists are split across
 * printk records) and {@code [last unloaded: ...]}, and {@code /proc/modules} lines.
 */
final class ModulesParser {
    private static final GuardedPattern LAST_UNLOADED = GuardedPattern.containing("\\[last unloaded: ([^\\]\\s]++)\\s*\\]",
            "[last unloaded: ");
    private static final GuardedPattern PROC_MODULE = GuardedPattern.containing(
            "^([A-Za-z0-9_]++) (\\d{1,18}+) (-?\\d{1,9}+) (\\S++) (Live|Loading|Unloading) (0x[0-9a-f]++)(?: \\(([A-Z+\\-]++)\\))?\\s*$",
            " Live 0x", " Loading 0x", " Unloading 0x");

    private final List<ModuleRef> modules = new ArrayList<>();
    private ModuleRef lastUnloaded;
    private long line = -1;

    static boolean isStart(String text) {
        return text.startsWith("Modules linked in:");
    }

    /** x86-64 before 3.10 printed {@code CPU 1 } on a line of its own after the list: two words a module name could be. */
    private static final GuardedPattern OLD_CPU_LINE = GuardedPattern.starting("^\\s*CPU \\d{1,5}+\\s*$", "CPU ");

    /** Whether a line only continues a module list: module names, taints, {@code [last unloaded]}. */
    static boolean isContinuation(String text) {
        if (OLD_CPU_LINE.isMatch(text)) {
            return false;
        }
        String rest = LAST_UNLOADED.replaceAll(text, "").strip();
        if (rest.isEmpty()) {
            return !text.isBlank();
        }
        for (String token : Whitespace.split(rest)) {
            if (nameAndTaint(token) == null) {
                return false;
            }
        }
        return true;
    }

    boolean started() {
        return line >= 0;
    }

    void read(String text, long lineNumber) {
        if (line < 0) {
            line = lineNumber;
        }
        String body = text.startsWith("Modules linked in:") ? text.substring("Modules linked in:".length()) : text;
        Matcher last = LAST_UNLOADED.find(body);
        if (last != null) {
            lastUnloaded = module(last.group(1));
            body = last.replaceAll("");
        }
        for (String token : Whitespace.split(body.strip())) {
            if (!token.isEmpty()) {
                ModuleRef m = module(token);
                if (m != null) {
                    modules.add(m);
                }
            }
        }
    }

    ModuleList result() {
        return line < 0 ? null : new ModuleList(List.copyOf(modules), lastUnloaded, line);
    }

    /** The module a token names; {@code null} when it names none. */
    private static ModuleRef module(String token) {
        String[] m = nameAndTaint(token);
        if (m == null) {
            return null;
        }
        if (m[1] == null) {
            return new ModuleRef(m[0], "", List.of()); // most modules of a list print no taint: nothing to decode
        }
        return new ModuleRef(m[0], m[1], TaintFlags.decodeModule(m[1]));
    }

    /**
     * A module's name and its taint letters, {@code null} when none are printed ({@code koops_demo(OE)},
     * {@code kvm}), as {@code ([A-Za-z0-9_-]++)(?:\(([A-Z+-]++)\))?} would match the whole token; {@code null} for
     * a token that is no module. Read by hand: a module list holds a hundred names, too many for a matcher each.
     */
    static String[] nameAndTaint(String token) {
        int i = 0;
        while (i < token.length() && nameChar(token.charAt(i))) {
            i++;
        }
        if (i == 0) {
            return null;
        }
        if (i == token.length()) {
            return new String[] {token, null};
        }
        int close = token.length() - 1;
        if (token.charAt(i) != '(' || close <= i + 1 || token.charAt(close) != ')') {
            return null;
        }
        for (int k = i + 1; k < close; k++) {
            char c = token.charAt(k);
            if ((c < 'A' || c > 'Z') && c != '+' && c != '-') {
                return null;
            }
        }
        return new String[] {token.substring(0, i), token.substring(i + 1, close)};
    }

    private static boolean nameChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    /** Parses a {@code /proc/modules} line, or returns {@code null}. */
    static ProcModule procModule(String text, long lineNumber) {
        Matcher m = PROC_MODULE.matches(text.strip());
        if (m == null) {
            return null;
        }
        List<String> usedBy = m.group(4).equals("-") ? List.of()
                : List.of(m.group(4).replaceAll(",$", "").split(","));
        return new ProcModule(m.group(1), Long.parseLong(m.group(2)), Integer.parseInt(m.group(3)), usedBy,
                m.group(5), m.group(6), m.group(7), lineNumber);
    }
}
