package org.koops.explain;

import static org.koops.explain.LineRule.rule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.decode.TaintFlags;
import org.koops.model.ModuleList;
import org.koops.model.ModuleRef;
import org.koops.model.Taint;

/** {@code Modules linked in:} and its continuation lines. */
final class ModuleRules {
    static final List<LineRule> RULES = List.of(
            rule("^Modules linked in:", ModuleRules::list),
            rule("^\\S", ModuleRules::continuation));

    private static final Pattern LAST_UNLOADED = Pattern.compile("\\[last unloaded: ([\\w\\-]++)(?:\\(([A-Z+\\-]++)\\))?\\s*+\\]");
    private static final Pattern TAINTED_MODULE = Pattern.compile("([\\w\\-]++)\\(([A-Z+\\-]++)\\)");

    private ModuleRules() {
    }

    private static List<String> list(Matcher m, LineContext c) {
        List<String> out = new ArrayList<>();
        ModuleList modules = c.report().details().modules();
        if (modules == null || modules.modules().isEmpty()) {
            out.add("Modules loaded at the time of the crash: none.");
            return out;
        }
        Map<String, List<String>> byTaint = new LinkedHashMap<>();
        Map<Character, Taint> letters = new LinkedHashMap<>();
        List<String> states = new ArrayList<>();
        for (ModuleRef ref : modules.modules()) {
            String taint = ref.taint().replaceAll("[+\\-]", "");
            if (!taint.isEmpty()) {
                byTaint.computeIfAbsent(taint, k -> new ArrayList<>()).add(ref.name());
                ref.taints().forEach(t -> letters.putIfAbsent(t.letter(), t));
            }
            TaintFlags.moduleState(ref.taint()).ifPresent(d -> states.add(ref.name() + " (" + d.value() + "): "
                    + d.meaning() + "."));
        }
        List<String> tainted = new ArrayList<>();
        byTaint.forEach((taint, names) -> tainted.add(String.join(", ", names) + " (" + taint + ")"));
        int n = modules.modules().size();
        out.add(n + (n == 1 ? " module was" : " modules were") + " loaded at the time of the crash" + (tainted.isEmpty()
                ? "; none carries a taint letter." : "; the letters in parentheses are taint flags: "
                + String.join("; ", tainted) + "."));
        out.addAll(states);
        // Letters the task line explained are not explained again.
        if (c.report().details().task() != null) {
            c.report().details().task().taints().forEach(t -> letters.remove(t.letter()));
        }
        if (!letters.isEmpty()) {
            out.add(TaskRules.letters(List.copyOf(letters.values())));
        }
        out.addAll(continuationNotes(c));
        return out;
    }

    /** A line that continues the list: the printk line limit split it. */
    private static List<String> continuation(Matcher m, LineContext c) {
        if (!c.report().moduleContinuation(c.number())) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Matcher t = TAINTED_MODULE.matcher(LAST_UNLOADED.matcher(c.text()).replaceAll(""));
        List<String> tainted = new ArrayList<>();
        while (t.find()) {
            tainted.add(t.group(1) + " (" + t.group(2) + ")");
        }
        out.add("The module list continued (the kernel splits long lines)" + (tainted.isEmpty() ? "."
                : "; tainted here: " + String.join(", ", tainted) + "."));
        out.addAll(continuationNotes(c));
        return out;
    }

    private static List<String> continuationNotes(LineContext c) {
        Matcher last = LAST_UNLOADED.matcher(c.text());
        if (!last.find()) {
            return List.of();
        }
        String name = last.group(1);
        boolean reloaded = c.report().module(name).isPresent();
        return List.of("Last unloaded: " + name + (last.group(2) == null ? "" : " (" + last.group(2) + ")")
                + " was the most recently removed module" + (reloaded ? "; it is in the list again, so it was loaded "
                + "again later." : ". Code or callbacks it left behind would show as addresses without symbols."));
    }
}
