package org.koops.explain;

import static org.koops.explain.LineRule.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

import org.koops.decode.X86Segments;
import org.koops.model.Arch;
import org.koops.model.Decoded;

/** The x86 register dump: the RIP line and every {@code NAME: value} line. The Code line is in {@link CodeRules}. */
final class X86RegisterRules {
    static final List<LineRule> RULES = List.of(
            rule("^(?<name>RIP|EIP|IP): (?:(?<seg>[0-9a-f]{4}):)?(?:\\[<[0-9a-f]{1,16}+>\\] ?)?(?<rest>.*+)$", X86RegisterRules::ip),
            rule("^(?:[A-Z][A-Z0-9]{1,3}|knlGS|ORIG_RAX|EFLAGS):\\s*+(?:[0-9a-f]{4}:)?[0-9a-f]{4,16}", X86RegisterRules::registers));

    private X86RegisterRules() {
    }

    private static List<String> ip(Matcher m, LineContext c) {
        List<String> out = new ArrayList<>();
        if (c.report().summaryStart(c.number())) {
            out.add("The register dump again, after the end marker: a summary in case the top of the report scrolled away.");
        }
        String seg = m.group("seg");
        boolean user = seg != null && X86Segments.isUserMode(Integer.parseInt(seg, 16));
        if (seg != null) {
            int selector = Integer.parseInt(seg, 16);
            Decoded d = c.report().arch() == Arch.X86 ? X86Segments.decodeI386(selector) : X86Segments.decode(selector);
            out.add("Segment " + seg + " = " + d.name() + ": " + d.meaning() + ".");
        }
        if (user) {
            out.add("Instruction pointer of user space, saved when it entered the kernel: it resumes here (just after "
                    + "its system call instruction, or at the interrupted instruction).");
        } else if (c.report().interrupted(c.number())) {
            out.add("Registers saved inside the trace by an interrupt or exception: the code it interrupted was here. "
                    + "This is not where the report was triggered.");
        } else {
            out.add("Instruction pointer: the instruction the CPU was executing when the exception or report was taken.");
        }
        String rest = m.group("rest").strip();
        String where = Locations.where(rest);
        if (where != null) {
            out.add("It is " + where + ".");
            String module = Locations.module(rest);
            if (module != null) {
                out.add("The code is " + Locations.inModule(module, c.report()) + ".");
            }
        } else if (rest.matches("(?:0x)?0++")) {
            out.add("Address 0: the CPU jumped to NULL, typically a call through a NULL function pointer.");
        } else if (!rest.isEmpty() && !user) {
            out.add("No symbol: the address is in neither the kernel nor a loaded module (a jump to a bad address, or "
                    + "code of an unloaded module).");
        }
        return out;
    }

    private static List<String> registers(Matcher m, LineContext c) {
        List<RegisterToken> tokens = RegisterToken.parse(c.text());
        List<String> out = new ArrayList<>();
        List<String> general = tokens.stream().map(RegisterToken::name).filter(X86Registers.GENERAL::contains).toList();
        boolean user = c.report().userSpace(c.number());
        if (!general.isEmpty()) {
            out.add((user ? "User-space registers saved on entry to the kernel: "
                    : c.report().interrupted(c.number()) ? "Registers of the interrupted code: "
                    : "General-purpose registers at the fault: ") + String.join(", ", general) + ".");
            if (!user && !c.report().interrupted(c.number()) && general.contains("RDI")) {
                out.add("On entry to a function RDI, RSI, RDX, RCX, R08, R09 carry its first six arguments; they may "
                        + "have been reused since.");
            }
        }
        List<Note> notes = new ArrayList<>();
        tokens.forEach(t -> notes.addAll(X86Registers.read(t, c)));
        out.addAll(Note.render(notes).stream().map(s -> s + ".").toList());
        return out;
    }
}
