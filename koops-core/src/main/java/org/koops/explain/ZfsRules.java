package org.koops.explain;

import static org.koops.explain.LineRule.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/** OpenZFS and its Solaris Porting Layer (SPL): failed VERIFY/ASSERT checks and the panics that follow. */
final class ZfsRules {
    static final List<LineRule> RULES = List.of(
            rule("^(?<macro>VERIFY[0-9A-Z_]*+)\\((?<cond>.*)\\) failed(?: \\((?<values>.*)\\))?\\s*+$", ZfsRules::verify),
            rule("^PANIC at (?<file>[^:\\s]++):(?<line>\\d++):(?<fn>[A-Za-z0-9_]++)\\(\\)", (m, c) -> List.of(
                    "SPL stops the thread at " + m.group("file") + " line " + m.group("line") + ", in " + m.group("fn")
                            + "(). spl_panic() does not return: the thread sleeps for ever in state D with whatever it "
                            + "holds, so the pool usually hangs until a reboot (unless spl_panic_halt panics the machine).",
                    "ZFS is an out-of-tree module: report it to OpenZFS with its version (modinfo zfs).")),
            rule("^PANIC: zfs: (?<what>.++)$", (m, c) -> List.of("zfs_panic_recover(): ZFS found its own state "
                    + "inconsistent (" + m.group("what") + "), usually damaged metadata. The zfs_recover module parameter "
                    + "turns this into a warning so the pool can be imported and scrubbed.")),
            rule("^Showing stack for process (?<pid>\\d++)", (m, c) -> List.of("SPL shows the stack of the thread that "
                    + "failed (PID " + m.group("pid") + ").")));

    private ZfsRules() {
    }

    private static List<String> verify(Matcher m, LineContext c) {
        String macro = m.group("macro");
        List<String> out = new ArrayList<>();
        out.add("A " + macro + "() check of ZFS failed: the condition " + m.group("cond") + " was false. ZFS checks "
                + "its invariants with VERIFY in every build (and ASSERT in debug builds), and stops the thread when one breaks.");
        if (m.group("values") != null) {
            out.add("The values compared: " + m.group("values") + ".");
        }
        return out;
    }
}
