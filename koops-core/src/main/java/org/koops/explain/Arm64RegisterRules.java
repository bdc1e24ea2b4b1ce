package org.koops.explain;

import static org.koops.explain.LineRule.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

import org.koops.decode.Arm64Pstate;
import org.koops.model.Decoded;
import org.koops.model.Frame;

/** The arm64 register dump: {@code pc :}, {@code lr :}, {@code sp :}, {@code pstate:} and the {@code x0..x29} lines. */
final class Arm64RegisterRules {
    static final List<LineRule> RULES = List.of(
            rule("^pc : (?:\\[<[0-9a-f]{1,16}+>\\] ?)?(?<rest>.*+)$", Arm64RegisterRules::pc),
            rule("^lr : (?:\\[<[0-9a-f]{1,16}+>\\] ?)?(?<rest>.*+)$", Arm64RegisterRules::lr),
            rule("^pstate: [0-9a-f]{8,16}+", Arm64RegisterRules::pstate),
            rule("^(?:sp|x\\d{1,2}) ?: ?[0-9a-f]{8,16}+", Arm64RegisterRules::registers));

    private static final String GENERAL = "General-purpose registers at the fault (x29 is the frame pointer, x30 the "
            + "link register; on entry to a function x0-x7 carry its first eight arguments, maybe reused since); a value "
            + "is noted where it says something about the crash.";

    /** The condition flags are only named; every other set bit gets its sentence. */
    private static final Set<String> CONDITION_FLAGS = Set.of("N", "Z", "C", "V");

    private Arm64RegisterRules() {
    }

    private static List<String> pc(Matcher m, LineContext c) {
        List<String> out = new ArrayList<>();
        String rest = m.group("rest").strip();
        String where = Locations.where(rest);
        out.add(InstructionPointer.meaning(c.report()) + " (pc)" + (where == null ? "" : ": " + where) + ".");
        location(rest, c, out);
        return out;
    }

    private static List<String> lr(Matcher m, LineContext c) {
        List<String> out = new ArrayList<>();
        String rest = m.group("rest").strip();
        String where = Locations.where(rest);
        String lrFunction = where == null ? null : rest.substring(0, rest.indexOf('+'));
        String pcFunction = c.report().kernelIp().map(Frame::function).orElse(null);
        String at = where == null ? "" : " (" + where + ")";
        if (lrFunction != null && lrFunction.equals(pcFunction)) {
            out.add("Link register: the return address of the last bl call" + at + ". It points into the same function "
                    + "as pc, so that function made a call that has returned; lr does not name its caller here.");
        } else {
            out.add("Link register: the return address" + at + ", i.e. the caller of the function at pc (unless that "
                    + "function has called others since).");
        }
        location(rest, c, out);
        return out;
    }

    private static void location(String rest, LineContext c, List<String> out) {
        String module = Locations.where(rest) == null ? null : Locations.module(rest);
        if (module != null) {
            out.add(Locations.moduleNote(module, c.report()));
        } else if (rest.matches("(?:0x)?0++")) {
            out.add("Address 0: the CPU jumped to NULL, typically a call through a NULL function pointer.");
        }
    }

    private static List<String> pstate(Matcher m, LineContext c) {
        List<Decoded> decoded = Arm64Pstate.decodePrinted(c.text());
        if (decoded.isEmpty()) {
            return List.of();
        }
        List<Note> notes = new ArrayList<>();
        Decoded mode = decoded.get(0);
        notes.add(new Note("pstate", mode.value(), mode.meaning() + " (in parentheses the kernel restates it: upper "
                + "case or + means set, lower case or - clear)"));
        boolean irqsMasked = decoded.stream().anyMatch(d -> d.name().equals("I"));
        notes.add(irqsMasked ? Note.finding("I", "1", "IRQs were masked (interrupts disabled)")
                : new Note("I", "0", "IRQs were enabled"));
        List<String> flags = decoded.stream().map(Decoded::name).filter(CONDITION_FLAGS::contains).toList();
        if (!flags.isEmpty()) {
            notes.add(new Note("condition flags", "", String.join(", ", flags) + " set"));
        }
        decoded.stream().skip(1).filter(d -> !CONDITION_FLAGS.contains(d.name()) && !d.name().equals("I"))
                .forEach(d -> notes.add(new Note(d.name(), "", d.meaning())));
        return Note.render(notes);
    }

    private static List<String> registers(Matcher m, LineContext c) {
        List<RegisterToken> tokens = RegisterToken.parse(c.text());
        List<String> out = new ArrayList<>();
        if (tokens.stream().anyMatch(t -> !t.name().equals("sp"))) {
            out.add(GENERAL);
        }
        List<Note> notes = new ArrayList<>();
        for (RegisterToken t : tokens) {
            if (t.name().equals("sp")) {
                notes.add(new Note("sp", t.hex(), "the stack pointer at the fault"));
                continue;
            }
            notes.addAll(RegisterValues.kernel(t.name(), t.value(), c));
        }
        out.addAll(Note.render(notes));
        return out;
    }
}
