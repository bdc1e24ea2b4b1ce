package org.koops.model;

/** The family of kernel message a report belongs to. */
public enum Kind {
    NULL_POINTER_DEREFERENCE("kernel NULL pointer dereference"),
    PAGING_REQUEST("unable to handle a kernel paging request"),
    GENERAL_PROTECTION_FAULT("general protection fault"),
    OOPS("kernel oops"),
    KERNEL_BUG("kernel BUG (failed BUG_ON/BUG assertion)"),
    INVALID_OPCODE("invalid opcode"),
    DIVIDE_ERROR("divide error"),
    STACK_SEGMENT("stack segment fault"),
    DOUBLE_FAULT("double fault"),
    STACK_GUARD("stack guard page hit (kernel stack overflow)"),
    PANIC("kernel panic"),
    WARNING("kernel warning"),
    REFCOUNT("refcount_t misuse"),
    LIST_CORRUPTION("linked list corruption"),
    KASAN("KASAN memory error"),
    KFENCE("KFENCE memory error"),
    KMSAN("KMSAN uninitialised memory use"),
    KCSAN("KCSAN data race"),
    UBSAN("UBSAN undefined behaviour"),
    MEMORY_LEAK("kmemleak memory leak"),
    LOCKDEP("lockdep locking problem"),
    PREEMPTIBLE_CPU_ACCESS("CPU number or per-CPU data used while preemptible"),
    HUNG_TASK("hung task"),
    RCU_STALL("RCU stall"),
    SOFT_LOCKUP("soft lockup"),
    HARD_LOCKUP("hard lockup"),
    ATOMIC_SLEEP("sleeping function called from invalid context"),
    SCHEDULING_WHILE_ATOMIC("scheduling while atomic"),
    BAD_PAGE_STATE("bad page state"),
    BAD_USERCOPY("bad usercopy"),
    OUT_OF_MEMORY("out-of-memory kill"),
    ALLOCATION_FAILURE("page allocation failure"),
    SLAB_CORRUPTION("slab object corruption (SLUB debugging)"),
    SPL_PANIC("ZFS/SPL assertion failure"),
    MACHINE_CHECK("machine check (hardware error)"),
    UNALIGNED_ACCESS("unaligned memory access"),
    BAD_MODE("unexpected exception (bad mode)"),
    BREAKPOINT("unexpected breakpoint trap (int3)"),
    OTHER("other kernel error");

    private final String description;

    Kind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
