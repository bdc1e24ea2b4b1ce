package org.koops.decode;

import java.util.List;
import java.util.Optional;

import org.koops.model.Decoded;

/**
 * RISC-V's {@code scause}, printed as {@code cause:} in the register dump: bit XLEN-1 says an interrupt,
 * the rest the exception code (RISC-V privileged architecture, "Supervisor Cause Register", table
 * "scause values after trap"). With it {@code badaddr:} ({@code stval}) holds the faulting address.
 */
public final class RiscvCause {
    /** Exception codes 0 to 15, with the access they stand for ({@code null}: no memory access). */
    private record Code(String name, String access) {
    }

    private static final List<Code> EXCEPTIONS = List.of(
            new Code("instruction address misaligned", "instruction fetch"),
            new Code("instruction access fault", "instruction fetch"),
            new Code("illegal instruction", null),
            new Code("breakpoint (ebreak: BUG() or WARN())", null),
            new Code("load address misaligned", "read"),
            new Code("load access fault", "read"),
            new Code("store/AMO address misaligned", "write"),
            new Code("store/AMO access fault", "write"),
            new Code("environment call from U-mode", null),
            new Code("environment call from S-mode", null),
            new Code("reserved 10", null),
            new Code("environment call from M-mode", null),
            new Code("instruction page fault", "instruction fetch"),
            new Code("load page fault", "read"),
            new Code("reserved 14", null),
            new Code("store/AMO page fault", "write"));

    private RiscvCause() {
    }

    private static boolean isInterrupt(long cause) {
        return cause < 0;
    }

    private static Optional<Code> exception(long cause) {
        return isInterrupt(cause) || cause >= EXCEPTIONS.size() ? Optional.empty() : Optional.of(EXCEPTIONS.get((int) cause));
    }

    /** What trapped, e.g. {@code load page fault}. */
    public static String name(long cause) {
        if (isInterrupt(cause)) {
            return "interrupt " + (cause & Long.MAX_VALUE);
        }
        return exception(cause).map(Code::name).orElse("exception " + cause);
    }

    /** {@code read}, {@code write} or {@code instruction fetch} for a memory fault. */
    public static Optional<String> access(long cause) {
        return exception(cause).map(Code::access);
    }

    public static List<Decoded> decode(long cause) {
        return List.of(new Decoded(isInterrupt(cause) ? "interrupt" : "exception code",
                Long.toString(cause & Long.MAX_VALUE), name(cause)));
    }
}
