package org.koops.format;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The crash type of a title: the first row whose pattern matches the title's start wins. The names
 * are syzkaller's, so types agree with its dashboard.
 */
public final class CrashTypes {
    private record Row(Pattern titleStart, String type) {
    }

    private static final List<Row> ROWS = List.of(
            row("BUG: unable to handle kernel NULL pointer dereference", "NULL-POINTER-DEREFERENCE"),
            row("BUG: unable to handle kernel paging request", "MEMORY_SAFETY_BUG"),
            row("BUG: corrupted list", "MEMORY_SAFETY_BUG"),
            row("KASAN: (?:slab-)?use-after-free Read", "KASAN-USE-AFTER-FREE-READ"),
            row("KASAN: (?:slab-)?use-after-free Write", "KASAN-USE-AFTER-FREE-WRITE"),
            row("KASAN: null-ptr-deref Read", "KASAN-NULL-POINTER-DEREFERENCE-READ"),
            row("KASAN: null-ptr-deref Write", "KASAN-NULL-POINTER-DEREFERENCE-WRITE"),
            row("KASAN: (?:double-free or )?invalid-free", "KASAN-INVALID-FREE"),
            row("KASAN: .* Write", "KASAN-WRITE"),
            row("KASAN: ", "KASAN-READ"),
            row("KFENCE: use-after-free read", "KFENCE-USE-AFTER-FREE-READ"),
            row("KFENCE: use-after-free write", "KFENCE-USE-AFTER-FREE-WRITE"),
            row("KFENCE: memory corruption", "KFENCE-MEMORY-CORRUPTION"),
            row("KFENCE: .* write", "KFENCE-WRITE"),
            row("KFENCE: ", "KFENCE-READ"),
            row("KMSAN: uninit-value", "KMSAN-UNINIT-VALUE"),
            row("KMSAN: kernel-(?:usb-)?infoleak", "KMSAN-INFO-LEAK"),
            row("KCSAN: data-race", "KCSAN-DATARACE"),
            row("KCSAN: assert", "KCSAN-ASSERT"),
            row("UBSAN: array-index-out-of-bounds", "MEMORY_SAFETY_UBSAN"),
            row("UBSAN: ", "UBSAN"),
            row("memory leak", "LEAK"),
            row("WARNING: refcount bug", "REFCOUNT_WARNING"),
            row("(?:possible deadlock|inconsistent lock state|WARNING: (?:suspicious RCU usage in|bad unlock balance|held lock freed|locking bug|nested lock|still has locks held)|BUG: (?:bad unlock balance|held lock freed|spinlock|rwlock|using \\S+ in preemptible))", "LOCKDEP"),
            row("WARNING", "WARNING"),
            row("(?:INFO: task hung|INFO: task can't die|INFO: rcu detected stall|BUG: soft lockup|watchdog: hard LOCKUP)", "HANG"),
            row("BUG: (?:sleeping function called from invalid context|scheduling while atomic)", "ATOMIC_SLEEP"),
            row("(?:kernel BUG|BUG: bad usercopy)", "BUG"),
            row("(?:general protection fault|divide error|stack segment fault|PANIC: double fault|kernel panic|Internal error|Unhandled fault|Alignment trap|invalid opcode)", "DoS"));

    private CrashTypes() {
    }

    private static Row row(String start, String type) {
        return new Row(Pattern.compile(start), type);
    }

    /** The type of a title, or {@code UNKNOWN}. */
    public static String of(String title) {
        for (Row r : ROWS) {
            if (r.titleStart().matcher(title).lookingAt()) {
                return r.type();
            }
        }
        return "UNKNOWN";
    }
}
