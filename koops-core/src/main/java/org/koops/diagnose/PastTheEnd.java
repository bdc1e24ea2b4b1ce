package org.koops.diagnose;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.koops.format.FrameFamilies;
import org.koops.model.Arch;
import org.koops.model.Frame;

/**
 * A call-trace entry at offset 0 of a function, below the trace's first entry: a return address, so the call was
 * the last instruction of the function placed just before this one, a call that never returns (panic(), BUG(),
 * do_exit() ...). The kernel names the return address itself, so the frame shows the next function at {@code +0x0}
 * (arm64 prints return addresses as they are; x86 looks them up one byte back, which avoids it). The function that
 * made the call is not named anywhere in the report: only the symbol table knows which function precedes this one.
 *
 * <p>An entry right after exception entry code ({@code el1h_64_irq}, {@code asm_sysvec_...}) is the interrupted
 * instruction, not a return address, and may be at offset 0 for real.
 */
public final class PastTheEnd {
    private static final Pattern EXCEPTION_ENTRY = Pattern.compile("^(?:el\\d\\w*_64_\\w+|asm_\\w+|\\w*_interrupt)$");

    /**
     * @param frame  the entry as printed, {@code sysrq_reset_seq_param_set+0x0/0xa0}
     * @param callee the reliable frame printed before it: the function whose call never returned, or {@code null}
     */
    record Entry(Frame frame, Frame callee) {
        /** The called function, {@code panic}, or "a function that never returns". */
        String calleeName() {
            return callee == null ? "a function that never returns" : FrameFamilies.baseName(callee.function()) + "()";
        }

        /** Why the frame cannot be taken at its name. */
        String explanation() {
            return frame.symbolic() + " is a return address just past the end of the function that called "
                    + calleeName() + ", which never returns: that call was its last instruction. The caller is the "
                    + "function placed before " + frame.function() + " in the kernel image, which the report does not name";
        }

        /** The source line of the call, by the address one instruction before the return address. */
        String callSiteCommand(Arch arch, String object) {
            int back = arch == Arch.ARM64 || arch == Arch.ARM || arch == Arch.RISCV64 || arch == Arch.POWERPC ? 4 : 1;
            return "gdb -batch -ex 'info symbol " + frame.function() + "-" + back + "' -ex 'list *(" + frame.function()
                    + "-" + back + ")' " + object;
        }
    }

    private PastTheEnd() {
    }

    /** Whether {@code frame}, one of the report's {@code frames}, is a return address past the end of its caller. */
    public static boolean isPastTheEnd(List<Frame> frames, Frame frame) {
        return of(frames, frame).isPresent();
    }

    /** The entry if {@code frame}, one of the report's frames, is a return address past the end of its caller. */
    static Optional<Entry> of(List<Frame> frames, Frame frame) {
        int at = indexOf(frames, frame);
        if (at <= 0 || frame.function() == null || frame.offset() == null || frame.offset() != 0) {
            return Optional.empty();
        }
        Frame before = frames.get(at - 1);
        if (before.function() != null && EXCEPTION_ENTRY.matcher(FrameFamilies.baseName(before.function())).matches()) {
            return Optional.empty();
        }
        Frame callee = null;
        for (int i = at - 1; i >= 0 && callee == null; i--) {
            Frame f = frames.get(i);
            if (f.reliable() && f.function() != null) {
                callee = f;
            }
        }
        return Optional.of(new Entry(frame, callee));
    }

    /** The first reliable entry of the trace that is a return address past the end of its caller. */
    static Optional<Entry> first(List<Frame> frames) {
        for (Frame f : frames) {
            if (f.reliable()) {
                Optional<Entry> e = of(frames, f);
                if (e.isPresent()) {
                    return e;
                }
            }
        }
        return Optional.empty();
    }

    private static int indexOf(List<Frame> frames, Frame frame) {
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i) == frame) {
                return i;
            }
        }
        return -1;
    }
}
