package org.koops.format;

import java.util.List;

/**
 * The crash type of a title, by the first row with a prefix of the title. The names are syzkaller's,
 * so types agree with its dashboard; the catch-all rows for bare {@code WARNING:}, {@code BUG:} ...
 * come last.
 */
public final class CrashTypes {
    /** A type and the title prefixes that have it. */
    private record Row(String type, List<String> prefixes) {
    }

    private static final String UNKNOWN = "UNKNOWN";

    private static final List<Row> ROWS = List.of(
            row("KFENCE-USE-AFTER-FREE-WRITE", "KFENCE: use-after-free write"),
            // Whether a use-after-free read or wrote is not always printed; it at least read.
            row("KFENCE-USE-AFTER-FREE-READ", "KFENCE: use-after-free read", "KFENCE: use-after-free"),
            row("KFENCE-WRITE", "KFENCE: invalid write", "KFENCE: out-of-bounds write"),
            row("KFENCE-READ", "KFENCE: invalid read", "KFENCE: out-of-bounds read", "KFENCE: out-of-bounds"),
            row("KFENCE-MEMORY-CORRUPTION", "KFENCE: memory corruption"),
            row("KFENCE-INVALID-FREE", "KFENCE: invalid free"),
            row("KMSAN-UNINIT-VALUE", "KMSAN: uninit-value"),
            row("KMSAN-USE-AFTER-FREE-READ", "KMSAN: kernel-infoleak-after-free", "KMSAN: kernel-usb-infoleak-after-free",
                    "KMSAN: use-after-free"),
            row("KMSAN-INFO-LEAK", "KMSAN: kernel-infoleak", "KMSAN: kernel-usb-infoleak"),
            row("KASAN-NULL-POINTER-DEREFERENCE-WRITE", "KASAN: null-ptr-deref Write"),
            row("KASAN-NULL-POINTER-DEREFERENCE-READ", "KASAN: null-ptr-deref Read"),
            row("NULL-POINTER-DEREFERENCE", "BUG: unable to handle kernel NULL pointer dereference in"),
            row("KASAN-WRITE", "KASAN: global-out-of-bounds Write", "KASAN: out-of-bounds Write",
                    "KASAN: slab-out-of-bounds Write", "KASAN: stack-out-of-bounds Write", "KASAN: user-memory-access Write",
                    "KASAN: vmalloc-out-of-bounds Write", "KASAN: wild-memory-access Write"),
            row("KASAN-READ", "KASAN: global-out-of-bounds Read", "KASAN: invalid-access Read", "KASAN: out-of-bounds Read",
                    "KASAN: slab-out-of-bounds Read", "KASAN: slab-out-of-bounds", "KASAN: stack-out-of-bounds Read",
                    "KASAN: stack-out-of-bounds", "KASAN: unknown-crash Read", "KASAN: user-memory-access Read",
                    "KASAN: vmalloc-out-of-bounds Read", "KASAN: wild-memory-access Read", "KASAN: wild-memory-access"),
            row("KASAN-INVALID-FREE", "KASAN: double-free or invalid-free", "KASAN: invalid-free"),
            row("KASAN-USE-AFTER-FREE-WRITE", "KASAN: slab-use-after-free Write", "KASAN: use-after-free Write"),
            row("KASAN-USE-AFTER-FREE-READ", "KASAN: slab-use-after-free Read", "KASAN: use-after-free Read",
                    "KASAN: use-after-free"),
            row("MEMORY_SAFETY_BUG", "BUG: corrupted list", "BUG: unable to handle kernel paging request"),
            row("REFCOUNT_WARNING", "WARNING: refcount bug"),
            row("MEMORY_SAFETY_UBSAN", "UBSAN: array-index-out-of-bounds"),
            row("KCSAN-DATARACE", "KCSAN: data-race"),
            row("KCSAN-ASSERT", "KCSAN: assert: race in"),
            row("LOCKDEP", "BUG: bad unlock balance in", "BUG: held lock freed in", "BUG: rwlock", "BUG: spinlock",
                    "BUG: still has locks held in", "BUG: using", "WARNING: bad unlock balance in",
                    "WARNING: held lock freed in", "WARNING: lock held", "WARNING: locking bug in",
                    "WARNING: nested lock was not taken in", "WARNING: still has locks held in",
                    "WARNING: suspicious RCU usage in", "inconsistent lock state in", "possible deadlock in"),
            row("ATOMIC_SLEEP", "BUG: scheduling while atomic in", "BUG: sleeping function called from invalid context in"),
            row("LEAK", "memory leak in"),
            row("BUG", "BUG: bad usercopy in", "kernel BUG"),
            row("WARNING", "WARNING in"),
            // Printed by printk() about the stack itself, not about a bug in the code running.
            row(UNKNOWN, "BUG: stack guard page was hit in", "WARNING: corrupted",
                    "WARNING: kernel stack frame pointer has bad value", "WARNING: kernel stack regs has bad"),
            row("HANG", "BUG: soft lockup in", "INFO: rcu detected stall in", "INFO: task can't die in", "INFO: task hung in",
                    // A title of koops's own: syzkaller does not report hard lockups.
                    "watchdog: hard LOCKUP in"),
            row("DoS", "Alignment trap in", "BUG: Object already free", "Internal error in", "PANIC: double fault",
                    "Unhandled fault in", "VFS: Busy inodes after unmount (use-after-free)",
                    "VFS: Close: file count is zero (use-after-free)", "divide error in", "general protection fault in",
                    "go runtime error", "invalid opcode in", "kernel panic:", "kernel stack overflow", "panic:",
                    "rust_kernel panicked", "stack segment fault in", "trusty:",
                    "unregister_netdevice: waiting for DEV to become free"),
            row("REBOOT", "unexpected kernel reboot"),
            row("SYZ_FAILURE", "SYZFAIL", "SYZFATAL:"),
            row("WARNING", "WARNING:"),
            row(UNKNOWN, "BUG:", "INFO:"),
            row("KASAN-UNKNOWN", "KASAN:"),
            row("KFENCE-UNKNOWN", "KFENCE:"),
            row("KMSAN-UNKNOWN", "KMSAN:"),
            row("UBSAN", "UBSAN:"),
            row("KCSAN-UNKNOWN", "KCSAN:"));

    private CrashTypes() {
    }

    private static Row row(String type, String... prefixes) {
        return new Row(type, List.of(prefixes));
    }

    /** The type of a title, or {@code UNKNOWN}. */
    public static String of(String title) {
        for (Row r : ROWS) {
            for (String prefix : r.prefixes()) {
                if (title.startsWith(prefix)) {
                    return r.type();
                }
            }
        }
        return UNKNOWN;
    }
}
