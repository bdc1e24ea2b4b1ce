package org.koops.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.koops.decode.X86Eflags;
import org.koops.decode.X86Segments;
import org.koops.decode.X86Syscalls;
import org.koops.model.Arch;
import org.koops.model.Decoded;

/**
 * What each x86 register of a dump line says, by name: stack pointer, flags, the system call in
 * ORIG_RAX, segment bases and selectors; control and debug registers are in {@link X86ControlNotes};
 * general-purpose registers are read by {@link RegisterValues} and, in the user-space block, against
 * the system call convention.
 */
final class X86Registers {
    @FunctionalInterface
    private interface Reader {
        List<Note> read(RegisterToken t, LineContext c);
    }

    private static final Map<String, Reader> READERS = Map.ofEntries(
            Map.entry("RSP", X86Registers::stack), Map.entry("ESP", X86Registers::stack),
            Map.entry("EFLAGS", X86Registers::eflags), Map.entry("ORIG_RAX", X86Registers::origRax),
            Map.entry("FS", X86Registers::base), Map.entry("GS", X86Registers::base),
            Map.entry("knlGS", X86Registers::base), Map.entry("CS", X86Registers::selector),
            Map.entry("DS", X86Registers::selector), Map.entry("ES", X86Registers::selector),
            Map.entry("SS", X86Registers::selector), Map.entry("CR0", X86ControlNotes::cr0),
            Map.entry("CR2", X86ControlNotes::cr2), Map.entry("CR3", X86ControlNotes::cr3),
            Map.entry("CR4", X86ControlNotes::cr4), Map.entry("DR0", X86ControlNotes::breakpoint),
            Map.entry("DR1", X86ControlNotes::breakpoint), Map.entry("DR2", X86ControlNotes::breakpoint),
            Map.entry("DR3", X86ControlNotes::breakpoint), Map.entry("DR6", X86ControlNotes::dr6),
            Map.entry("DR7", X86ControlNotes::dr7), Map.entry("PKRU", X86ControlNotes::pkru));

    static final Set<String> GENERAL = Set.of("RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP", "R08", "R09", "R10",
            "R11", "R12", "R13", "R14", "R15", "EAX", "EBX", "ECX", "EDX", "ESI", "EDI", "EBP");
    /** The x86-64 system call argument registers, in order (entry_64.S). */
    private static final List<String> SYSCALL_ARGS = List.of("RDI", "RSI", "RDX", "R10", "R08", "R09");
    /** Flags whose state is worth a sentence; the arithmetic flags are only named. */
    private static final Set<String> NOTABLE_FLAGS = Set.of("IF", "TF", "DF", "NT", "VM", "AC", "IOPL");
    private static final long ENOSYS = -38;

    private X86Registers() {
    }

    static List<Note> read(RegisterToken t, LineContext c) {
        if (c.report().userSpace(c.number()) && !t.name().equals("ORIG_RAX") && !GENERAL.contains(t.name())) {
            return List.of(); // the user block's stack pointer, flags and segments say nothing about the crash
        }
        Reader r = READERS.get(t.name());
        if (r != null) {
            return r.read(t, c);
        }
        if (!GENERAL.contains(t.name()) || c.report().interrupted(c.number())) {
            return List.of(); // an interrupted context's registers say nothing about the fault
        }
        return c.report().userSpace(c.number()) ? user(t, c) : RegisterValues.kernel(t.name(), t.value(), c);
    }

    private static List<Note> stack(RegisterToken t, LineContext c) {
        List<Note> out = new ArrayList<>();
        if (c.report().userSpace(c.number())) {
            out.add(new Note(t.name(), t.hex(), "the user-space stack pointer"));
        } else {
            out.add(new Note(t.name(), t.hex(), c.report().interrupted(c.number()) ? "the interrupted code's stack pointer"
                    : "the kernel stack pointer at the fault"));
        }
        if (t.segment() != null) {
            out.add(segment("SS", Integer.parseInt(t.segment(), 16), c));
        }
        return out;
    }

    private static List<Note> eflags(RegisterToken t, LineContext c) {
        List<Note> out = new ArrayList<>();
        List<String> set = X86Eflags.setFlags(t.value());
        out.add(new Note("EFLAGS", t.hex(), set.isEmpty() ? "no flag set" : "flags set: " + String.join(", ", set)));
        for (Decoded d : X86Eflags.decode(t.value())) {
            if (d.name().equals("IF") && d.value().equals("1")) {
                out.add(new Note(d.name(), d.value(), d.meaning()));
            } else if (NOTABLE_FLAGS.contains(d.name()) || d.name().startsWith("bit ")) {
                out.add(Note.finding(d.name(), d.value(), d.meaning()));
            }
        }
        return out;
    }

    private static List<Note> origRax(RegisterToken t, LineContext c) {
        if (!c.report().userSpace(c.number())) {
            return List.of(new Note("ORIG_RAX", t.hex(), "the value saved on kernel entry: a system call number, "
                    + "or an exception's error code (-1 for none)"));
        }
        if (t.value() == -1) {
            return List.of(Note.finding("ORIG_RAX", "-1", "not a system call: user space entered the kernel through an "
                    + "interrupt or exception"));
        }
        String call = syscall(t.value());
        List<String> args = new ArrayList<>();
        for (String r : SYSCALL_ARGS) {
            c.report().userRegister(r).ifPresent(v -> args.add(r + " = " + Hex.of(v)));
        }
        return List.of(Note.finding("ORIG_RAX", t.hex(), "system call number " + t.value()
                + (call == null ? "" : ", " + call + "()") + "; its arguments, as many as it takes, are "
                + (args.isEmpty() ? "in RDI, RSI, RDX, R10, R08, R09" : String.join(", ", args))));
    }

    private static String syscall(long number) {
        return number < 0 || number > Integer.MAX_VALUE ? null : X86Syscalls.name((int) number).orElse(null);
    }

    private static List<Note> base(RegisterToken t, LineContext c) {
        if (t.digits().length() == 4) {
            return List.of(segment(t.name(), (int) t.value(), c)); // i386 prints selectors here
        }
        String text = switch (t.name()) {
            case "FS" -> t.value() == 0 ? "FS base 0: no thread-local storage (a kernel thread, or no TLS set up)"
                    : "FS base: the process's user-space thread-local storage (TLS) pointer";
            case "GS" -> "GS base: this CPU's per-CPU data area (the kernel's %gs)";
            default -> "the inactive GS base, i.e. user space's" + (t.value() == 0 ? " (0: unused)" : "");
        };
        return List.of(new Note(t.name(), t.hex(), text));
    }

    private static List<Note> selector(RegisterToken t, LineContext c) {
        return List.of(segment(t.name(), (int) t.value(), c));
    }

    private static Note segment(String name, int selector, LineContext c) {
        Decoded d = c.report().arch() == Arch.X86 ? X86Segments.decodeI386(selector) : X86Segments.decode(selector);
        return new Note(name, d.value(), d.name() + ", " + d.meaning());
    }

    /** The user-space registers as the system call entry left them (entry_SYSCALL_64); the arguments are on ORIG_RAX. */
    private static List<Note> user(RegisterToken t, LineContext c) {
        Long orig = c.report().userRegister("ORIG_RAX").orElse(null);
        boolean syscall = orig != null && orig != -1;
        String text = null;
        if (t.name().equals("RAX") && syscall && t.value() == ENOSYS) {
            text = "-ENOSYS: the entry code's placeholder result while the system call runs";
        } else if (t.name().equals("RCX") && c.report().userRegister("RIP").filter(ip -> ip == t.value()).isPresent()
                || t.name().equals("R11") && c.report().userRegister("EFLAGS").filter(f -> f == t.value()).isPresent()) {
            // One note for both, so that the second line refers to the first.
            return List.of(Note.finding("RCX, R11", "", "the user RIP and EFLAGS again: the syscall instruction saved "
                    + "them there"));
        }
        return text == null ? List.of() : List.of(new Note(t.name(), t.hex(), text));
    }
}
