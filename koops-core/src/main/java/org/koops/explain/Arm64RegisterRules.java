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

    /** The condition flags are only named; every other set bit gets its sentence. */
    private static final Set<String> CONDITION_FLAGS = Set.of("N", "Z", "C", "V");

    private Arm64RegisterRules() {
    }

    private static List<String> pc(Matcher m, LineContext c) {
        List<String> out = new ArrayList<>();
        out.add("Program counter: the instruction that trapped.");
        location(m.group("rest").strip(), c, out);
        return out;
    }

    private static List<String> lr(Matcher m, LineContext c) {
        List<String> out = new ArrayList<>();
        String rest = m.group("rest").strip();
        String lrFunction = Locations.where(rest) == null ? null : rest.substring(0, rest.indexOf('+'));
        String pcFunction = c.report().kernelIp().map(Frame::function).orElse(null);
        if (lrFunction != null && lrFunction.equals(pcFunction)) {
            out.add("Link register: the return address of the last bl call. It points into the same function as pc, "
                    + "so that function made a call that has returned; lr does not name its caller here.");
        } else {
            out.add("Link register: the return address, i.e. the caller of the function at pc (unless that function "
                    + "has called others since).");
        }
        location(rest, c, out);
        return out;
    }

    private static void location(String rest, LineContext c, List<String> out) {
        String where = Locations.where(rest);
        if (where != null) {
            out.add("It is " + where + ".");
            String module = Locations.module(rest);
            if (module != null) {
                out.add("The code is " + Locations.inModule(module, c.report()) + ".");
            }
        } else if (rest.matches("(?:0x)?0++")) {
            out.add("Address 0: the CPU jumped to NULL, typically a call through a NULL function pointer.");
        }
    }

    private static List<String> pstate(Matcher m, LineContext c) {
        List<Decoded> decoded = Arm64Pstate.decodePrinted(c.text());
        if (decoded.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Decoded mode = decoded.get(0);
        out.add("Processor state: " + mode.value() + ", " + mode.meaning()
                + ". In parentheses the kernel restates it: upper case or + means set, lower case or - clear.");
        boolean irqsMasked = decoded.stream().anyMatch(d -> d.name().equals("I"));
        out.add(irqsMasked ? "I set: IRQs were masked (interrupts disabled)." : "I clear: IRQs were enabled.");
        List<String> flags = decoded.stream().map(Decoded::name).filter(CONDITION_FLAGS::contains).toList();
        if (!flags.isEmpty()) {
            out.add("Condition flags set: " + String.join(", ", flags) + ".");
        }
        decoded.stream().skip(1).filter(d -> !CONDITION_FLAGS.contains(d.name()) && !d.name().equals("I"))
                .forEach(d -> out.add(d.name() + ": " + d.meaning() + "."));
        return out;
    }

    private static List<String> registers(Matcher m, LineContext c) {
        List<RegisterToken> tokens = RegisterToken.parse(c.text());
        List<String> out = new ArrayList<>();
        List<Note> notes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (RegisterToken t : tokens) {
            if (t.name().equals("sp")) {
                notes.add(new Note("sp", t.hex(), "the stack pointer at the fault"));
                continue;
            }
            names.add(t.name());
            if (t.name().equals("x29")) {
                notes.add(new Note("x29", t.hex(), "the frame pointer"));
            } else if (t.name().equals("x30")) {
                notes.add(new Note("x30", t.hex(), "the link register (return address)"));
            }
            notes.addAll(RegisterValues.kernel(t.name(), t.value(), c));
        }
        if (!names.isEmpty()) {
            out.add("General-purpose registers at the fault: " + String.join(", ", names) + ".");
        }
        if (names.contains("x0")) {
            out.add("On entry to a function x0-x7 carry its first eight arguments (x0 also the return value); "
                    + "they may have been reused since.");
        }
        out.addAll(Note.render(notes).stream().map(s -> s + ".").toList());
        return out;
    }
}
