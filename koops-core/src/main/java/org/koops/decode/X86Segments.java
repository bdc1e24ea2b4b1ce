package org.koops.decode;

import java.util.List;
import org.koops.model.Decoded;

/**
 * x86 segment selectors as printed before RIP and RSP ({@code RIP: 0010:...}, {@code RSP: 0018:...})
 * and in the {@code CS: DS: ES:} line.
 *
 * <p>Selector layout per Intel SDM Vol. 3A §3.4.2 (index, TI, RPL); the Linux GDT entries per
 * {@code arch/x86/include/asm/segment.h}.
 */
public final class X86Segments {
    private record Selector(int value, String name, String meaning) {
    }

    private static final List<Selector> X86_64 = List.of(
            new Selector(0x00, "null selector", "no segment: normal for DS, ES, FS and GS in 64-bit mode"),
            new Selector(0x08, "__KERNEL32_CS", "32-bit kernel code (used only during boot)"),
            new Selector(0x10, "__KERNEL_CS", "64-bit kernel code: the CPU was running the kernel"),
            new Selector(0x18, "__KERNEL_DS", "kernel data/stack segment"),
            new Selector(0x23, "__USER32_CS", "32-bit user code: a compat (ia32) process"),
            new Selector(0x2b, "__USER_DS", "user data/stack segment"),
            new Selector(0x33, "__USER_CS", "64-bit user code: the CPU was running user space"));

    private static final List<Selector> I386 = List.of(
            new Selector(0x00, "null selector", "no segment"),
            new Selector(0x60, "__KERNEL_CS", "kernel code: the CPU was running the kernel"),
            new Selector(0x68, "__KERNEL_DS", "kernel data segment"),
            new Selector(0x73, "__USER_CS", "user code: the CPU was running user space"),
            new Selector(0x7b, "__USER_DS", "user data segment"),
            new Selector(0xd8, "__KERNEL_PERCPU", "kernel per-CPU data segment (FS)"));

    private X86Segments() {
    }

    /** A selector of an x86-64 kernel, e.g. {@code 0010} as {@code __KERNEL_CS}. */
    public static Decoded decode(int selector) {
        return decode(selector, X86_64);
    }

    /** A selector of a 32-bit (i386) kernel, e.g. {@code 0060} as {@code __KERNEL_CS}. */
    public static Decoded decodeI386(int selector) {
        return decode(selector, I386);
    }

    /** Whether the selector's requested privilege level is 3, i.e. a user-mode CS or SS. */
    public static boolean isUserMode(int selector) {
        return (selector & 3) == 3;
    }

    private static Decoded decode(int selector, List<Selector> table) {
        String printed = String.format("%04x", selector);
        return table.stream().filter(s -> s.value() == selector).findFirst()
                .map(s -> new Decoded(s.name(), printed, s.meaning()))
                .orElseGet(() -> new Decoded("selector", printed, ((selector & 4) != 0 ? "LDT" : "GDT")
                        + " entry " + (selector >>> 3) + ", requested privilege level " + (selector & 3)
                        + (isUserMode(selector) ? " (user)" : "")));
    }
}
