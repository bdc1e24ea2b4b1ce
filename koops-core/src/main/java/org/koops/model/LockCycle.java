package org.koops.model;

import java.util.List;

/**
 * What lockdep reports, as a kernel developer reads it first: the locks involved, the new dependency the task was
 * adding and where, and the chain it closes.
 *
 * @param problem    lockdep's headline, {@code possible circular locking dependency detected}
 * @param task       the task adding the dependency as printed ({@code kworker/0:1/23}), or {@code null}
 * @param acquiring  the lock class being taken ({@code &dev->lock}), or {@code null}
 * @param acquiredAt where it is taken ({@code dev_flush+0x20/0x80}), or {@code null}
 * @param holding    the lock class already held, or {@code null}
 * @param heldAt     where that was taken, or {@code null}
 * @param chain      the recorded dependency chain {@code -> #n} down to {@code -> #0}, as printed
 * @param cycle      the lock classes of the cycle in the order each is taken after the previous one, the first
 *                   repeated at the end; empty when the report shows none
 * @param deadlocked {@code false} for lockdep's reports of a possible deadlock, which hang nothing yet
 */
public record LockCycle(String problem, String task, String acquiring, String acquiredAt, String holding, String heldAt,
                        List<Link> chain, List<String> cycle, boolean deadlocked) {

    /**
     * One link {@code -> #n (lock){....}:} of the chain.
     *
     * @param index   n
     * @param lock    the lock class
     * @param takenAt the first function of its stack that is not locking machinery: where it was taken, or
     *                {@code null}
     * @param line    its line
     */
    public record Link(int index, String lock, String takenAt, long line) {
    }
}
