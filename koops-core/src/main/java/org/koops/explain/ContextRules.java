package org.koops.explain;

import static org.koops.explain.LineRule.fixed;
import static org.koops.explain.LineRule.rule;

import java.util.List;

import org.koops.format.FrameFamilies;

/** Bugs of execution context: sleeping or scheduling where that is forbidden, and the counters they print. */
final class ContextRules {
    static final List<LineRule> RULES = List.of(
            rule("^BUG: sleeping function called from invalid context at (?<src>{{SRC}})", (m, c) -> List.of(
                    "Something that may sleep (a mutex, a GFP_KERNEL allocation, copy_to_user ...) was called where "
                            + "sleeping is forbidden: with a spinlock held, interrupts off, inside RCU or an interrupt.",
                    m.group("src") + " is the might_sleep() check that caught it; the trace shows who called it.")),
            rule("^in_atomic\\(\\): (?<atomic>\\d++), irqs_disabled\\(\\): (?<irqs>\\d++)(?:, non_block: (?<nb>\\d++))?, "
                    + "pid: (?<pid>\\d++), name: (?<name>.++)$", (m, c) -> List.of(
                    "in_atomic() = " + m.group("atomic") + (m.group("atomic").equals("0") ? ": not in atomic context"
                            : ": in atomic context (preemption disabled, e.g. a spinlock held)") + "; irqs_disabled() = "
                            + m.group("irqs") + (m.group("irqs").equals("0") ? ": interrupts on" : ": interrupts off") + ".",
                    "The task was " + m.group("name") + " (PID " + m.group("pid") + ").")),
            rule("^preempt_count: (?<count>[0-9a-f]{1,16}+), expected: (?<exp>[0-9a-f]{1,16}+)", (m, c) -> List.of(
                    PreemptCount.describe(Hex.parse(m.group("count"))) + "; sleeping requires "
                            + PreemptCount.describe(Hex.parse(m.group("exp"))).replaceFirst(":.*", "") + ".")),
            rule("^RCU nest depth: (?<n>\\d++), expected: (?<exp>\\d++)", (m, c) -> List.of("The task was inside "
                    + m.group("n") + " RCU read-side critical section(s); " + m.group("exp") + " are allowed here.")),
            fixed("^Preemption disabled at:", "The next line shows where preemption was disabled: usually where the "
                    + "spinlock was taken."),
            rule("^BUG: scheduling while atomic: (?<comm>.{1,64}?)/(?<pid>\\d++)/0x(?<count>[0-9a-f]{1,16}+)", (m, c) -> List.of(
                    "The task " + m.group("comm") + " (PID " + m.group("pid") + ") called the scheduler in atomic context, "
                            + "where it must not sleep.",
                    PreemptCount.describe(Hex.parse(m.group("count"))) + ".")),
            rule("^BUG: using (?<what>\\S++) in preemptible \\[(?<count>[0-9a-f]{1,16}+)\\] code: (?<who>\\S++)", (m, c) -> List.of(
                    m.group("what") + " was used while the task can migrate to another CPU, so the CPU number or per-CPU "
                            + "data may be stale at once; " + PreemptCount.describe(Hex.parse(m.group("count"))) + ".")),
            rule("^caller is (?<fn>[\\w.$]++)", (m, c) -> List.of(caller(m.group("fn")))));

    /**
     * The function a preemption check names as its caller. Where the check runs out of line (check_preemption_disabled
     * called by debug_smp_processor_id), the return address it prints is in the check's own code: the code that
     * used the per-CPU value is that function's caller, which only the trace shows.
     */
    private static String caller(String fn) {
        FrameFamilies.Family family = FrameFamilies.of(fn);
        if (family == null || family.role() != FrameFamilies.Role.CHECKER) {
            return "The function that made that call: " + fn + "().";
        }
        return fn + "() is the checker's own code (" + family.reason() + "), printed as the caller: the code at fault "
                + "is the frame after it in the call trace.";
    }

    private ContextRules() {
    }
}
