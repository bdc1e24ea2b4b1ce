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

    /** Said once per report, on the first general-purpose line; the other lines refer to it. */
    static final String GENERAL = "General-purpose registers at the fault; a value is noted where it says something "
            + "about the crash.";
    private static final String GENERAL_X86_64 = "General-purpose registers at the fault (on entry to a function RDI, "
            + "RSI, RDX, RCX, R08, R09 carry its first six arguments, maybe reused since); a value is noted where it says "
            + "something about the crash.";

    private X86RegisterRules() {
    }

    private static List<String> ip(Matcher m, LineContext c) {
        List<String> out = new ArrayList<>();
        if (c.report().summaryStart(c.number())) {
            out.add("The register dump again, after the end marker: a summary in case the top of the report scrolled away.");
        }
        String seg = m.group("seg");
        boolean user = seg != null && X86Segments.isUserMode(Integer.parseInt(seg, 16));
        String segment = "";
        if (seg != null) {
            int selector = Integer.parseInt(seg, 16);
            Decoded d = c.report().arch() == Arch.X86 ? X86Segments.decodeI386(selector) : X86Segments.decode(selector);
            segment = " (CS " + seg + " = " + d.name() + ", " + d.meaning() + ")";
        }
        String rest = m.group("rest").strip();
        String where = Locations.where(rest);
        String at = where == null ? "" : ": " + where;
        if (user) {
            out.add("The user-space instruction pointer" + segment + ", saved on entry to the kernel: the process resumes "
                    + "here, after its system call instruction or at the instruction an interrupt stopped.");
        } else if (c.report().interrupted(c.number())) {
            out.add("Registers an interrupt or exception saved inside the trace" + segment + ": the interrupted code was "
                    + "here" + at + ", which is not where the report was triggered.");
        } else {
            out.add(InstructionPointer.meaning(c.report()) + segment + at + ".");
        }
        String module = where == null ? null : Locations.module(rest);
        if (module != null) {
            out.add(Locations.moduleNote(module, c.report()));
        } else if (rest.matches("(?:0x)?0++")) {
            out.add("Address 0: the CPU jumped to NULL, typically a call through a NULL function pointer.");
        } else if (where == null && !rest.isEmpty() && !user) {
            out.add("No symbol: the address is in neither the kernel nor a loaded module (a jump to a bad address, or "
                    + "code of an unloaded module).");
        }
        return out;
    }

    private static List<String> registers(Matcher m, LineContext c) {
        List<RegisterToken> tokens = RegisterToken.parse(c.text());
        List<String> out = new ArrayList<>();
        boolean general = tokens.stream().map(RegisterToken::name).anyMatch(X86Registers.GENERAL::contains);
        boolean user = c.report().userSpace(c.number());
        if (general && user) {
            out.add("User-space registers, saved on entry to the kernel.");
        } else if (general && c.report().interrupted(c.number())) {
            out.add("Registers of the interrupted code.");
        } else if (general) {
            out.add(c.report().arch() == Arch.X86 ? GENERAL : GENERAL_X86_64);
        }
        List<Note> notes = new ArrayList<>();
        tokens.forEach(t -> notes.addAll(X86Registers.read(t, c)));
        out.addAll(Note.render(notes));
        return out;
    }
}
