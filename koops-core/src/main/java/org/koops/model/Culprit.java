package org.koops.model;

import java.util.List;

/**
 * The code most likely at fault: the frame syzkaller's rule for the report's kind judges guilty, past the
 * code that printed the report, handled its trap, took a lock or served as a generic library; else the
 * strongest place the report names (the instruction pointer, the {@code WARNING} line, the sanitizer's
 * first line, lockdep's acquire site).
 *
 * @param function     the function, as in the sources (without a compiler-clone suffix), e.g. {@code single_show}
 * @param module       the module, or {@code null} for the kernel image
 * @param moduleTaints what the module's taint letters say (out-of-tree, unsigned, proprietary ...)
 * @param frame        the frame it was taken from, as printed
 * @param reason       why this frame was chosen
 * @param victim       where the crash happened when that is generic code that only did what the culprit asked
 *                     (a list or tree helper, the allocator, a reference-count helper), or {@code null}
 */
public record Culprit(String function, String module, List<Taint> moduleTaints, Frame frame, String reason,
                      Victim victim) {

    /** A culprit where the crash happened itself, with no victim. */
    public Culprit(String function, String module, List<Taint> moduleTaints, Frame frame, String reason) {
        this(function, module, moduleTaints, frame, reason, null);
    }

    /**
     * The generic code a crash happened in, on its caller's behalf.
     *
     * @param function the function as in the sources, e.g. {@code rb_erase}
     * @param frame    where it was printed (the instruction pointer, a header line, a frame)
     * @param reason   what kind of code it is, and why its caller is to blame
     * @param calledBy the function that called it, as the trace shows, or {@code null} when the report does not
     *                 show its caller (then the culprit is the victim itself, the only place known)
     */
    public record Victim(String function, Frame frame, String reason, String calledBy) {
    }
}
