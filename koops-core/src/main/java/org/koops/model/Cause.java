package org.koops.model;

/** The likely class of the bug behind a report. */
public enum Cause {
    NULL_POINTER_DEREFERENCE("NULL pointer dereference"),
    WILD_POINTER("wild or corrupted pointer"),
    NON_CANONICAL_POINTER("corrupted pointer (non-canonical address)"),
    USER_ADDRESS_FROM_KERNEL("user-space address touched from the kernel"),
    USE_AFTER_FREE("use-after-free"),
    OUT_OF_BOUNDS("out-of-bounds access"),
    INVALID_FREE("invalid or double free"),
    UNINITIALIZED_MEMORY("use of uninitialised memory"),
    DATA_RACE("data race"),
    LIST_CORRUPTION("list corruption"),
    REFCOUNT_BUG("reference count bug"),
    STACK_OVERFLOW("kernel stack overflow"),
    STACK_CORRUPTION("kernel stack corruption"),
    DELIBERATE_PANIC("deliberately triggered crash"),
    ASSERTION_FAILED("failed assertion (BUG_ON / BUG)"),
    WARNING("kernel warning (WARN_ON)"),
    LOCKING_BUG("locking bug"),
    DEADLOCK_OR_LOCKUP("deadlock or lockup"),
    SLEEP_IN_ATOMIC("sleeping in atomic context"),
    PREEMPTION_UNSAFE("per-CPU access where the task can move to another CPU"),
    OUT_OF_MEMORY("out of memory"),
    MEMORY_LEAK("memory leak"),
    UNDEFINED_BEHAVIOUR("undefined behaviour"),
    ARITHMETIC_ERROR("arithmetic error (division by zero)"),
    BAD_PAGE("corrupted page state"),
    ROOT_FS_MOUNT_FAILURE("root file system could not be mounted"),
    HARDWARE_ERROR("hardware error reported by the machine"),
    UNKNOWN("unknown");

    private final String description;

    Cause(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
