package org.koops.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.decode.TaintFlags;
import org.koops.model.ModuleRef;
import org.koops.model.Taint;

/** Reads {@code func+0x56/0x1c0 [mod]} and says what it and the module are. */
final class Locations {
    static final String LOCATION = "(?<fn>[A-Za-z_.$][\\w.$]*+)\\+0x(?<off>[0-9a-f]{1,16}+)(?:/0x(?<size>[0-9a-f]{1,16}+))?+"
            + "(?: \\[(?<mod>[\\w\\-]++)(?: [0-9a-f]{8,64}+)?\\])?+";
    private static final Pattern SYMBOL = Pattern.compile("^" + LOCATION);

    /** Short names of the per-module taint letters, for one-line mentions. */
    private static final Map<Character, String> MODULE_TAINTS = Map.of('P', "proprietary", 'F', "force-loaded",
            'C', "staging", 'O', "out-of-tree", 'E', "unsigned", 'K', "live patch", 'X', "distribution auxiliary",
            'T', "randstruct", 'N', "test", 'J', "fwctl");

    private Locations() {
    }

    /** {@code 0x56 bytes into single_show (a 0x1c0-byte function)}, or null when the text is not a location. */
    static String where(String text) {
        Matcher m = SYMBOL.matcher(text);
        return m.lookingAt() ? where(m) : null;
    }

    static String where(Matcher m) {
        String size = m.group("size") == null ? "" : " (a 0x" + m.group("size") + "-byte function)";
        return "0x" + m.group("off") + " bytes into " + m.group("fn") + size;
    }

    /** The module in brackets of a location, or null. */
    static String module(String text) {
        Matcher m = SYMBOL.matcher(text);
        return m.lookingAt() ? m.group("mod") : null;
    }

    /** {@code in module my_module (out-of-tree, unsigned)}: a loaded module, with its taint markers. */
    static String inModule(String module, ReportContext report) {
        String taints = report.module(module).map(Locations::taints).filter(s -> !s.isEmpty())
                .map(s -> " (" + s + ")").orElse("");
        return "in module " + module + taints + ", not the kernel image";
    }

    /**
     * The note on a line that names a function of {@code module}: the same sentence on every such line, so that it is
     * said once per report.
     */
    static String moduleNote(String module, ReportContext report) {
        String in = inModule(module, report);
        return Character.toUpperCase(in.charAt(0)) + in.substring(1) + ".";
    }

    /** {@code OE: out-of-tree, unsigned}, plus the load state; empty for a plain live module. */
    static String taints(ModuleRef m) {
        List<String> names = new ArrayList<>();
        for (Taint t : m.taints()) {
            names.add(MODULE_TAINTS.getOrDefault(t.letter(), t.name()));
        }
        String letters = m.taint().replaceAll("[+\\-]", "");
        String state = TaintFlags.moduleState(m.taint()).map(d -> d.value().equals("+") ? "being loaded" : "being unloaded")
                .orElse("");
        if (names.isEmpty()) {
            return state;
        }
        return letters + ": " + String.join(", ", names) + (state.isEmpty() ? "" : "; " + state);
    }
}
