package org.koops.model;

import java.util.List;

/**
 * What a hang or stall report (hung task, RCU stall, soft or hard lockup) says first: which CPU or task, for how
 * long, and what it waits on.
 *
 * @param cpu       the CPU stuck or stalled, or {@code null}
 * @param task      the task's command, or {@code null}
 * @param pid       its PID, or {@code null}
 * @param seconds   how long, in seconds, or {@code null}
 * @param waitsIn   the first function of its stack (at a lockup or an RCU stall printed from an interrupt, the
 *                  interrupted code's) that is not scheduling, locking, entry, report-printing or instrumentation code:
 *                  where it waits or loops, or {@code null}
 * @param waitsOn   what it waits on, in words ({@code a mutex}, {@code mmap_lock}, {@code the journal commit}), or
 *                  {@code null}
 * @param sharedLock the lock class that several tasks of the report's lock list hold or wait for, or {@code null}
 * @param tasks     the tasks holding or waiting for {@code sharedLock}
 * @param idleCpu   whether the stalled CPU was idle, or {@code null} when not said
 * @param starvedKthread whether RCU's grace-period kthread was starved of CPU time
 */
public record Stall(Integer cpu, String task, Integer pid, Integer seconds, String waitsIn, String waitsOn,
                    String sharedLock, List<String> tasks, Boolean idleCpu, boolean starvedKthread) {
}
