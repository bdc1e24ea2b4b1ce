package org.koops.format;

import static org.koops.format.ReportFormat.Flag.BODY_REQUIRED;
import static org.koops.format.ReportFormat.Flag.CORRUPTED;
import static org.koops.format.ReportFormat.Flag.FOLLOW_UP;
import static org.koops.format.ReportFormat.Flag.MESSAGE_FOLLOWS;
import static org.koops.format.ReportFormat.Flag.NO_STACK_TRACE;
import static org.koops.format.ReportFormat.Flag.ONCE;
import static org.koops.format.StackRecipe.CALL_TRACE;
import static org.koops.format.StackRecipe.IP;
import static org.koops.format.StackRecipe.TRACE;
import static org.koops.format.StackRecipe.parts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.koops.format.ReportFormat.Group;
import org.koops.model.Kind;

/**
 * The table of kernel report formats, in the groups syzkaller's dashboard uses, so that titles agree
 * with it. A line is a report header when it contains a group's literal and none of its ignored
 * patterns; groups are tried in order. Within a group, the row whose title pattern is found earliest
 * in the report titles it (the first row on a tie). Each row names a file of syzkaller's corpus
 * ({@code report/N}) that shows it. A new format is one row here plus one test log.
 */
public final class ReportFormats {
    /** kmemleak's heading of the leaked object's allocation stack. */
    private static final String LEAK_BACKTRACE = "backtrace(?: \\(crc \\p{XDigit}*+\\))?:";
    /** A leak is named by who allocated, not by the allocator and its wrappers. */
    private static final String[] LEAK_ALLOCATORS = {"kmemleak", "mmap", "kmem", "slab", "alloc", "create_object",
        "idr_get", "list_lru_init", "kasprintf", "kvasprintf", "pcpu_create", "strdup", "strndup", "memdup"};
    /** The line naming the process an out-of-memory kill chose. */
    private static final String OOM_KILL = "[Oo]ut of memory: Kill(?:ed)? process \\d++ \\(([^)]{1,64}+)\\)";
    /** Lower-case words, as old KASan named the kind of bad access ("out of bounds access"). */
    private static final String WORDS = "[a-z]++(?: [a-z]++)*?";
    /** The exception program counter of MIPS and RISC-V, with its function. */
    private static final String EPC = "epc *+: (?:[0-9a-f]++ ++)?{{FN}}";
    /** Where a warning's own frame is printed: x86's instruction pointer line, powerpc's interrupt line. */
    private static final GuardedPattern WARNING_IP = GuardedPattern.containing(PatternLibrary.compile(
            "(?:" + StackRecipe.IP.pattern().pattern() + "|--- interrupt: \\d++ at {{FN}})", Pattern.DOTALL),
            Stream.concat(Arrays.stream(TitleFrames.IP_LITERALS), Stream.of("--- interrupt: ")).toArray(String[]::new));

    /** A message printed inside a report under way, so it never starts one while one is open; and why. */
    private record FollowUp(String text, String reason) {
    }

    private static final List<FollowUp> FOLLOW_UPS = List.of(
            new FollowUp("invalid opcode: 0000", "the x86 trap BUG() raises, after its kernel BUG line"),
            new FollowUp("Kernel panic - not syncing", "the panic a report ends in"),
            new FollowUp("unregister_netdevice: waiting for", "repeats while the device stays busy"),
            new FollowUp("PANIC: double fault", "can happen while a badly corrupted fault is handled"),
            new FollowUp("Internal error:", "arm's oops line after its BUG or fault line"),
            new FollowUp("): kasan: bad access detected", "old KASan reports print the object as SLUB does"));

    /** The line that ends an oops or a panic: {@code ---[ end trace ... ]---}, {@code ---[ end Kernel panic ...}. */
    private static final String END_MARKER = "---[ end ";

    private static final Table TABLE = new Table()
            .group("BUG:", Kind.OTHER, true,
                    "ODEBUG:", "Boot_DEBUG:", "xlog_status:", "DEBUG:", "BUG: no syscalls can create resource")
            // report/16
            .row("kasan", Kind.KASAN, "BUG: KASAN:", "KASAN: $1 $3 in {frame}")
                    .report("BUG: KASAN: ([a-z\\-]++) in {{FN}}{{LATER}}(Read|Write) (?:of size|at addr) [0-9a-f]")
                    .alt("bad-access in {frame}")
                    .stack(parts("BUG: KASAN: [a-z\\-]++ in {{FN}}", CALL_TRACE, TRACE)
                            .skip("kernel_fault", "tag_check", "mem_abort", "^el1_", "^el1h_"))
            // report/5
            .row("kasan-invalid-free", Kind.KASAN, "BUG: KASAN:", "KASAN: invalid-free in {frame}")
                    .report("BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FN}}")
                    .alt("invalid-free in {frame}")
                    .stack(parts("BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FN}}",
                            CALL_TRACE, TRACE).skip("slab_", "kfree", "vunmap", "vfree"))
            // report/18
            .row("kasan-old", Kind.KASAN, "BUG: KASAN: ([a-z\\-]++) on address{{LATER}}(Read|Write) of size (\\d++)",
                    "KASAN: $1 $2")
            // fixtures/x86-kasan-old.log: the wording of Linux 4.0 to 4.3.
            .row("kasan-4.0", Kind.KASAN, "BUG: KASan: " + WORDS + " in {{FN}}", "KASAN: $1 $3 in {frame}")
                    .report("BUG: KASan: (" + WORDS + ") in {{FN}}{{LATER}}(Read|Write) of size")
                    .stack(parts("BUG: KASan: " + WORDS + " in {{FN}}", CALL_TRACE, TRACE).skip("print_trailer", "object_err"))
            // ReportFormatsTest: an access outside any object, in Linux 4.0 to 4.3.
            .row("kasan-4.0-address", Kind.KASAN, "BUG: KASan: (" + WORDS + ") on address{{LATER}}(Read|Write) of size (\\d++)",
                    "KASAN: $1 $2")
            // report/104
            .row("kasan-damaged", Kind.KASAN, "BUG: KASAN: (.*+)", "KASAN: $1").flags(CORRUPTED)
            // report/637
            .row("kmsan-usb-infoleak", Kind.KMSAN, "BUG: KMSAN: kernel-usb-infoleak", "KMSAN: kernel-usb-infoleak in {frame}")
                    .report("BUG: KMSAN: kernel-usb-infoleak in {{FN}}")
                    .alt("KMSAN origin in {frame2}")
                    .stack(parts(TRACE, "(Local variable .* created at:|Uninit was created at:)", TRACE)
                            .skip("alloc_skb", "usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg", "usb_interrupt_msg",
                                    "usb_control_msg"))
                    .flags(NO_STACK_TRACE)
            // report/626
            .row("kmsan", Kind.KMSAN, "BUG: KMSAN:", "KMSAN: $1 in {frame}")
                    .report("BUG: KMSAN: ([a-z\\-]++) in {{FN}}")
                    .alt("bad-access in {frame}")
                    .stack(parts(TRACE, "(Local variable .* created at:|Uninit was created at:)", TRACE)
                            // Encryption routines are where the bug shows, not where it is.
                            .skip("alloc_skb", "netlink_ack", "netlink_rcv_skb", "_encrypt$", "^(?:crypto|cipher|drbg|rng)_"))
                    .flags(NO_STACK_TRACE)
            // report/428
            .row("kcsan-data-race", Kind.KCSAN, "BUG: KCSAN: data-race", "KCSAN: $1").report("BUG: KCSAN: (.*+)")
                    .flags(NO_STACK_TRACE)
            // report/750
            .row("kcsan", Kind.KCSAN, "BUG: KCSAN:", "KCSAN: $1").report("BUG: KCSAN: (.*+)").flags(NO_STACK_TRACE)
            // report/591
            .row("kfence", Kind.KFENCE, "BUG: KFENCE: (use-after-free|out-of-bounds) (read|write) in {{FN}}",
                    "KFENCE: $1 $2 in {frame}")
                    .alt("bad-access in {frame}")
                    .stack(parts("BUG: KFENCE: [a-z\\- ]+ in {{FN}}", TRACE))
            // no corpus file; ReportFormatsTest
            .row("kfence-invalid-free", Kind.KFENCE, "BUG: KFENCE: invalid free in {{FN}}", "KFENCE: invalid free in {frame}")
                    .alt("invalid-free in {frame}")
                    .stack(parts("BUG: KFENCE: [a-z\\- ]+ in {{FN}}", TRACE))
                    .flags(NO_STACK_TRACE)
            // report/598
            .row("kfence-invalid", Kind.KFENCE, "BUG: KFENCE: invalid (read|write) in {{FN}}", "KFENCE: invalid $1 in {frame}")
                    .alt("bad-access in {frame}")
                    .stack(parts("BUG: KFENCE: [a-z\\- ]+ in {{FN}}", TRACE))
            // report/596
            .row("kfence-corruption", Kind.KFENCE, "BUG: KFENCE: memory corruption in {{FN}}",
                    "KFENCE: memory corruption in {frame}")
                    .stack(parts("BUG: KFENCE: [a-z\\- ]+ in {{FN}}", TRACE))
                    .flags(NO_STACK_TRACE)
            // report/9
            .row("paging-request", Kind.PAGING_REQUEST,
                    "BUG: (?:unable to handle kernel paging request|unable to handle page fault for address"
                            + "|Unable to handle kernel data access)",
                    "BUG: unable to handle kernel paging request in {frame}")
                    .alt("bad-access in {frame}")
                    .stack(parts(IP, CALL_TRACE, TRACE))
            // report/20
            .row("null-deref", Kind.NULL_POINTER_DEREFERENCE,
                    "BUG: (?:unable to handle kernel NULL pointer dereference|kernel NULL pointer dereference"
                            + "|Kernel NULL pointer dereference)",
                    "BUG: unable to handle kernel NULL pointer dereference in {frame}")
                    .alt("bad-access in {frame}")
                    .stack(parts(IP, CALL_TRACE, TRACE))
            // report/99: the second half of the message is printed apart, and sometimes lost.
            .row("unable-to-handle", Kind.PAGING_REQUEST, "BUG: (?:unable to handle kernel|Unable to handle kernel)",
                    "BUG: unable to handle kernel").flags(CORRUPTED)
            // report/66
            .row("spinlock", Kind.LOCKDEP, "BUG: (spinlock|rwlock) (lockup suspected|already unlocked|recursion"
                    + "|cpu recursion|bad magic|wrong owner|wrong CPU|trylock failure on UP)", "BUG: $1 $2 in {frame}")
                    .stack(parts(CALL_TRACE, TRACE).skip("spin_", "_lock", "_unlock"))
            // report/7
            .row("soft-lockup", Kind.SOFT_LOCKUP, "BUG: soft lockup", "BUG: soft lockup in {frame}")
                    .alt("stall in {frame}")
                    .stack(parts(IP, CALL_TRACE, TRACE).choose(StackRecipe.Chooser.STALL))
            // no corpus file; ReportFormatsTest
            .row("still-locks-held", Kind.LOCKDEP, "BUG: .*still has locks held!", "BUG: still has locks held in $1")
                    .report("BUG: .*still has locks held!{{LATER}}{{PC}} ++{{FN}}")
            // report/75
            .row("scheduling-while-atomic", Kind.SCHEDULING_WHILE_ATOMIC, "BUG: scheduling while atomic",
                    "BUG: scheduling while atomic in {frame}")
                    .stack(parts(CALL_TRACE, TRACE).skip("schedule"))
            // report/258
            .row("lock-held-returning", Kind.LOCKDEP, "BUG: lock held when returning to user space",
                    "BUG: lock held when returning to user space in $1")
                    .report("BUG: lock held when returning to user space{{LATER}}leaving the kernel with locks still held"
                            + "{{LATER}}at: (?:{{PC}} ++)?{{FN}}")
                    .flags(NO_STACK_TRACE)
            // report/116
            .row("bad-unlock", Kind.LOCKDEP, "BUG: bad unlock balance detected!", "BUG: bad unlock balance in {frame}")
                    .stack(parts("{{PC}} ++{{FN}}", CALL_TRACE, TRACE))
            // report/38
            .row("held-lock-freed", Kind.LOCKDEP, "BUG: held lock freed!", "BUG: held lock freed in $1")
                    .report("BUG: held lock freed!{{LATER}}{{PC}} ++{{FN}}")
            // no corpus file; ReportFormatsTest
            .row("bad-rss", Kind.BAD_PAGE_STATE, "BUG: Bad rss-counter state", "BUG: Bad rss-counter state")
                    .flags(NO_STACK_TRACE)
            // no corpus file; ReportFormatsTest
            .row("nr-ptes", Kind.BAD_PAGE_STATE, "BUG: non-zero nr_ptes on freeing mm", "BUG: non-zero nr_ptes on freeing mm")
                    .flags(NO_STACK_TRACE)
            // no corpus file; ReportFormatsTest
            .row("nr-pmds", Kind.BAD_PAGE_STATE, "BUG: non-zero nr_pmds on freeing mm", "BUG: non-zero nr_pmds on freeing mm")
                    .flags(NO_STACK_TRACE)
            // report/624: the file system type and the (numbered) block device would split one bug into many.
            .row("dentry-in-use", Kind.OTHER, "BUG: Dentry .* still in use", "BUG: Dentry still in use in $1")
                    .report("BUG: Dentry .* still in use \\(\\d++\\) \\[(unmount) of ([^\\]]++)\\]")
                    .alt("BUG: Dentry still in use [$1 of $2]")
            // report/89: the page's allocation stack names the bug; where it was freed is incidental.
            .row("bad-page", Kind.BAD_PAGE_STATE, "BUG: Bad page (state|cache)", "BUG: Bad page $1 in {frame}")
                    .stack(parts("page last allocated", TRACE).skip("(?:free|put|get|update|release)_page", "free_unref",
                            "^_*folio", "truncate_inode_pages", "page_frag_free", "alloc", "vmap", "page_owner"))
            // report/85
            .row("bad-page-map", Kind.BAD_PAGE_STATE, "BUG: Bad page map", "BUG: Bad page map")
            // report/94
            .row("workqueue-lockup", Kind.HUNG_TASK, "BUG: workqueue lockup", "BUG: workqueue lockup")
                    .flags(NO_STACK_TRACE)
            // report/56
            .row("atomic-sleep", Kind.ATOMIC_SLEEP, "BUG: sleeping function called from invalid context at (.*+)",
                    "BUG: sleeping function called from invalid context in {frame}")
                    .stack(parts(CALL_TRACE, TRACE))
            // report/81
            .row("preemptible", Kind.PREEMPTIBLE_CPU_ACCESS, "BUG: using ([a-z_]++)\\(\\) in preemptible",
                    "BUG: using $1() in preemptible code in {frame}")
                    .stack(parts(CALL_TRACE, TRACE).skip("dump_stack", "preemption", "preempt", "debug_", "processor_id",
                            "this_cpu"))
            // report/211
            .row("workqueue-leak", Kind.OTHER, "BUG: workqueue leaked lock or atomic",
                    "BUG: workqueue leaked lock or atomic in $1")
                    .report("BUG: workqueue leaked lock or atomic{{LATER}}last function: ([a-zA-Z0-9_]++)$")
                    .flags(NO_STACK_TRACE)
            // report/52: the allocation's stack; the allocator's own frames are never the leak.
            .row("memory-leak", Kind.MEMORY_LEAK, "BUG: memory leak", "memory leak in {frame}")
                    .stack(parts(LEAK_BACKTRACE, TRACE).skip(LEAK_ALLOCATORS))
            // report/344
            .row("stack-guard", Kind.STACK_GUARD, "BUG: .*stack guard page was hit at",
                    "BUG: stack guard page was hit in {frame}")
                    .alt("stack-overflow in {frame}")
                    .stack(parts(IP, CALL_TRACE, TRACE).choose(StackRecipe.Chooser.STALL))
            // report/528: arm and arm64 print what x86 prints as a lockdep WARNING; one title for both.
            .row("invalid-wait-context", Kind.LOCKDEP, "BUG: Invalid wait context", "WARNING: locking bug in {frame}")
                    .stack(parts(CALL_TRACE, TRACE).skip("lock_sock", "release_sock"))
            // no corpus file; ReportFormatsTest
            .row("bug-empty", Kind.OTHER, "BUG:\\s*+$", "BUG: corrupted").flags(CORRUPTED)

            .group("WARNING:", Kind.WARNING, true,
                    "WARNING: /etc/ssh/moduli does not exist, using fixed modulus",
                    "WARNING: workqueue cpumask: online intersect > possible intersect",
                    "WARNING: [Tt]he mand mount option",
                    "WARNING: Unsupported flag value\\(s\\) of 0x%x in DT_FLAGS_1",
                    "WARNING: Unprivileged eBPF is enabled with eIBRS",
                    "WARNING: fbcon: Driver '.*' missed to adjust virtual screen size \\(\\d++x\\d++ vs\\. \\d++x\\d++\\)",
                    "WARNING: See https.* for mitigation options.",
                    "WARNING: kernel not compiled with CPU_SRSO",
                    "EXT4-[Ff][Ss](?: \\(.*\\))?:",
                    "(?i)warning: .* uses (?:deprecated v2 capabilities|wireless extensions)",
                    "XFS \\(\\w++\\): WARNING")
            // report/173: the object's user, not the debug-objects code that noticed.
            .row("odebug", Kind.WARNING, "WARNING: .*lib/debugobjects\\.c.* (?:debug_print|debug_check|at)",
                    "WARNING: ODEBUG bug in {frame}")
                    .stack(warning("debug_", "rcu", "hrtimer_", "timer_", "work_", "percpu_", "vunmap", "vfree", "__free_",
                            "debug_check", "kobject_"))
            // report/169
            .row("usercopy-warning", Kind.BAD_USERCOPY, "WARNING: .*mm/usercopy\\.c.* (?:usercopy_warn|at)",
                    "WARNING: bad usercopy in {frame}")
                    .stack(warning("usercopy", "__check"))
            // report/182
            .row("kobject", Kind.WARNING, "WARNING: .*lib/kobject\\.c.* (?:kobject_|at)", "WARNING: kobject bug in {frame}")
                    .stack(warning("kobject_"))
            // report/181
            .row("proc-registration", Kind.WARNING, "WARNING: .*fs/proc/generic\\.c.* (?:proc_register|at)",
                    "WARNING: proc registration bug in {frame}")
                    .stack(warning("proc_"))
            // report/157
            .row("refcount", Kind.REFCOUNT, "WARNING: .*lib/refcount\\.c.* (?:refcount_|at)", "WARNING: refcount bug in {frame}")
                    .stack(warning("refcount", "kobject_"))
            // report/161
            .row("lockdep-warning", Kind.LOCKDEP, "WARNING: .*kernel/locking/lockdep\\.c.*lock_",
                    "WARNING: locking bug in {frame}")
                    .stack(warning("lock_sock", "release_sock"))
            // report/532
            .row("still-locks-held-warning", Kind.LOCKDEP, "WARNING: .*still has locks held!",
                    "WARNING: still has locks held in $1")
                    .report("WARNING: .*still has locks held!{{LATER}}at: {{FN}}")
            // report/655
            .row("nested-lock", Kind.LOCKDEP, "WARNING: Nested lock was not taken", "WARNING: nested lock was not taken in {frame}")
                    .stack(warning())
            // no corpus file; ReportFormatsTest
            .row("lock-held-returning-warning", Kind.LOCKDEP, "WARNING: lock held when returning to user space",
                    "WARNING: lock held when returning to user space in $1")
                    .report("WARNING: lock held when returning to user space{{LATER}}leaving the kernel with locks still held"
                            + "{{LATER}}at: (?:{{PC}} ++)?{{FN}}")
                    .flags(NO_STACK_TRACE)
            // report/153
            .row("kmalloc", Kind.WARNING, "WARNING: .*mm/.*\\.c.* k?.?malloc", "WARNING: kmalloc bug in {frame}")
                    .stack(warning("kmalloc", "krealloc", "slab", "kmem"))
            // report/609
            .row("zero-size-vmalloc", Kind.WARNING, "WARNING: .*mm/vmalloc.c.*__vmalloc_node",
                    "WARNING: zero-size vmalloc in {frame}")
                    .stack(warning())
            // report/388: the driver that submitted the URB names the bug.
            .row("usb-submit-urb", Kind.WARNING, "WARNING: .* usb_submit_urb", "WARNING in {frame}/usb_submit_urb")
                    .stack(warning("usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg", "usb_interrupt_msg",
                            "usb_control_msg"))
            // report/755: the wording of Linux 6.19.
            .row("warning-6.19", Kind.WARNING, "WARNING: {{LOC}} at 0x\\d++, CPU#\\d++", "WARNING in {frame}")
                    .stack(warning())
            // report/4
            .row("warning", Kind.WARNING, "WARNING: .* at {{LOC}} {{FN}}", "WARNING in {frame}").stack(warning())
            // report/744
            .row("warning-location-first", Kind.WARNING, "WARNING: {{LOC}} at {{FN}}", "WARNING in {frame}")
                    .stack(warning())
            // report/999
            .row("warning-bracketed", Kind.WARNING, "WARNING: \\[.*\\] {{LOC}} at {{FN}}", "WARNING in {frame}")
                    .stack(warning())
            // report/26: the first lock of the cycle; work-queue flushes take locks of every work item.
            .row("circular-locking", Kind.LOCKDEP, "WARNING: possible circular locking dependency detected",
                    "possible deadlock in {frame}")
                    .report("WARNING: possible circular locking dependency detected{{LATER}}is trying to acquire lock")
                    .stack(parts("at: (?:{{PC}} ++)?{{FN}}", "at: (?:{{PC}} ++)?{{FN}}", TRACE)
                            .skip("process_one_work", "flush_workqueue", "drain_workqueue", "destroy_workqueue"))
            // no corpus file; ReportFormatsTest
            .row("irq-lock-inversion", Kind.LOCKDEP, "WARNING: possible irq lock inversion dependency detected",
                    "possible deadlock in $1")
                    .report("WARNING: possible irq lock inversion dependency detected{{LATER}}just changed the state of lock"
                            + "{{LATER}}at: (?:{{PC}} ++)?{{FN}}")
            // report/559
            .row("irq-safe-unsafe", Kind.LOCKDEP, "WARNING: .*-safe -> .*-unsafe lock order detected",
                    "possible deadlock in {frame}")
                    .stack(parts("which became .* at:", TRACE))
            // report/234
            .row("recursive-locking", Kind.LOCKDEP, "WARNING: possible recursive locking detected", "possible deadlock in $1")
                    .report("WARNING: possible recursive locking detected{{LATER}}is trying to acquire lock"
                            + "{{LATER}}at: (?:{{PC}} ++)?{{FN}}")
            // report/553
            .row("inconsistent-lock-state", Kind.LOCKDEP, "WARNING: inconsistent lock state", "inconsistent lock state in {frame}")
                    .report("WARNING: inconsistent lock state{{LATER}}takes{{LATER}}at: (?:{{PC}} ++)?{{FN}}")
                    .stack(parts(CALL_TRACE, TRACE))
            // report/244
            .row("suspicious-rcu", Kind.LOCKDEP, "WARNING: suspicious RCU usage", "WARNING: suspicious RCU usage in {frame}")
                    .report("WARNING: suspicious RCU usage{{LATER}}{{LOC}}")
                    .stack(parts(CALL_TRACE, TRACE).skip("rcu", "kmem", "slab"))
            // no corpus file; ReportFormatsTest: the unwinder prints it inside the report whose stack it dumps
            .row("bad-stack-regs", Kind.WARNING, "WARNING: kernel stack regs at [0-9a-f]++ in [^ ]*+ has bad '([^']++)' value",
                    "WARNING: kernel stack regs has bad '$1' value")
                    .flags(NO_STACK_TRACE, FOLLOW_UP)
            // no corpus file; ReportFormatsTest: the unwinder prints it inside the report whose stack it dumps
            .row("bad-frame-pointer", Kind.WARNING, "WARNING: kernel stack frame pointer at [0-9a-f]++ in [^ ]*+ has bad value",
                    "WARNING: kernel stack frame pointer has bad value")
                    .flags(NO_STACK_TRACE, FOLLOW_UP)
            // report/530
            .row("bad-unlock-warning", Kind.LOCKDEP, "WARNING: bad unlock balance detected!",
                    "WARNING: bad unlock balance in {frame}")
                    .stack(parts("{{PC}} ++{{FN}}", CALL_TRACE, TRACE))
            // report/150
            .row("held-lock-freed-warning", Kind.LOCKDEP, "WARNING: held lock freed!", "WARNING: held lock freed in $1")
                    .report("WARNING: held lock freed!{{LATER}}at:(?: {{PC}})? ++{{FN}}")
            // report/245: the unwinder prints it inside the report whose stack it dumps
            .row("bad-stack-regs-bp", Kind.WARNING, "WARNING: kernel stack regs .* has bad 'bp' value",
                    "WARNING: kernel stack regs has bad value")
                    .flags(NO_STACK_TRACE, FOLLOW_UP)
            // report/246: the unwinder prints it inside the report whose stack it dumps
            .row("bad-frame-pointer-other", Kind.WARNING, "WARNING: kernel stack frame pointer .* has bad value",
                    "WARNING: kernel stack regs has bad value")
                    .flags(NO_STACK_TRACE, FOLLOW_UP)
            // ReportCountsTest: the wording before Linux 3.12, titled by its line as syzkaller does; the text of the
            // WARN() (a hard LOCKUP's message, say) follows on lines of its own.
            .row("warning-old", Kind.WARNING, "(WARNING: at.*+)", "$1").flags(NO_STACK_TRACE, MESSAGE_FOLLOWS)
            // no corpus file; ReportFormatsTest
            .row("warning-empty", Kind.WARNING, "WARNING:\\s*+$", "WARNING: corrupted").flags(CORRUPTED)

            .group("INFO:", Kind.OTHER, true,
                    "INFO: lockdep is turned off", "INFO: Stall ended before state dump start", "INFO: NMI handler",
                    "INFO: recovery required on readonly filesystem", "(?:handler|interrupt).*took too long",
                    "INFO: sys_.* is not present in /proc/kallsyms", "INFO: no syscalls can create resource",
                    "rmt_storage:INFO:", "_INFO:")
            // Every INFO: report of the kernel is a row here and has a body; a lone INFO: line is a program's own.
            .catchAll(BODY_REQUIRED)
            // no corpus file; ReportFormatsTest: lockdep's wording before Linux 4.15.
            .row("circular-locking-old", Kind.LOCKDEP, "INFO: possible circular locking dependency detected",
                    "possible deadlock in $1")
                    .report("INFO: possible circular locking dependency detected \\]{{LATER}}is trying to acquire lock"
                            + "{{LATER}}at: {{PC}} ++{{FN}}")
            // report/29
            .row("irq-lock-inversion-old", Kind.LOCKDEP, "INFO: possible irq lock inversion dependency detected",
                    "possible deadlock in $1")
                    .report("INFO: possible irq lock inversion dependency detected \\]{{LATER}}just changed the state of lock"
                            + "{{LATER}}at: {{PC}} ++{{FN}}")
            // report/30
            .row("softirq-safe-unsafe-old", Kind.LOCKDEP, "INFO: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected",
                    "possible deadlock in $1")
                    .report("INFO: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected \\]{{LATER}}is trying to acquire"
                            + "{{LATER}}at: {{PC}} ++{{FN}}")
            // report/31
            .row("recursive-locking-old", Kind.LOCKDEP, "INFO: possible recursive locking detected", "possible deadlock in $1")
                    .report("INFO: possible recursive locking detected \\]{{LATER}}is trying to acquire lock"
                            + "{{LATER}}at: {{PC}} ++{{FN}}")
            // no corpus file; ReportFormatsTest
            .row("inconsistent-lock-state-old", Kind.LOCKDEP, "INFO: inconsistent lock state", "inconsistent lock state in $1")
                    .report("INFO: inconsistent lock state \\]{{LATER}}takes{{LATER}}at: {{PC}} ++{{FN}}")
            // report/57: the timer interrupt's stack, from where the interrupted code was entered.
            .row("rcu-stall", Kind.RCU_STALL, "INFO: rcu_(?:preempt|sched|bh|tasks(?:_rude|_trace)?) (?:self-)?detected(?: expedited)? stall",
                    "INFO: rcu detected stall in {frame}")
                    .alt("stall in {frame}")
                    .stack(parts("apic_timer_interrupt", IP, TRACE)
                            .orElse("(?:apic_timer_interrupt|Exception stack|el1h_64_irq)", TRACE)
                            .skip("apic_timer_interrupt", "rcu").choose(StackRecipe.Chooser.STALL))
            // report/118
            .row("non-static-key", Kind.LOCKDEP, "INFO: trying to register non-static key",
                    "INFO: trying to register non-static key in {frame}")
                    .stack(parts(CALL_TRACE, TRACE).skip("stack", "lock", "IRQ"))
            // report/35
            .row("suspicious-rcu-old", Kind.LOCKDEP, "INFO: suspicious RCU usage", "INFO: suspicious RCU usage in {frame}")
                    .report("INFO: suspicious RCU usage{{LATER}}{{LOC}}")
                    .stack(parts(CALL_TRACE, TRACE).skip("rcu", "kmem", "slab"))
            // report/69
            .row("hung-task", Kind.HUNG_TASK, "INFO: task .* blocked (?:in I/O wait )?for more than \\d++ seconds",
                    "INFO: task hung in {frame}")
                    .alt("hang in {frame}")
                    .stack(parts(CALL_TRACE, TRACE).choose(StackRecipe.Chooser.HUNG_TASK))
            // fixtures/x86-hung-task-io-wait.log: since Linux 6.16, the lock the hung task waits for and its owner.
            .row("hung-task-blocker", Kind.HUNG_TASK, "INFO: task .* blocked on an? [a-z\\-]++(?:,| likely)",
                    "INFO: task hung in {frame}")
                    .alt("hang in {frame}")
                    .stack(parts(CALL_TRACE, TRACE).choose(StackRecipe.Chooser.HUNG_TASK))
                    .flags(FOLLOW_UP)
            // report/508
            .row("task-cant-die", Kind.HUNG_TASK, "INFO: task .* can't die for more than .* seconds",
                    "INFO: task can't die in {frame}")
                    .alt("hang in {frame}")
                    .stack(parts(CALL_TRACE, TRACE).skip("schedule"))
            // report/123: the tail of an old KASAN report whose head was lost; also SLUB's object tracks, part of its report.
            .row("kasan-tail", Kind.KASAN, "INFO: (Freed|Allocated) in (.*+)", "INFO: $1 in $2").flags(CORRUPTED, FOLLOW_UP)
            // ReportFormatsTest: the rest of SLUB's report on older kernels (which bytes changed, the slab, the object).
            .row("slub-trailer", Kind.SLAB_CORRUPTION,
                    "(INFO: (?:0x[0-9a-f]++-0x[0-9a-f]++|Slab 0x[0-9a-f]++ objects=|Object 0x[0-9a-f]++ @offset=).*+)", "$1")
                    .flags(CORRUPTED, FOLLOW_UP, NO_STACK_TRACE)
            // report/129
            .row("info-empty", Kind.OTHER, "INFO:\\s*+$", "INFO: corrupted").flags(CORRUPTED)

            .group("Unable to handle kernel", Kind.PAGING_REQUEST, true)
            // report/567
            .row("arm-null-deref", Kind.NULL_POINTER_DEREFERENCE, "Unable to handle kernel (NULL pointer dereference)",
                    "BUG: unable to handle kernel $1 in {frame}")
                    .alt("bad-access in {frame}")
                    .stack(parts(IP, CALL_TRACE, TRACE))
            // report/238
            .row("arm-paging-request", Kind.PAGING_REQUEST, "Unable to handle kernel (paging request|access to user memory)",
                    "BUG: unable to handle kernel $1 in {frame}")
                    .alt("bad-access in {frame}")
                    .stack(parts(IP, CALL_TRACE, TRACE))

            .group("general protection fault", Kind.GENERAL_PROTECTION_FAULT, true,
                    // A user-space fault the kernel only logged.
                    "general protection fault .* error:\\d++ in ")
            // report/12
            .row("gpf", Kind.GENERAL_PROTECTION_FAULT, "general protection fault.*:", "general protection fault in {frame}")
                    .alt("bad-access in {frame}")
                    .stack(parts(IP, CALL_TRACE, TRACE))

            .group("stack segment: ", Kind.STACK_SEGMENT, true)
            // report/461
            .row("stack-segment", Kind.STACK_SEGMENT, "stack segment: ", "stack segment fault in {frame}")
                    .stack(parts(IP, CALL_TRACE, TRACE))

            .group("Kernel panic", Kind.PANIC, true)
            // report/320: the function may be printed, or only its address.
            .row("stack-protector", Kind.PANIC, "Kernel panic - not syncing: stack-protector:",
                    "kernel panic: stack is corrupted in $1")
                    .report("Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: {{FN}}")
                    .flags(NO_STACK_TRACE)
            // report/322
            .row("stack-protector-address", Kind.PANIC, "Kernel panic - not syncing: stack-protector:",
                    "kernel panic: stack is corrupted in {frame}")
                    .report("Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: [a-f0-9]")
                    .stack(parts(CALL_TRACE, TRACE).skip("stack_chk"))
            // report/316
            .row("corrupted-stack-end", Kind.PANIC, "Kernel panic - not syncing: corrupted stack end",
                    "kernel panic: corrupted stack end in {frame}")
                    .report("Kernel panic - not syncing: corrupted stack end detected inside scheduler")
                    .alt("stack-overflow in {frame}")
                    .stack(parts(CALL_TRACE, TRACE).skip("schedule", "retint_kernel").choose(StackRecipe.Chooser.STALL))
            // no corpus file; ReportFormatsTest
            .row("stack-overflow", Kind.STACK_GUARD, "Kernel panic - not syncing: kernel stack overflow",
                    "kernel stack overflow in {frame}")
                    .alt("stack-overflow in {frame}")
                    .stack(parts(CALL_TRACE, TRACE).skip("bad_stack").choose(StackRecipe.Chooser.STALL))
            // report/90: the terminal's name varies.
            .row("n-tty", Kind.PANIC, "Kernel panic - not syncing: Couldn't open N_TTY ldisc for [^ ]++ --- error -\\d++",
                    "kernel panic: Couldn't open N_TTY ldisc")
            // report/48: printed after an oops, so alone it means the oops was lost.
            .row("fatal-exception", Kind.PANIC, "Kernel panic - not syncing: Fatal exception", "kernel panic: Fatal exception")
                    .flags(CORRUPTED)
            // report/97: the same after a WARNING or KASAN report.
            .row("panic-on-warn", Kind.PANIC, "Kernel panic - not syncing: panic_on_warn set",
                    "kernel panic: panic_on_warn set")
                    .flags(CORRUPTED)
            // report/221: the same after a hung task report.
            .row("hung-task-panic", Kind.PANIC, "Kernel panic - not syncing: hung_task: blocked tasks",
                    "kernel panic: hung_task: blocked tasks")
                    .flags(CORRUPTED)
            // report/47: the exit code (the signal that killed init) is left out, so that one bug has one title.
            .row("kill-init", Kind.PANIC, "Kernel panic - not syncing: Attempted to kill init!",
                    "kernel panic: Attempted to kill init!")
            // report/337
            .row("panic", Kind.PANIC, "Kernel panic - not syncing: (.*+)", "kernel panic: $1")

            .group("PANIC: double fault", Kind.DOUBLE_FAULT, true)
            // report/313
            .row("double-fault", Kind.DOUBLE_FAULT, "PANIC: double fault", "PANIC: double fault in {frame}")
                    .stack(parts(IP))

            .group("rust_kernel: panicked", Kind.PANIC, true)
            // report/748: the panic message is on the next line.
            .row("rust-panic", Kind.PANIC, "rust_kernel: panicked", "$1 in {frame}")
                    .report("rust_kernel: panicked at {{NEXT}}^(.++)$")
                    .stack(parts(CALL_TRACE, TRACE).skip("__rustc::rust_begin_unwind"))

            .group("kernel BUG", Kind.KERNEL_BUG, true)
            // report/122
            .row("usercopy-bug", Kind.BAD_USERCOPY, "kernel BUG at mm/usercopy.c", "BUG: bad usercopy in {frame}")
                    .stack(parts(CALL_TRACE, TRACE).skip("usercopy", "__check"))
            // report/477: also caused by memory corruption or a race.
            .row("list-corruption", Kind.LIST_CORRUPTION, "kernel BUG at lib/list_debug.c", "BUG: corrupted list in {frame}")
                    .alt("bad-access in {frame}")
                    .stack(parts(CALL_TRACE, TRACE))
            // report/43: socket-buffer helpers assert on their caller's data.
            .row("kernel-bug", Kind.KERNEL_BUG, "kernel BUG at (.*+)", "kernel BUG in {frame}")
                    .stack(parts(IP, CALL_TRACE, TRACE).skip("^skb_"))

            .group("Kernel BUG", Kind.KERNEL_BUG, true)
            // no corpus file; ReportFormatsTest
            .row("kernel-bug-other", Kind.KERNEL_BUG, "Kernel BUG (.*+)", "kernel BUG $1")

            .group("BUG kmalloc-", Kind.SLAB_CORRUPTION, true)
            // report/82: SLUB's consistency check.
            .row("object-already-free", Kind.SLAB_CORRUPTION, "BUG kmalloc-.*: Object already free", "BUG: Object already free")

            .group("divide error:", Kind.DIVIDE_ERROR, true)
            // report/49
            .row("divide-error", Kind.DIVIDE_ERROR, "divide error: ", "divide error in {frame}").stack(parts(IP))

            .group("divide_error:", Kind.DIVIDE_ERROR, true)
            // report/522: the misspelling of Linux 5.8 to 5.10.
            .row("divide-error-5.8", Kind.DIVIDE_ERROR, "divide_error: ", "divide error in {frame}").stack(parts(IP))

            .group("invalid opcode:", Kind.INVALID_OPCODE, true)
            // no corpus file; ReportFormatsTest
            .row("invalid-opcode", Kind.INVALID_OPCODE, "invalid opcode: ", "invalid opcode in {frame}").stack(parts(IP))

            .group("UBSAN:", Kind.UBSAN, true)
            // report/40: the wording before Linux 5.9.
            .row("ubsan-old", Kind.UBSAN, "UBSAN:", "UBSAN: undefined-behaviour in {frame}")
                    .report("UBSAN: Undefined behaviour in")
                    .stack(parts(CALL_TRACE, TRACE).skip("ubsan", "overflow"))
            // report/520
            .row("ubsan-bounds", Kind.UBSAN, "UBSAN: array-index-out-of-bounds in", "UBSAN: array-index-out-of-bounds in {frame}")
                    .alt("bad-access in {frame}")
                    .stack(parts(CALL_TRACE, TRACE).skip("ubsan", "overflow"))
            // no corpus file; ReportFormatsTest
            .row("ubsan", Kind.UBSAN, "UBSAN:", "UBSAN: $1 in {frame}")
                    .report("UBSAN: (.*?) in")
                    .stack(parts(CALL_TRACE, TRACE).skip("ubsan", "overflow"))

            .group("Booting the kernel.", Kind.OTHER, true,
                    // The fuzzer read boot messages back and passed them as a mount option.
                    "Parsing ELF|Decompressing Linux|Unknown parameter '")
            // report/127
            .row("reboot", Kind.OTHER, "^Booting the kernel", "unexpected kernel reboot").flags(NO_STACK_TRACE)

            .group("unregister_netdevice: waiting for", Kind.OTHER, true)
            // report/233: the device name varies.
            .row("netdev-refcount", Kind.OTHER, "unregister_netdevice: waiting for .* to become free",
                    "unregister_netdevice: waiting for DEV to become free")
                    .flags(NO_STACK_TRACE)

            .group("VFS: Close: file count is 0", Kind.OTHER, true)
            // report/683
            .row("file-count-zero", Kind.OTHER, "VFS: Close: file count is 0", "VFS: Close: file count is zero (use-after-free)")
                    .flags(NO_STACK_TRACE)

            .group("VFS: Busy inodes after unmount", Kind.OTHER, true)
            // report/684
            .row("busy-inodes", Kind.OTHER, "VFS: Busy inodes after unmount", "VFS: Busy inodes after unmount (use-after-free)")
                    .flags(NO_STACK_TRACE)

            .group("Internal error:", Kind.OOPS, true)
            // report/524: arm64's word for what arm calls a paging request.
            .row("arm-oops", Kind.OOPS, "Internal error:", "Internal error in {frame}")
                    .alt("bad-access in {frame}")
                    .stack(parts(IP, CALL_TRACE, TRACE))

            .group("Unhandled fault:", Kind.OOPS, true)
            // report/551: arm's word for what x86 calls a general protection fault.
            .row("arm-unhandled-fault", Kind.OOPS, "Unhandled fault:", "Unhandled fault in {frame}")
                    .alt("bad-access in {frame}")
                    .stack(parts(IP, CALL_TRACE, TRACE))

            .group("Alignment trap:", Kind.OOPS, true)
            // report/242
            .row("arm-alignment-trap", Kind.OOPS, "Alignment trap:", "Alignment trap in {frame}")
                    .stack(parts(IP, CALL_TRACE, TRACE))

            .group("trusty: panic", Kind.PANIC, true)
            // report/353
            .row("trusty-assert", Kind.PANIC, "trusty: panic.* ASSERT FAILED", "trusty: ASSERT FAILED: $1")
                    .report("trusty: panic \\(.*?\\):(?: DEBUG)? ASSERT FAILED at \\(.*?\\): (.++)")
                    .flags(NO_STACK_TRACE)
            // no corpus file; ReportFormatsTest
            .row("trusty-assert-damaged", Kind.PANIC, "trusty: panic.* ASSERT FAILED.*: *+(.*+)", "trusty: ASSERT FAILED: $1")
                    .flags(CORRUPTED)
            // report/355
            .row("trusty-panic", Kind.PANIC, "trusty: panic", "trusty: panic: $1")
                    .report("trusty: panic \\(.*?\\): (.++)")
                    .flags(NO_STACK_TRACE)

            .group("fatal error:", Kind.OTHER, true, "ALSA", "fatal error: cannot create timer")
            // all-report/?: a Go program (syzkaller's own) died.
            .row("go-runtime", Kind.OTHER, "fatal error:", "go runtime error").flags(NO_STACK_TRACE)

            .group("SYZFAIL:", Kind.OTHER, true)
            // report/601: syzkaller's executor failed.
            .row("syzfail", Kind.OTHER, "SYZFAIL:(.*+)", "SYZFAIL:$1").flags(NO_STACK_TRACE)

            .group("SYZFATAL:", Kind.OTHER, true)
            // report/660: a syzkaller program died.
            .row("syzfatal", Kind.OTHER, "SYZFATAL:(.*+)()", "SYZFATAL:$1").alt("SYZFATAL$2").flags(NO_STACK_TRACE)

            .group("panic:", Kind.OTHER, true, "_panic:", "xlog_status:", "ddb\\.onpanic:", "evtlog_status:")
            // no corpus file; ReportFormatsTest: gVisor's watchdog.
            .row("sentry-stuck", Kind.OTHER, "panic: Sentry detected .* stuck task", "panic: Sentry detected stuck tasks")
                    .flags(NO_STACK_TRACE)
            // all-report/1: a Go program panicked.
            .row("go-panic", Kind.OTHER, "panic:(.*+)", "panic:$1").flags(NO_STACK_TRACE)

            // Reports syzkaller does not count as crashes, but a reader of a kernel log wants explained.
            // An out-of-memory kill: the allocation that ran out, then the process killed for it.
            .group(List.of("invoked oom-killer", "out of memory: Kill", "Out of memory: Kill", "Killed process "),
                    Kind.OUT_OF_MEMORY, false)
            // fixtures/x86-oom-kill.log
            .row("oom", Kind.OUT_OF_MEMORY, "invoked oom-killer:", "out of memory: killed $1")
                    .report(OOM_KILL)
                    .flags(NO_STACK_TRACE)
            // fixtures/x86-oom-kill.log: after the allocation's report, it is part of it.
            .row("oom-kill", Kind.OUT_OF_MEMORY, OOM_KILL, "out of memory: killed $1").flags(FOLLOW_UP, ONCE, NO_STACK_TRACE)
            // ReportFormatsTest: the kill was not printed (yet), so the allocation names it.
            .row("oom-invoked", Kind.OUT_OF_MEMORY, "invoked oom-killer:", "out of memory in {frame}")
                    .stack(parts(CALL_TRACE, TRACE))
            // fixtures/x86-oom-memcg-kills.log: the victim line of kernels before 5.x, alone when a log was filtered for it.
            .row("oom-victim", Kind.OUT_OF_MEMORY, "Killed process \\d++ \\(([^)]{1,64}+)\\)", "out of memory: killed $1")
                    .flags(FOLLOW_UP, ONCE, NO_STACK_TRACE)
            // An allocation that failed without the OOM killer (atomic, high-order or __GFP_NOWARN-less callers).
            .group(List.of("page allocation failure", "vmalloc: allocation failure", "vmalloc error: "),
                    Kind.ALLOCATION_FAILURE, false)
            // fixtures/x86-page-allocation-failure.log: the caller's stack under warn_alloc().
            .row("page-allocation-failure", Kind.ALLOCATION_FAILURE, "page allocation failure[:.] order:\\d++",
                    "page allocation failure in {frame}")
                    .stack(parts(CALL_TRACE, TRACE).skip("get_free_page", "alloc_skb", "alloc_frag"))
            // ReportFormatsTest: vmalloc's own wording of Linux 4.x and 5.x, and of 6.x.
            .row("vmalloc-failure", Kind.ALLOCATION_FAILURE, "vmalloc(?:: allocation failure| error): ",
                    "vmalloc allocation failure in {frame}")
                    .stack(parts(CALL_TRACE, TRACE).skip("get_free_page", "vm_area", "vm_struct", "vmap"))
            .group("hard LOCKUP", Kind.HARD_LOCKUP, false)
            // ReportFormatsTest: the NMI watchdog's report, with the stack of the CPU that stopped responding.
            .row("hard-lockup", Kind.HARD_LOCKUP, "Watchdog detected hard LOCKUP", "watchdog: hard LOCKUP in {frame}")
                    .stack(parts(IP, CALL_TRACE, TRACE))
            .group("unreferenced object", Kind.MEMORY_LEAK, false)
            // ReportFormatsTest: kmemleak's own report, read from /sys/kernel/debug/kmemleak.
            .row("kmemleak", Kind.MEMORY_LEAK, "unreferenced object 0x[0-9a-f]++ \\(size \\d++\\)", "memory leak in {frame}")
                    .stack(parts(LEAK_BACKTRACE, TRACE).skip(LEAK_ALLOCATORS))
                    .flags(FOLLOW_UP)
            // ZFS's Solaris Porting Layer: a failed VERIFY/ASSERT names itself and its place, then panics the thread.
            .group(List.of("VERIFY", "PANIC at ", "PANIC: zfs: "), Kind.SPL_PANIC, false)
            // fixtures/x86-zfs-verify3.log
            .row("spl-verify", Kind.SPL_PANIC, "VERIFY[0-9A-Z_]*+\\(.*\\) failed", "$1($2) failed in $4")
                    .report("(VERIFY[0-9A-Z_]*+)\\((.*)\\) failed{{LATER}}PANIC at ([^:\\s]++):\\d++:([A-Za-z0-9_]++)\\(\\)")
            // ReportFormatsTest: printed after the assertion's message, or alone when that was lost.
            .row("spl-panic-at", Kind.SPL_PANIC, "PANIC at ([^:\\s]++):\\d++:([A-Za-z0-9_]++)\\(\\)", "PANIC at $1 in $2")
                    .flags(FOLLOW_UP)
            // ReportFormatsTest: zfs_panic_recover(), a consistency check of ZFS's own.
            .row("zfs-panic", Kind.SPL_PANIC, "PANIC: (zfs: .++)", "PANIC: $1")
            // A machine check: the CPU or memory reports a hardware error.
            // (The literals are the parts of the lines whose letters are least common in ordinary messages.)
            .group(List.of("Check Exception", "Machine check events logged", "[Hardware Error]: "),
                    Kind.MACHINE_CHECK, false)
            // fixtures/x86-mce-fatal.log: an uncorrected error; the panic follows.
            .row("mce-exception", Kind.MACHINE_CHECK, "Machine Check Exception: ", "machine check exception")
                    .flags(NO_STACK_TRACE)
            // fixtures/x86-mce-corrected.log: corrected errors logged for mcelog or rasdaemon to decode.
            .row("mce-logged", Kind.MACHINE_CHECK, "Machine check events logged", "machine check events logged")
                    .flags(NO_STACK_TRACE)
            // fixtures/x86-mce-fatal.log: the machine check's further lines, and APEI's hardware error records.
            .row("hardware-error", Kind.MACHINE_CHECK,
                    "\\[Hardware Error\\]: (?!.*Machine Check Exception|Machine check events logged)(.++)", "hardware error: $1")
                    .flags(FOLLOW_UP, NO_STACK_TRACE)
            // A kernel access the architecture cannot do unaligned, and could not fix up.
            .group(List.of("ligned access", "misaligned"), Kind.UNALIGNED_ACCESS, false)
            // fixtures/mips-unaligned-access.log: MIPS dies in the kernel's own access.
            .row("mips-unaligned", Kind.UNALIGNED_ACCESS, "Unhandled kernel unaligned access", "unaligned access in {frame}")
                    .stack(parts(EPC).orElse(CALL_TRACE, TRACE))
            // ReportFormatsTest: sparc64 names the function itself.
            .row("sparc-unaligned", Kind.UNALIGNED_ACCESS, "Kernel unaligned access at TPC\\[[0-9a-f]++\\] {{FN}}",
                    "unaligned access in $1")
                    .flags(NO_STACK_TRACE)
            // ReportFormatsTest: RISC-V's trap, when the access was not emulated.
            .row("riscv-misaligned", Kind.UNALIGNED_ACCESS, "Oops - (?:load|store \\(or AMO\\)|instruction) address misaligned",
                    "unaligned access in {frame}")
                    .stack(parts(EPC).orElse(CALL_TRACE, TRACE))
            // An exception taken where the kernel has no handler for it (arm and arm64).
            .group(List.of(" handler detected", "Unhandled "), Kind.BAD_MODE, false)
            // fixtures/arm64-bad-mode.log: before Linux 5.13; an SError is usually a hardware or firmware fault.
            .row("bad-mode", Kind.BAD_MODE, "Bad mode in (.+?) handler detected", "Bad mode in $1 handler in {frame}")
                    .stack(parts(IP, CALL_TRACE, TRACE))
            // ReportFormatsTest: the same since Linux 5.13.
            .row("unhandled-exception", Kind.BAD_MODE, "Unhandled (?:\\d++-bit )?([\\w\\- ]+?) exception on CPU\\d++",
                    "Unhandled $1 exception in {frame}")
                    .stack(parts(IP, CALL_TRACE, TRACE))
            .group("int3: ", Kind.BREAKPOINT, false)
            // fixtures/x86-int3.log: a breakpoint in kernel code that nothing claimed (text patching, kprobes, ftrace).
            .row("int3", Kind.BREAKPOINT, "int3: [0-9a-f]{4}+ \\[#\\d++\\]", "int3 in {frame}")
                    .stack(parts(IP, CALL_TRACE, TRACE))
            .group("Oops", Kind.OOPS, false)
            // ReportFormatsTest: the oops line of architectures without a message of their own (powerpc).
            .row("oops", Kind.OOPS, "Oops(?::[^\\[]*+| )\\[#\\d++\\]", "Oops in {frame}")
                    .stack(parts(IP, CALL_TRACE, TRACE))
                    .flags(FOLLOW_UP)
            // ReportFormatsTest: MIPS's and LoongArch's die() print "%s[#%d]:", without a space.
            .row("oops-mips", Kind.OOPS, "Oops\\[#\\d++\\]:", "Oops in {frame}")
                    .stack(parts(IP, CALL_TRACE, TRACE))
                    .flags(FOLLOW_UP)
            // ReportFormatsTest: RISC-V, MIPS and LoongArch name the trap: Oops - illegal instruction [#1].
            .row("oops-named", Kind.OOPS, "Oops - ([a-zA-Z()]++(?: [a-zA-Z()]++)*+) ?\\[#\\d++\\]", "Oops - $1 in {frame}")
                    .stack(parts(IP, CALL_TRACE, TRACE))
                    .flags(FOLLOW_UP)
            .group(List.of("in kernel code[#", "Kernel bug detected[#"), Kind.OOPS, false)
            // ReportFormatsTest: MIPS's and LoongArch's die() in the trap's own words (an unaligned access is a row of its own).
            .row("mips-trap", Kind.OOPS, "((?:Reserved|Break|Trap) instruction in kernel code|Kernel bug detected)\\[#\\d++\\]", "$1 in {frame}")
                    .stack(parts(IP, CALL_TRACE, TRACE))
                    .flags(FOLLOW_UP)
            // SLUB's consistency checks of caches other than kmalloc's (SLAB_CONSISTENCY_CHECKS, slub_debug=).
            .group("BUG ", Kind.SLAB_CORRUPTION, false,
                    // An old KASan report printing its object: part of that report, never one of its own.
                    "\\): kasan: ")
            // fixtures/x86-slub-poison.log: the object, its tracks and its bytes follow.
            .row("slub", Kind.SLAB_CORRUPTION, "^(BUG [\\w.\\-]++(?: \\((?:Not tainted|Tainted: [^)]*+)\\))?: .++)", "$1")
                    .flags(NO_STACK_TRACE)
            .build();

    private ReportFormats() {
    }

    /** The groups, in the order they are tried. */
    public static List<Group> groups() {
        return TABLE.groups;
    }

    /** A group's rows, most specific first. */
    public static List<ReportFormat> rows(Group group) {
        return TABLE.rows.get(group);
    }

    /**
     * The row a report starting with this line (its message) is read as, or {@code null} when the
     * line starts none: the first group that heads it, then the first of its rows whose title is in
     * the line, else the group's catch-all row; marked {@link ReportFormat.Flag#FOLLOW_UP} when the line
     * is one that never starts a report while another is open. Only the first {@link ReportText#MAX_LINE}
     * characters count.
     */
    public static ReportFormat header(String line) {
        String message = line.length() > ReportText.MAX_LINE ? line.substring(0, ReportText.MAX_LINE) : line;
        // Kernel messages have no tabs; a line with one is a row of a table of titles (syzbot's dashboard)
        // pasted into the log. A report's end marker repeats its panic message but starts nothing.
        if (message.indexOf('\t') >= 0 || message.startsWith(END_MARKER)) {
            return null;
        }
        for (Group g : TABLE.groups) {
            if (g.heads(message)) {
                if (quotedInProse(message, g)) {
                    return null;
                }
                ReportFormat row = rowFor(g, message);
                if (row == null) {
                    return null;
                }
                return followUp(message) ? TABLE.followUps.get(row) : row;
            }
        }
        return null;
    }

    private static boolean followUp(String message) {
        for (FollowUp f : FOLLOW_UPS) {
            if (message.contains(f.text())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The row whose header the line is the beginning of, when the log ends inside that header (cut mid-line): of
     * the group that heads the line, the first row whose title the line stops inside; {@code null} when none does
     * or the line is a whole header of its own.
     */
    public static ReportFormat cutHeader(String line) {
        String message = line.strip();
        ReportFormat whole = header(message);
        if (whole != null && !whole.id().equals(TABLE.fallbacks.get(whole.group()).id())) {
            return null;
        }
        for (Group g : TABLE.groups) {
            if (g.heads(message)) {
                return TABLE.rows.get(g).stream().filter(f -> f.title().cutShortIn(message)).findFirst().orElse(null);
            }
        }
        return null;
    }

    /**
     * Whether the group's literal is inside Markdown's inline code in a sentence ({@code a splat from `kernel BUG at
     * fs/x.c:12!`, probably ...}): prose before the opening backtick, the closing one after the literal. The kernel
     * prints no backticks around its headers; a person quoting one in a remark does.
     */
    private static boolean quotedInProse(String message, Group g) {
        int open = message.indexOf('`');
        if (open < 0) {
            return false;
        }
        for (String literal : g.literals()) {
            int at = message.indexOf(literal);
            if (at < 0) {
                continue;
            }
            int before = message.lastIndexOf('`', at);
            int backticks = (int) message.substring(0, at).chars().filter(c -> c == '`').count();
            return backticks % 2 == 1 && !message.substring(0, before).isBlank() && message.indexOf('`', at) > 0;
        }
        return false;
    }

    /** Whether syzkaller counts a report starting with this line as a crash. */
    public static boolean syzkallerCrash(String line) {
        ReportFormat f = header(line);
        return f != null && f.group().syzkaller();
    }

    private static ReportFormat rowFor(Group g, String message) {
        for (ReportFormat f : TABLE.rows.get(g)) {
            if (f.title().firstStepIn(message)) {
                return f;
            }
        }
        // koops's own groups have no catch-all: their literals are common words ("Oops").
        return g.syzkaller() ? TABLE.fallbacks.get(g) : null;
    }

    private static StackRecipe.Builder warning(String... skip) {
        // Newer kernels trap into the warning and print its frame; older ones only print a call trace.
        return parts(WARNING_IP, TRACE).orElse(CALL_TRACE, TRACE).skip(skip);
    }

    /** Builds rows so each reads like a line of a table. */
    private static final class Table {
        private final List<Group> groups = new ArrayList<>();
        private final Map<Group, List<ReportFormat>> rows = new IdentityHashMap<>();
        private final Map<Group, ReportFormat> fallbacks = new IdentityHashMap<>();
        private final Map<ReportFormat, ReportFormat> followUps = new IdentityHashMap<>();
        private Group group;
        private String id;
        private Kind kind;
        private String title;
        private String report;
        private String template;
        private List<String> alts;
        private StackRecipe.Builder stack;
        private Set<ReportFormat.Flag> flags;

        Table group(String literal, Kind fallbackKind, boolean syzkaller, String... ignored) {
            return group(List.of(literal), fallbackKind, syzkaller, ignored);
        }

        Table group(List<String> literals, Kind fallbackKind, boolean syzkaller, String... ignored) {
            flush();
            String literal = literals.get(0);
            group = new Group(literals, Arrays.stream(ignored).map(Pattern::compile).toList(), syzkaller);
            groups.add(group);
            rows.put(group, new ArrayList<>());
            fallbacks.put(group, new ReportFormat(literal.replaceAll("\\W++", "-") + "other", fallbackKind, group,
                    TextPattern.compile(Pattern.quote(literal)), null, "", List.of(), null, Set.of()));
            return this;
        }

        /** Flags of the current group's catch-all, the row of a line no other row of the group knows. */
        Table catchAll(ReportFormat.Flag... more) {
            ReportFormat f = fallbacks.get(group);
            fallbacks.put(group, new ReportFormat(f.id(), f.kind(), f.group(), f.title(), f.report(), f.template(), f.alts(),
                    f.stack(), union(f.flags(), Set.of(more))));
            return this;
        }

        private static Set<ReportFormat.Flag> union(Set<ReportFormat.Flag> a, Set<ReportFormat.Flag> b) {
            Set<ReportFormat.Flag> all = EnumSet.noneOf(ReportFormat.Flag.class);
            all.addAll(a);
            all.addAll(b);
            return Set.copyOf(all);
        }

        Table row(String id, Kind kind, String title, String template) {
            flush();
            this.id = id;
            this.kind = kind;
            this.title = title;
            this.template = template;
            this.report = null;
            this.alts = new ArrayList<>();
            this.stack = null;
            this.flags = EnumSet.noneOf(ReportFormat.Flag.class);
            return this;
        }

        Table report(String pattern) {
            report = pattern;
            return this;
        }

        Table alt(String template) {
            alts.add(template);
            return this;
        }

        Table stack(StackRecipe.Builder recipe) {
            stack = recipe;
            return this;
        }

        Table flags(ReportFormat.Flag... more) {
            flags.addAll(List.of(more));
            return this;
        }

        Table build() {
            flush();
            rows.replaceAll((g, list) -> List.copyOf(list));
            rows.values().forEach(list -> list.forEach(f -> followUps.put(f, withFollowUp(f))));
            fallbacks.values().forEach(f -> followUps.put(f, withFollowUp(f)));
            return this;
        }

        private static ReportFormat withFollowUp(ReportFormat f) {
            Set<ReportFormat.Flag> more = EnumSet.of(ReportFormat.Flag.FOLLOW_UP);
            more.addAll(f.flags());
            return new ReportFormat(f.id(), f.kind(), f.group(), f.title(), f.report(), f.template(), f.alts(), f.stack(),
                    Set.copyOf(more));
        }

        private void flush() {
            if (id != null) {
                rows.get(group).add(new ReportFormat(id, kind, group, TextPattern.compile(title),
                        report == null ? null : TextPattern.compile(report), template, List.copyOf(alts),
                        stack == null ? null : stack.build(), Set.copyOf(flags)));
                id = null;
            }
        }
    }
}
