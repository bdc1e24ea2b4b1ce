package org.koops.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.koops.model.Decoded;

/**
 * The arm64 Exception Syndrome Register, printed as {@code ESR = 0x0000000096000004} under
 * {@code Mem abort info:} and as the code of {@code Internal error: Oops: 0000000096000004}.
 *
 * <p>Layout per Arm ARM D17.2.37 "ESR_EL1": EC [31:26], IL [25], ISS [24:0], ISS2 [55:32]; the data
 * and instruction abort ISS encodings per its "ISS encoding for an exception from a Data Abort" and
 * "... from an Instruction Abort". Labels are the kernel's: {@code esr_class_str[]} in
 * {@code arch/arm64/kernel/traps.c}, {@code fault_info[]} in {@code arch/arm64/mm/fault.c} (fault
 * status names) and the field names of {@code mem_abort_decode()} there; BRK comments per
 * {@code arch/arm64/include/asm/brk-imm.h}.
 */
public final class Arm64Esr {
    private static final int EC_LSB = 26;
    private static final int IL = 25;
    private static final long ISS_MASK = (1L << 25) - 1;
    private static final int ISS2_LSB = 32;
    private static final int FSC_MASK = 0x3f;
    private static final int WNR = 6;
    private static final int CM = 8;
    private static final int ISV = 24;

    private static final int EC_IABT_LOW = 0x20;
    private static final int EC_IABT_CUR = 0x21;
    private static final int EC_DABT_LOW = 0x24;
    private static final int EC_DABT_CUR = 0x25;
    private static final int EC_SVC64 = 0x15;
    private static final int EC_BRK64 = 0x3c;

    /** One exception class: the kernel's label and what it means. */
    private record ExceptionClass(int ec, String label, String meaning) {
    }

    private static final List<ExceptionClass> CLASSES = List.of(
            row(0x00, "Unknown/Uncategorized", "unknown reason, usually an undefined instruction"),
            row(0x01, "WFI/WFE", "trapped WFI or WFE instruction"),
            row(0x03, "CP15 MCR/MRC", "trapped AArch32 CP15 register access"),
            row(0x04, "CP15 MCRR/MRRC", "trapped AArch32 CP15 64-bit register access"),
            row(0x05, "CP14 MCR/MRC", "trapped AArch32 CP14 register access"),
            row(0x06, "CP14 LDC/STC", "trapped AArch32 CP14 load/store"),
            row(0x07, "ASIMD", "access to SIMD/floating-point registers while they were disabled"),
            row(0x08, "CP10 MRC/VMRS", "trapped AArch32 VMRS access"),
            row(0x09, "PAC", "trapped pointer-authentication instruction"),
            row(0x0a, "UNRECOGNIZED EC", "trapped LD64B/ST64B or other instruction (the kernel has no label)"),
            row(0x0c, "CP14 MCRR/MRRC", "trapped AArch32 CP14 64-bit register access"),
            row(0x0d, "BTI", "branch target identification violation: an indirect branch to a non-BTI instruction"),
            row(0x0e, "PSTATE.IL", "illegal execution state (PSTATE.IL set, e.g. after a bad exception return)"),
            row(0x11, "SVC (AArch32)", "system call from AArch32 state"),
            row(0x12, "HVC (AArch32)", "hypervisor call from AArch32 state"),
            row(0x13, "SMC (AArch32)", "secure monitor call from AArch32 state"),
            row(EC_SVC64, "SVC (AArch64)", "system call (SVC) from AArch64 state"),
            row(0x16, "HVC (AArch64)", "hypervisor call"),
            row(0x17, "SMC (AArch64)", "secure monitor call"),
            row(0x18, "MSR/MRS (AArch64)", "trapped system register access or system instruction"),
            row(0x19, "SVE", "access to SVE while it was disabled"),
            row(0x1a, "ERET/ERETAA/ERETAB", "trapped exception return"),
            row(0x1c, "FPAC", "pointer authentication failure: a signed pointer (return address) did not "
                    + "authenticate; stack corruption or an attack"),
            row(0x1d, "SME", "access to SME while it was disabled"),
            row(0x1f, "EL3 IMP DEF", "implementation-defined exception to EL3"),
            row(EC_IABT_LOW, "IABT (lower EL)", "instruction abort from a lower exception level: user space "
                    + "jumped to an address it cannot execute"),
            row(EC_IABT_CUR, "IABT (current EL)", "instruction abort without a change of exception level: "
                    + "the kernel jumped to an address it cannot execute"),
            row(0x22, "PC Alignment", "misaligned program counter"),
            row(EC_DABT_LOW, "DABT (lower EL)", "data abort from a lower exception level: a user-space load "
                    + "or store faulted"),
            row(EC_DABT_CUR, "DABT (current EL)", "data abort without a change of exception level: a kernel "
                    + "load or store faulted"),
            row(0x26, "SP Alignment", "misaligned stack pointer"),
            row(0x27, "MOPS", "memory copy/set (MOPS) instruction exception"),
            row(0x28, "FP (AArch32)", "trapped floating-point exception from AArch32 state"),
            row(0x2c, "FP (AArch64)", "trapped floating-point exception"),
            row(0x2d, "Guarded Control Stack", "guarded control stack (GCS) check failed"),
            row(0x2f, "SError", "SError interrupt: an asynchronous external abort, usually a hardware or "
                    + "firmware error"),
            row(0x30, "Breakpoint (lower EL)", "hardware breakpoint in user space"),
            row(0x31, "Breakpoint (current EL)", "hardware breakpoint in the kernel"),
            row(0x32, "Software Step (lower EL)", "single step in user space"),
            row(0x33, "Software Step (current EL)", "single step in the kernel"),
            row(0x34, "Watchpoint (lower EL)", "watchpoint hit in user space"),
            row(0x35, "Watchpoint (current EL)", "watchpoint hit in the kernel"),
            row(0x38, "BKPT (AArch32)", "BKPT instruction in AArch32 state"),
            row(0x3a, "Vector catch (AArch32)", "AArch32 vector catch"),
            row(EC_BRK64, "BRK (AArch64)", "BRK instruction: the kernel uses it for BUG(), WARN() and "
                    + "sanitizer traps, see the comment"));

    /** The classes whose code says the exception came from the current exception level (the kernel). */
    private static final Set<Integer> CURRENT_EL_CLASSES = Set.of(EC_IABT_CUR, EC_DABT_CUR, 0x31, 0x33, 0x35);

    /** One fault status code (DFSC/IFSC): the kernel's name and what it means. */
    private record FaultStatus(int code, String name, String meaning) {
    }

    private static final String TRANSLATION = "no valid mapping at that translation level: the address is "
            + "not mapped";
    private static final String ACCESS_FLAG = "the page is mapped but its access flag is clear";
    private static final String PERMISSION = "the page is mapped but the access is not permitted (write to "
            + "read-only, execute of non-executable, or a user page under PAN)";
    private static final String ADDRESS_SIZE = "an address or table entry exceeds the configured address size";
    private static final String WALK_ABORT = "external abort while walking the page tables";
    private static final String WALK_PARITY = "parity or ECC error while walking the page tables";

    private static final List<FaultStatus> FAULT_STATUSES = List.of(
            fs(0x00, "ttbr address size fault", ADDRESS_SIZE),
            fs(0x01, "level 1 address size fault", ADDRESS_SIZE),
            fs(0x02, "level 2 address size fault", ADDRESS_SIZE),
            fs(0x03, "level 3 address size fault", ADDRESS_SIZE),
            fs(0x04, "level 0 translation fault", TRANSLATION),
            fs(0x05, "level 1 translation fault", TRANSLATION),
            fs(0x06, "level 2 translation fault", TRANSLATION),
            fs(0x07, "level 3 translation fault", TRANSLATION),
            fs(0x08, "level 0 access flag fault", ACCESS_FLAG),
            fs(0x09, "level 1 access flag fault", ACCESS_FLAG),
            fs(0x0a, "level 2 access flag fault", ACCESS_FLAG),
            fs(0x0b, "level 3 access flag fault", ACCESS_FLAG),
            fs(0x0c, "level 0 permission fault", PERMISSION),
            fs(0x0d, "level 1 permission fault", PERMISSION),
            fs(0x0e, "level 2 permission fault", PERMISSION),
            fs(0x0f, "level 3 permission fault", PERMISSION),
            fs(0x10, "synchronous external abort", "the memory system returned an error for the access: a bus "
                    + "error, a bad device register, or failing hardware"),
            fs(0x11, "synchronous tag check fault", "MTE tag mismatch between the pointer and the memory: "
                    + "use-after-free or out-of-bounds caught by memory tagging"),
            fs(0x13, "level -1 (translation table walk)", WALK_ABORT),
            fs(0x14, "level 0 (translation table walk)", WALK_ABORT),
            fs(0x15, "level 1 (translation table walk)", WALK_ABORT),
            fs(0x16, "level 2 (translation table walk)", WALK_ABORT),
            fs(0x17, "level 3 (translation table walk)", WALK_ABORT),
            fs(0x18, "synchronous parity or ECC error", "memory parity or ECC error on the access: hardware"),
            fs(0x1b, "level -1 synchronous parity error (translation table walk)", WALK_PARITY),
            fs(0x1c, "level 0 synchronous parity error (translation table walk)", WALK_PARITY),
            fs(0x1d, "level 1 synchronous parity error (translation table walk)", WALK_PARITY),
            fs(0x1e, "level 2 synchronous parity error (translation table walk)", WALK_PARITY),
            fs(0x1f, "level 3 synchronous parity error (translation table walk)", WALK_PARITY),
            fs(0x21, "alignment fault", "misaligned access where alignment is required (device memory, "
                    + "exclusive or atomic instructions)"),
            fs(0x29, "level -1 address size fault", ADDRESS_SIZE),
            fs(0x2b, "level -1 translation fault", TRANSLATION),
            fs(0x30, "TLB conflict abort", "several TLB entries match the address: page tables changed "
                    + "without break-before-make"),
            fs(0x31, "Unsupported atomic hardware update fault", "the hardware could not update the access "
                    + "flag or dirty state atomically"),
            fs(0x34, "implementation fault (lockdown abort)", "implementation-defined lockdown abort"),
            fs(0x35, "implementation fault (unsupported exclusive)", "exclusive access to memory that does "
                    + "not support it"),
            fs(0x3d, "section domain fault", "AArch32 section domain fault"),
            fs(0x3e, "page domain fault", "AArch32 page domain fault"));

    /** A range of BRK immediates and the kernel facility that plants them. */
    private record BrkComment(int from, int to, String name, String meaning) {
    }

    private static final List<BrkComment> BRK_COMMENTS = List.of(
            new BrkComment(0x004, 0x004, "KPROBES_BRK_IMM", "a kprobe"),
            new BrkComment(0x005, 0x005, "UPROBES_BRK_IMM", "a uprobe"),
            new BrkComment(0x006, 0x006, "KPROBES_BRK_SS_IMM", "kprobe single-step"),
            new BrkComment(0x100, 0x100, "FAULT_BRK_IMM", "a deliberate fault planted by code patching or "
                    + "the BPF JIT: the kernel generated an invalid instruction"),
            new BrkComment(0x400, 0x400, "KGDB_DYN_DBG_BRK_IMM", "a kgdb breakpoint"),
            new BrkComment(0x401, 0x401, "KGDB_COMPILED_DBG_BRK_IMM", "a compiled-in kgdb breakpoint"),
            new BrkComment(0x800, 0x800, "BUG_BRK_IMM", "BUG() or WARN() in the kernel"),
            new BrkComment(0x900, 0x9ff, "KASAN_BRK_IMM", "a software tag-based KASAN check failed"),
            new BrkComment(0x5500, 0x55ff, "UBSAN_BRK_IMM", "an undefined-behaviour sanitizer (UBSAN) trap"),
            new BrkComment(0x8000, 0x83ff, "CFI_BRK_IMM_BASE", "a control-flow integrity (kCFI) check failed: "
                    + "an indirect call to a function of the wrong type"));

    /** SET values with FEAT_RAS, indexed by the field. */
    private static final List<String> ERROR_TYPES = List.of("recoverable (UER)", "reserved",
            "restartable (UEO)", "uncontainable (UC)");

    /** KASAN packs the access into the BRK comment (KASAN_ESR_* in arch/arm64/kernel/traps.c). */
    private static final int KASAN_RECOVER = 0x20;
    private static final int KASAN_WRITE = 0x10;
    private static final int KASAN_SIZE_MASK = 0x0f;

    private Arm64Esr() {
    }

    private static ExceptionClass row(int ec, String label, String meaning) {
        return new ExceptionClass(ec, label, meaning);
    }

    private static FaultStatus fs(int code, String name, String meaning) {
        return new FaultStatus(code, name, meaning);
    }

    /** EC, bits 31:26. */
    public static int ec(long esr) {
        return (int) Bits.field(esr, EC_LSB, 6);
    }

    /** The kernel's label of the exception class, e.g. {@code DABT (current EL)}. */
    public static String exceptionClass(long esr) {
        return exceptionClassRow(esr).label();
    }

    /**
     * The kernel's name of the fault status code ISS[5:0], e.g. {@code level 0 translation fault}, as
     * {@code do_mem_abort()} reports it. Meaningful for instruction and data aborts only.
     */
    public static String faultStatus(long esr) {
        return faultStatusRow(esr).name();
    }

    /** Whether the exception is a data abort, from user space (lower EL) or the kernel (current EL). */
    public static boolean isDataAbort(long esr) {
        int ec = ec(esr);
        return ec == EC_DABT_LOW || ec == EC_DABT_CUR;
    }

    /** Whether the exception is an instruction abort, from user space (lower EL) or the kernel (current EL). */
    public static boolean isInstructionAbort(long esr) {
        int ec = ec(esr);
        return ec == EC_IABT_LOW || ec == EC_IABT_CUR;
    }

    /**
     * Whether the class says the exception was taken from the current exception level, i.e. the kernel
     * itself faulted: the "(current EL)" instruction and data aborts, breakpoints, steps and watchpoints.
     * False for their "(lower EL)" twins and for classes that do not say.
     */
    public static boolean isCurrentEl(long esr) {
        return CURRENT_EL_CLASSES.contains(ec(esr));
    }

    /**
     * {@code read} or {@code write} for a data abort, as {@code do_page_fault()} decides it (WnR, except
     * that a cache maintenance operation counts as a read); {@code instruction fetch} for an
     * instruction abort; empty otherwise.
     */
    public static Optional<String> access(long esr) {
        if (isInstructionAbort(esr)) {
            return Optional.of("instruction fetch");
        }
        if (!isDataAbort(esr)) {
            return Optional.empty();
        }
        return Optional.of(Bits.isSet(esr, WNR) && !Bits.isSet(esr, CM) ? "write" : "read");
    }

    /** The 16-bit comment of a BRK instruction ({@code BRK #0x800}), empty for other classes. */
    public static OptionalInt brkComment(long esr) {
        return ec(esr) == EC_BRK64 ? OptionalInt.of((int) Bits.field(esr, 0, 16)) : OptionalInt.empty();
    }

    /**
     * Every field: EC, IL and ISS always; then the class's ISS fields: for data aborts the fields
     * {@code mem_abort_decode()} prints (SET, FnV, EA, S1PTW, FSC, ISV or SAS/SSE/SRT/SF/AR, CM, WnR and
     * the ISS2 bits), for instruction aborts SET, FnV, EA, S1PTW and IFSC, for BRK the comment, for SVC
     * the immediate.
     */
    public static List<Decoded> decode(long esr) {
        List<Decoded> out = new ArrayList<>();
        ExceptionClass ec = exceptionClassRow(esr);
        out.add(new Decoded("EC", String.format("0x%02x", ec(esr)), ec.label() + ": " + ec.meaning()));
        boolean il = Bits.isSet(esr, IL);
        out.add(new Decoded("IL", il ? "1" : "0", il ? "32-bit instruction" : "16-bit (T32) instruction"));
        out.add(new Decoded("ISS", String.format("0x%08x", esr & ISS_MASK), "instruction specific syndrome"));
        long iss2 = Bits.field(esr, ISS2_LSB, 24);
        if (iss2 != 0) {
            out.add(new Decoded("ISS2", Bits.hex(iss2), "instruction specific syndrome 2"));
        }
        if (isDataAbort(esr)) {
            addAbortCommon(esr, out);
            addDataAbort(esr, iss2, out);
        } else if (isInstructionAbort(esr)) {
            addAbortCommon(esr, out);
            FaultStatus fs = faultStatusRow(esr);
            out.add(new Decoded("IFSC", String.format("0x%02x", fs.code()), fs.name() + ": " + fs.meaning()));
        } else if (ec.ec() == EC_BRK64) {
            out.add(brk((int) Bits.field(esr, 0, 16)));
        } else if (ec.ec() == EC_SVC64) {
            out.add(new Decoded("imm16", Bits.hex(Bits.field(esr, 0, 16)), "immediate of the SVC instruction "
                    + "(0 for Linux system calls)"));
        }
        return out;
    }

    private static void addAbortCommon(long esr, List<Decoded> out) {
        int set = (int) Bits.field(esr, 11, 2);
        out.add(new Decoded("SET", Integer.toString(set), Bits.isSet(esr, 9) ? "synchronous error type: "
                + ERROR_TYPES.get(set) : "synchronous error type, meaningful only for external aborts"));
        out.add(bit(esr, 10, "FnV", "the FAR (fault address) is not valid", "the FAR holds the fault address"));
        out.add(bit(esr, 9, "EA", "external abort: the memory system reported an error",
                "not an external abort"));
        out.add(bit(esr, 7, "S1PTW", "the fault happened on a stage-2 walk of a stage-1 page table",
                "not on a page-table walk"));
        if (Bits.isSet(esr, 13)) {
            out.add(new Decoded("VNCR", "1", "the access was to the VNCR_EL2 page (nested virtualization)"));
        }
    }

    private static void addDataAbort(long esr, long iss2, List<Decoded> out) {
        FaultStatus fs = faultStatusRow(esr);
        out.add(new Decoded("DFSC", String.format("0x%02x", fs.code()), fs.name() + ": " + fs.meaning()));
        if (Bits.isSet(esr, ISV)) {
            out.add(new Decoded("ISV", "1", "the syndrome below describes the faulting load or store"));
            out.add(new Decoded("SAS", Long.toString(Bits.field(esr, 22, 2)),
                    "access size " + (1 << Bits.field(esr, 22, 2)) + " byte(s)"));
            out.add(bit(esr, 21, "SSE", "the loaded value is sign-extended", "no sign extension"));
            out.add(new Decoded("SRT", Long.toString(Bits.field(esr, 16, 5)),
                    "the transfer register is x" + Bits.field(esr, 16, 5)));
            out.add(bit(esr, 15, "SF", "64-bit register", "32-bit register"));
            out.add(bit(esr, 14, "AR", "acquire/release semantics", "no acquire/release semantics"));
        } else {
            out.add(new Decoded("ISV", "0", "no load/store syndrome: the instruction is not described (e.g. a "
                    + "load/store pair or an access with writeback)"));
        }
        out.add(bit(esr, CM, "CM", "the fault came from a cache maintenance or address translation instruction",
                "not a cache maintenance instruction"));
        out.add(bit(esr, WNR, "WnR", "the access was a write", "the access was a read"));
        if (iss2 != 0) {
            addIss2Bit(iss2, 10, "TnD", "the fault was on a tag write (MTE)", out);
            addIss2Bit(iss2, 9, "TagAccess", "the access was an MTE tag access", out);
            addIss2Bit(iss2, 8, "GCS", "the access was a guarded control stack access", out);
            addIss2Bit(iss2, 6, "Overlay", "a permission overlay (POE) denied the access", out);
            addIss2Bit(iss2, 5, "DirtyBit", "the dirty state could not be updated", out);
        }
    }

    private static void addIss2Bit(long iss2, int bit, String name, String meaning, List<Decoded> out) {
        if (Bits.isSet(iss2, bit)) {
            out.add(new Decoded(name, "1", meaning));
        }
    }

    private static Decoded bit(long esr, int bit, String name, String whenSet, String whenClear) {
        boolean set = Bits.isSet(esr, bit);
        return new Decoded(name, set ? "1" : "0", set ? whenSet : whenClear);
    }

    private static Decoded brk(int comment) {
        String value = Bits.hex(comment);
        return BRK_COMMENTS.stream().filter(b -> comment >= b.from() && comment <= b.to()).findFirst()
                .map(b -> new Decoded("comment", value, b.name() + ": " + b.meaning() + kasanDetails(b, comment)))
                .orElseGet(() -> new Decoded("comment", value, "BRK #" + value + ": not a value the kernel plants"));
    }

    private static String kasanDetails(BrkComment b, int comment) {
        if (!b.name().equals("KASAN_BRK_IMM")) {
            return "";
        }
        return " (" + ((comment & KASAN_WRITE) != 0 ? "write" : "read") + " of " + (1 << (comment & KASAN_SIZE_MASK))
                + " byte(s)" + ((comment & KASAN_RECOVER) != 0 ? ", recoverable" : "") + ")";
    }

    private static ExceptionClass exceptionClassRow(long esr) {
        int ec = ec(esr);
        return CLASSES.stream().filter(c -> c.ec() == ec).findFirst()
                .orElse(new ExceptionClass(ec, "UNRECOGNIZED EC", "unallocated exception class"));
    }

    /** Unallocated codes read {@code unknown <n>}, the kernel's placeholder in {@code fault_info[]}. */
    private static FaultStatus faultStatusRow(long esr) {
        int code = (int) (esr & FSC_MASK);
        return FAULT_STATUSES.stream().filter(f -> f.code() == code).findFirst()
                .orElse(new FaultStatus(code, "unknown " + code, "unallocated fault status code"));
    }
}
