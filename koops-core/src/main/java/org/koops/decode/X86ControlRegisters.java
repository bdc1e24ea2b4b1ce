package org.koops.decode;

import java.util.ArrayList;
import java.util.List;
import org.koops.model.Decoded;

/**
 * The x86 control registers of a register dump ({@code CR0: 0000000080050033 CR2: ... CR3: ... CR4: ...}).
 *
 * <p>Bits per Intel SDM Vol. 3A §2.5 "Control Registers" (Figure 2-7) and {@code X86_CR0_*},
 * {@code X86_CR3_*}, {@code X86_CR4_*} in {@code arch/x86/include/uapi/asm/processor-flags.h}.
 */
public final class X86ControlRegisters {
    private static final int CR4_LA57 = 12;
    private static final int CR4_PCIDE = 17;

    private static final List<Flag> CR0 = List.of(
            new Flag(0, "PE", "protected mode", "real mode: impossible for a running Linux kernel"),
            Flag.of(1, "MP", "monitor coprocessor: WAIT/FWAIT honour TS"),
            Flag.of(2, "EM", "x87 emulation: FPU instructions trap (#NM)"),
            Flag.of(3, "TS", "task switched: the next FPU/SIMD instruction traps (#NM)"),
            Flag.of(4, "ET", "extension type (hard-wired to 1)"),
            Flag.of(5, "NE", "native x87 error reporting"),
            new Flag(16, "WP", "write protect: even the kernel cannot write to read-only pages",
                    "write protection is OFF: the kernel can write to read-only pages; something cleared CR0.WP "
                            + "(text patching gone wrong, a rootkit, or an exploit)"),
            Flag.of(18, "AM", "alignment mask: EFLAGS.AC enables alignment checks in user mode"),
            Flag.of(29, "NW", "not write-through (cache control)"),
            Flag.of(30, "CD", "cache disable"),
            new Flag(31, "PG", "paging enabled", "paging disabled: impossible for a running Linux kernel"));

    private static final List<Flag> CR4 = List.of(
            Flag.of(0, "VME", "virtual-8086 mode extensions"),
            Flag.of(1, "PVI", "protected-mode virtual interrupts"),
            Flag.of(2, "TSD", "RDTSC restricted to kernel mode"),
            Flag.of(3, "DE", "debugging extensions (I/O breakpoints)"),
            Flag.of(4, "PSE", "4 MiB pages with 32-bit paging"),
            Flag.of(5, "PAE", "physical address extension (required for 64-bit paging)"),
            Flag.of(6, "MCE", "machine-check exceptions enabled"),
            Flag.of(7, "PGE", "global pages"),
            Flag.of(8, "PCE", "RDPMC allowed in user mode"),
            Flag.of(9, "OSFXSR", "FXSAVE/FXRSTOR and SSE enabled"),
            Flag.of(10, "OSXMMEXCPT", "unmasked SIMD floating-point exceptions"),
            Flag.of(11, "UMIP", "user-mode instruction prevention (SGDT, SIDT, ... fault in user mode)"),
            Flag.of(CR4_LA57, "LA57", "5-level paging: 57-bit virtual addresses"),
            Flag.of(13, "VMXE", "VMX enabled: a hypervisor (KVM) is using Intel VT-x"),
            Flag.of(14, "SMXE", "safer mode extensions (TXT)"),
            Flag.of(16, "FSGSBASE", "RDFSBASE/WRFSBASE instructions enabled"),
            Flag.of(CR4_PCIDE, "PCIDE", "process-context identifiers: CR3 bits 11:0 hold a PCID"),
            Flag.of(18, "OSXSAVE", "XSAVE and extended processor states enabled"),
            Flag.of(19, "KL", "Key Locker enabled"),
            Flag.of(20, "SMEP", "supervisor-mode execution prevention: the kernel cannot execute user pages"),
            Flag.of(21, "SMAP", "supervisor-mode access prevention: the kernel cannot touch user pages outside "
                    + "uaccess sections"),
            Flag.of(22, "PKE", "protection keys for user pages"),
            Flag.of(23, "CET", "control-flow enforcement (shadow stack, indirect branch tracking)"),
            Flag.of(24, "PKS", "protection keys for supervisor pages"),
            Flag.of(25, "UINTR", "user interrupts"),
            Flag.of(27, "LASS", "linear address space separation"),
            Flag.of(28, "LAM_SUP", "linear address masking for supervisor pointers"),
            Flag.of(32, "FRED", "flexible return and event delivery"));

    /** CR3 bits 51:12: the physical address of the top-level page table. */
    private static final long CR3_BASE_MASK = 0x000f_ffff_ffff_f000L;

    private static final List<Flag> CR3 = List.of(
            Flag.of(3, "PWT", "page-level write-through for the top-level table"),
            Flag.of(4, "PCD", "page-level cache disable for the top-level table"),
            Flag.of(61, "LAM_U57", "linear address masking for user pointers, bits 62:57 ignored"),
            Flag.of(62, "LAM_U48", "linear address masking for user pointers, bits 62:48 ignored"),
            Flag.of(63, "NOFLUSH", "the CR3 write kept the TLB entries of the PCID"));

    private X86ControlRegisters() {
    }

    /** The set CR0 bits, plus PE, WP and PG when clear, since a clear one is abnormal. */
    public static List<Decoded> decodeCr0(long cr0) {
        return Flag.decode(cr0, CR0, 0, "CR0");
    }

    /** The set CR4 bits. */
    public static List<Decoded> decodeCr4(long cr4) {
        return Flag.decode(cr4, CR4, 0, "CR4");
    }

    /** Whether CR4.LA57 selects 5-level paging (57-bit addresses) rather than 4-level (48-bit). */
    public static boolean isFiveLevelPaging(long cr4) {
        return Bits.isSet(cr4, CR4_LA57);
    }

    /**
     * CR3: the physical address of the top-level page table (PGD), and the PCID in bits 11:0 when
     * CR4.PCIDE is set (otherwise bits 3 and 4 are PWT and PCD).
     */
    public static List<Decoded> decodeCr3(long cr3, long cr4) {
        List<Decoded> out = new ArrayList<>();
        out.add(new Decoded("page-table base", Bits.hex(cr3 & CR3_BASE_MASK),
                "physical address of the top-level page table (PGD) of the address space in use"));
        boolean pcide = Bits.isSet(cr4, CR4_PCIDE);
        if (pcide) {
            long pcid = Bits.field(cr3, 0, 12);
            // Page-table isolation gives each address space a user PCID with bit 11 set (calling.h).
            out.add(new Decoded("PCID", Bits.hex(pcid), "process-context identifier tagging the TLB entries"
                    + (Bits.isSet(pcid, 11) ? "; bit 11 set: the user-mode PCID of page-table isolation (PTI)" : "")));
        }
        long otherDefined = CR3_BASE_MASK | (pcide ? 0xfffL : 0);
        List<Flag> flags = pcide ? CR3.stream().filter(f -> f.bit() > 11).toList() : CR3;
        out.addAll(Flag.decode(cr3, flags, otherDefined, "CR3"));
        return out;
    }

    /**
     * CR2, the linear address of the most recent page fault on this CPU, with what that address is.
     * A general protection fault does not write CR2, so after one the value is stale.
     */
    public static Decoded describeCr2(long cr2) {
        return new Decoded("CR2", Bits.hex(cr2), "address of the last page fault on this CPU (stale after a "
                + "general protection fault): " + X86Addresses.classify(cr2).description());
    }
}
