package org.koops.explain;

import static org.koops.explain.LineRule.fixed;
import static org.koops.explain.LineRule.rule;

import java.util.List;

/** lockdep, the lock validator: its report headers and the lines that describe locks and chains. */
final class LockingRules {
    private static final String USAGE = " The {....} letters are lockdep's usage record for hardirq, hardirq-read, "
            + "softirq, softirq-read: '+' taken with those interrupts enabled, '-' taken inside that interrupt, "
            + "'?' both, '.' neither.";

    static final List<LineRule> RULES = List.of(
            fixed("^WARNING: possible circular locking dependency detected", "lockdep found locks taken in opposite "
                    + "orders on different paths (A then B here, B then A elsewhere): a possible ABBA deadlock, even if "
                    + "it has not happened yet."),
            fixed("^WARNING: possible recursive locking detected", "lockdep saw a task take a lock it already holds, "
                    + "or another lock of the same class without a nesting annotation: a possible self-deadlock."),
            fixed("^WARNING: inconsistent lock state", "lockdep saw one lock taken both from an interrupt and with that "
                    + "interrupt enabled: the interrupt can arrive while the lock is held on the same CPU and deadlock."),
            fixed("^WARNING: possible irq lock inversion dependency detected", "lockdep found an interrupt-safe lock that "
                    + "depends on an interrupt-unsafe one: an interrupt can deadlock against the holder."),
            fixed("^WARNING: (?:HARDIRQ|SOFTIRQ)-safe -> (?:HARDIRQ|SOFTIRQ)-unsafe lock order detected", "lockdep found an "
                    + "interrupt-safe lock taken before an interrupt-unsafe one: an interrupt can deadlock against the holder."),
            fixed("^WARNING: suspicious RCU usage", "An RCU-protected pointer was dereferenced outside an RCU read-side "
                    + "critical section, or without the lock the code declares it needs."),
            fixed("^WARNING: bad unlock balance detected!", "A lock was released that the task does not hold: an unlock "
                    + "too many, or on the wrong lock."),
            fixed("^WARNING: held lock freed!", "Memory was freed while a lock inside it was still held."),
            fixed("^WARNING: lock held when returning to user space!", "A system call returned to user space with a lock "
                    + "still held: a missing unlock on some path."),
            fixed("^WARNING: nested lock was not taken", "A lock was taken with a nesting annotation naming an outer lock "
                    + "that is not held."),
            fixed("^INFO: trying to register non-static key\\.", "A lock was used before being initialised (its "
                    + "lockdep key is not static): a missing spin_lock_init()/mutex_init(), or a freed lock."),
            rule("^(?<n>\\d++) locks? held by (?<who>.{1,80}?):$", (m, c) -> List.of(m.group("who") + " held " + m.group("n")
                    + " lock" + (m.group("n").equals("1") ? "" : "s") + " at this point; the #N lines list them in the order "
                    + "taken, the last most recent.")),
            rule("^no locks held by (?<who>.{1,80}?)\\.$", (m, c) -> List.of(m.group("who") + " held no lock.")),
            rule("^#(?<n>\\d++):\\s++(?:[0-9a-f]{8,16}+\\s++)?\\((?<lock>.{1,200}?)\\)(?<usage>\\{[.+\\-?]{4}+\\})?"
                    + "(?:-\\{\\d:\\d\\})?, at: (?<at>\\S++)",
                    (m, c) -> List.of("Held lock " + m.group("n") + ": " + m.group("lock") + ", taken in "
                            + m.group("at").replaceFirst("\\+0x.*", "") + "()." + (m.group("usage") == null ? "" : USAGE))),
            rule("^-> #(?<n>\\d++) \\((?<lock>.{1,200}?)\\)(?:\\{[.+\\-?]{4}+\\})?(?:-\\{\\d:\\d\\})?:",
                    (m, c) -> List.of("Link #" + m.group("n") + " of the recorded dependency chain: " + m.group("lock")
                            + "; the stack below shows where it was taken while the previous lock was held.")),
            fixed("^the existing dependency chain \\(in reverse order\\) is:", "The lock-order dependencies lockdep recorded "
                    + "earlier, newest first; with the new one they close a cycle."),
            fixed("^which lock already depends on the new lock\\.", "The held lock is already known to be taken after the "
                    + "new lock elsewhere: the two paths use opposite orders."),
            rule("^(?<who>\\S++) is trying to acquire lock:", (m, c) -> List.of(m.group("who") + " is taking the lock "
                    + "on the next line now.")),
            fixed("^but task is already holding lock:", "...while already holding this lock."),
            fixed("^other info that might help us debug this:", "Supporting details: the scenario, the locks held and the "
                    + "stack."),
            fixed("^Possible unsafe locking scenario:", "lockdep's simplified picture of the deadlock: one column per CPU, "
                    + "time going down."),
            fixed("^Chain exists of:", "The whole cycle of locks, in the order each is taken after the previous one."),
            fixed("^\\*\\*\\* DEADLOCK \\*\\*\\*", "lockdep's conclusion: the scenario above can deadlock."),
            fixed("^stack backtrace:", "The stack of the task at the moment lockdep detected the problem."),
            rule("^inconsistent \\{(?<a>[A-Z\\-]++)\\} -> \\{(?<b>[A-Z\\-]++)\\} usage\\.", (m, c) -> List.of("The lock was "
                    + "used as {" + m.group("a") + "} and now as {" + m.group("b") + "}: IN-xxx means taken inside that "
                    + "interrupt, xxx-ON means taken with it enabled; both together can deadlock.")),
            rule("^\\{(?<state>[A-Z\\-]++)\\} state was registered at:", (m, c) -> List.of("Where the lock was first used in "
                    + "the {" + m.group("state") + "} way.")),
            rule("^irq event stamp: (?<n>\\d++)", (m, c) -> List.of("lockdep's interrupt-state history follows: where "
                    + "interrupts and softirqs were last enabled and disabled.")),
            rule("^(?<what>hardirqs|softirqs) last\\s++(?<how>enabled|disabled) at \\(\\d++\\): (?:\\[<[0-9a-f]{1,16}+>\\] )?(?<fn>[\\w.$]++)",
                    (m, c) -> List.of((m.group("what").equals("hardirqs") ? "Interrupts" : "Softirqs") + " were last "
                            + m.group("how") + " in " + m.group("fn") + "().")),
            fixed("^INFO: lockdep is turned off\\.", "lockdep had already switched itself off (after an earlier report or "
                    + "a taint), so no lock information follows."),
            fixed("^turning off the locking correctness validator\\.", "lockdep stops checking after this report: later "
                    + "locking bugs this boot go unreported."),
            fixed("^Showing all locks held in the system:", "Every task's held locks follow, to find who holds what "
                    + "the hung task waits for."));

    private LockingRules() {
    }
}
