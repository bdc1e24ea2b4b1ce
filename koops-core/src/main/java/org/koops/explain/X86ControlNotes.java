package org.koops.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.koops.decode.X86ControlRegisters;
import org.koops.model.Decoded;

/** What the x86 control, debug and protection-key registers of a dump say. */
final class X86ControlNotes {
    /** CR4 features that change how a crash reads; the rest are only named. */
    private static final Set<String> NOTABLE_CR4 = Set.of("LA57", "VMXE", "SMEP", "SMAP", "PKE", "CET", "PKS");
    /** Bits 0-3 of DR6 say which breakpoint hit; 13-14 a debug-register access or a single step. */
    private static final long DR6_EVENTS = 0x600fL;
    private static final long PKRU_DEFAULT = 0x55555554L;
    private static final int BREAKPOINTS = 4;

    private X86ControlNotes() {
    }

    static List<Note> cr0(RegisterToken t, LineContext c) {
        List<Decoded> decoded = X86ControlRegisters.decodeCr0(t.value());
        List<Note> out = new ArrayList<>();
        List<Decoded> abnormal = decoded.stream().filter(d -> d.value().equals("0") || d.name().startsWith("bit ")).toList();
        out.add(new Note("CR0", t.hex(), "set: " + String.join(", ", setNames(decoded))
                + (abnormal.isEmpty() ? " (protected mode, paging and write protection on: normal)" : "")));
        abnormal.forEach(d -> out.add(Note.finding(d.name(), d.value(), d.meaning())));
        return out;
    }

    static List<Note> cr2(RegisterToken t, LineContext c) {
        List<Note> out = new ArrayList<>();
        if (c.report().generalProtection()) {
            out.add(Note.finding("CR2", t.hex(), "a general protection fault does not set CR2: this is the address of an "
                    + "earlier, unrelated page fault on this CPU"));
        } else if (c.report().faultAddress() == null) {
            out.add(new Note("CR2", t.hex(), "the address of the last page fault on this CPU; this report is not a page "
                    + "fault, so it is unrelated"));
        } else {
            out.add(Note.finding("CR2", t.hex(), "the address whose access caused the page fault: "
                    + Addresses.classify(t.value(), c.report()).map(i -> i.description()).orElse("see the first line")));
        }
        if (RegisterToken.parse(c.text()).size() == 1) {
            out.add(new Note("CR2", "", "printed again on its own at the end of the oops, in case the report's top "
                    + "scrolled away"));
        }
        return out;
    }

    static List<Note> cr3(RegisterToken t, LineContext c) {
        long cr4 = RegisterToken.parse(c.text()).stream().filter(x -> x.name().equals("CR4")).map(RegisterToken::value)
                .findFirst().orElseGet(() -> c.report().kernelRegister("CR4").orElse(0L));
        return X86ControlRegisters.decodeCr3(t.value(), cr4).stream()
                .map(d -> new Note(d.name().equals("page-table base") ? "CR3" : d.name(),
                        d.name().equals("page-table base") ? t.hex() : d.value(), d.name().equals("page-table base")
                                ? "page-table root at physical " + d.value() + ": the address space in use" : d.meaning()))
                .toList();
    }

    static List<Note> cr4(RegisterToken t, LineContext c) {
        List<Decoded> decoded = X86ControlRegisters.decodeCr4(t.value());
        List<Note> out = new ArrayList<>();
        out.add(new Note("CR4", t.hex(), "CPU features enabled: " + String.join(", ", setNames(decoded))));
        decoded.stream().filter(d -> NOTABLE_CR4.contains(d.name()) || d.name().startsWith("bit "))
                .forEach(d -> out.add(new Note(d.name(), "", d.meaning())));
        return out;
    }

    static List<Note> breakpoint(RegisterToken t, LineContext c) {
        return List.of(t.value() == 0 ? new Note(t.name(), "", "no hardware breakpoint address")
                : new Note(t.name(), t.hex(), "a hardware breakpoint or watchpoint address (debugger, perf or kgdb), "
                        + "active if DR7 enables it"));
    }

    static List<Note> dr6(RegisterToken t, LineContext c) {
        if ((t.value() & DR6_EVENTS) == 0) {
            return List.of(new Note("DR6", t.hex(), "debug status: no breakpoint hit or single step recorded"));
        }
        return List.of(Note.finding("DR6", t.hex(), "debug status: a debug event was recorded (bits 0-3 name the "
                + "breakpoint that hit, bit 14 a single step)"));
    }

    static List<Note> dr7(RegisterToken t, LineContext c) {
        List<String> enabled = new ArrayList<>();
        for (int i = 0; i < BREAKPOINTS; i++) {
            if (((t.value() >>> (2 * i)) & 3) != 0) {
                enabled.add("DR" + i);
            }
        }
        return List.of(enabled.isEmpty() ? new Note("DR7", t.hex(), "no hardware breakpoint enabled")
                : Note.finding("DR7", t.hex(), "hardware breakpoints enabled: " + String.join(", ", enabled)));
    }

    static List<Note> pkru(RegisterToken t, LineContext c) {
        String text = t.value() == PKRU_DEFAULT ? "the default protection-key rights: only key 0 is accessible"
                : t.value() == 0 ? "every protection key allows access"
                : "non-default protection-key rights: the process uses memory protection keys (pkey_mprotect)";
        return List.of(new Note("PKRU", t.hex(), text));
    }

    private static List<String> setNames(List<Decoded> decoded) {
        return decoded.stream().filter(d -> d.value().equals("1") && !d.name().startsWith("bit ")).map(Decoded::name).toList();
    }
}
