package org.koops.format;

import static org.koops.format.ReportFormat.Flag.FOLLOW_UP;
import static org.koops.format.ReportFormat.Flag.FRAME_OPTIONAL;
import static org.koops.format.ReportFormat.FrameSource.HEADER;
import static org.koops.format.ReportFormat.FrameSource.HEADER_THEN_IP;
import static org.koops.format.ReportFormat.FrameSource.IP;
import static org.koops.format.ReportFormat.FrameSource.NONE;
import static org.koops.format.ReportFormat.FrameSource.TRACE;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.koops.model.Kind;

/**
 * The table of kernel report formats. The first row whose header matches a line wins, so specific
 * rows come before general ones. A new format is one row here plus one test log.
 */
public final class ReportFormats {
    private static final List<ReportFormat> ROWS = new Table()
            // x86 and arm64 page faults, new wording (since 5.8) and old.
            .row("null-deref", Kind.NULL_POINTER_DEREFERENCE, "NULL pointer dereference",
                    "^BUG: (?:kernel NULL pointer dereference, address: |unable to handle kernel NULL pointer dereference at )(?<addr>{{ADDR}})",
                    "BUG: unable to handle kernel NULL pointer dereference in {frame}", IP).alt("bad-access in {frame}")
            .row("arm64-null-deref", Kind.NULL_POINTER_DEREFERENCE, "NULL pointer dereference",
                    "^Unable to handle kernel NULL pointer dereference at virtual address (?<addr>{{ADDR}})",
                    "BUG: unable to handle kernel NULL pointer dereference in {frame}", IP).alt("bad-access in {frame}")
            .row("paging-request", Kind.PAGING_REQUEST, "BUG: unable to handle",
                    "^BUG: unable to handle (?:page fault for address: |kernel paging request at )(?<addr>{{ADDR}})",
                    "BUG: unable to handle kernel paging request in {frame}", IP).alt("bad-access in {frame}")
            .row("arm64-paging-request", Kind.PAGING_REQUEST, "Unable to handle kernel",
                    "^Unable to handle kernel (?:paging request|data access|execute from non-executable memory|write to read-only memory) at (?:virtual address )?(?<addr>{{ADDR}})",
                    "BUG: unable to handle kernel paging request in {frame}", IP).alt("bad-access in {frame}")
            .row("user-access", Kind.PAGING_REQUEST, "access to user memory",
                    "^(?:BUG: )?[Uu]nable to handle kernel access to user memory",
                    "BUG: unable to handle kernel access to user memory in {frame}", IP).alt("bad-access in {frame}")
            .row("gpf", Kind.GENERAL_PROTECTION_FAULT, "general protection fault",
                    "^(?:Oops: )?general protection fault(?::|, (?:probably for non-canonical address|maybe for address) (?<addr>{{ADDR}})| for )",
                    "general protection fault in {frame}", IP).alt("bad-access in {frame}")
            .row("stack-guard", Kind.STACK_GUARD, "stack guard page",
                    "^BUG: stack guard page was hit at", "BUG: stack guard page was hit in {frame}", IP)
            .row("kernel-bug", Kind.KERNEL_BUG, "kernel BUG",
                    "^kernel BUG at (?<src>{{SRC}})!", "kernel BUG in {frame}", IP)
            .row("arm-bug", Kind.KERNEL_BUG, "BUG: failure at",
                    "^BUG: failure at (?<src>{{SRC}})/(?<frame>{{SYM}})\\(\\)!", "kernel BUG in {frame}", HEADER)
            .row("invalid-opcode", Kind.INVALID_OPCODE, "invalid opcode",
                    "^(?:Oops: )?invalid opcode: ", "invalid opcode in {frame}", IP).flags(FOLLOW_UP)
            .row("divide-error", Kind.DIVIDE_ERROR, "divide error",
                    "^(?:Oops: )?divide error: ", "divide error in {frame}", IP)
            .row("stack-segment", Kind.STACK_SEGMENT, "stack segment",
                    "^(?:Oops: )?stack segment: ", "stack segment fault in {frame}", IP)
            .row("double-fault", Kind.DOUBLE_FAULT, "double fault",
                    "^PANIC: double fault", "PANIC: double fault in {frame}", IP)
            .row("arm64-oops", Kind.OOPS, "Internal error",
                    "^Internal error: (?<msg>[^:]++): (?<code>[0-9a-f]++) \\[#\\d++\\]",
                    "Internal error in {frame}", IP).flags(FOLLOW_UP)
            .row("oops", Kind.OOPS, "Oops",
                    "^Oops(?:: (?<code>[0-9a-f]{4}))? \\[#\\d++\\]", "Oops in {frame}", IP).flags(FOLLOW_UP)
            // Sanitizers.
            .row("kasan", Kind.KASAN, "KASAN",
                    "^BUG: KASAN: (?<what>[a-z\\-]++) in {{FUNC}}",
                    "KASAN: $what {access} in {frame}", HEADER_THEN_IP).fact("access", "^(Read|Write) of size")
                    .alt("bad-access in {frame}").flags(FRAME_OPTIONAL)
            .row("kasan-invalid-free", Kind.KASAN, "KASAN",
                    "^BUG: KASAN: (?<what>double-free or invalid-free|double-free|invalid-free) in {{FUNC}}",
                    "KASAN: invalid-free in {frame}", HEADER).alt("invalid-free in {frame}")
            .row("kfence", Kind.KFENCE, "KFENCE",
                    "^BUG: KFENCE: (?<what>[a-z\\- ]+?) (?<rw>read |write )?in {{FUNC}}",
                    "KFENCE: $what $rw in {frame}", HEADER)
            .row("kmsan", Kind.KMSAN, "KMSAN",
                    "^BUG: KMSAN: (?<what>[a-z\\-]++) in {{FUNC}}", "KMSAN: $what in {frame}", HEADER)
            .row("kcsan", Kind.KCSAN, "KCSAN",
                    "^BUG: KCSAN: (?<what>[a-z\\-]++) in (?<first>{{SYM}}) / (?<second>{{SYM}})",
                    "KCSAN: $what in $first / $second", NONE)
            .row("ubsan", Kind.UBSAN, "UBSAN",
                    "^UBSAN: (?<what>[a-z\\-]++) in (?<src>{{SRC}})", "UBSAN: $what in {frame}", TRACE)
            .row("kmemleak", Kind.MEMORY_LEAK, "unreferenced object",
                    "^unreferenced object (?<addr>{{ADDR}}) \\(size (?<size>\\d++)\\)",
                    "memory leak in {frame}", TRACE)
            // Lockdep and other lock checkers.
            .row("lockdep-circular", Kind.LOCKDEP, "circular locking",
                    "^WARNING: possible circular locking dependency detected",
                    "possible deadlock in {frame}", TRACE)
            .row("lockdep-recursive", Kind.LOCKDEP, "recursive locking",
                    "^WARNING: possible recursive locking detected", "possible deadlock in {frame}", TRACE)
            .row("lockdep-irq", Kind.LOCKDEP, "lock state",
                    "^WARNING: inconsistent lock state", "inconsistent lock state in {frame}", TRACE)
            .row("lockdep-other", Kind.LOCKDEP, "WARNING: ",
                    "^WARNING: (?<what>suspicious RCU usage|bad unlock balance|held lock freed|still has locks held|lock held when returning to user space|nested lock was not taken|possible irq lock inversion dependency|HARDIRQ-safe -> HARDIRQ-unsafe lock order|SOFTIRQ-safe -> SOFTIRQ-unsafe lock order)",
                    "WARNING: $what in {frame}", TRACE)
            .row("non-static-key", Kind.LOCKDEP, "non-static key",
                    "^INFO: trying to register non-static key", "INFO: trying to register non-static key in {frame}", TRACE)
            // Hangs and stalls.
            .row("hung-task", Kind.HUNG_TASK, "blocked for more than",
                    "^INFO: task (?<comm>.{1,64}):(?<pid>\\d++) blocked for more than (?<secs>\\d++) seconds",
                    "INFO: task hung in {frame}", TRACE)
            .row("rcu-stall", Kind.RCU_STALL, "detected",
                    "^(?:rcu: )?(?:INFO: )?rcu_(?:preempt|sched|bh) (?:self-)?detected (?:expedited )?stalls?",
                    "INFO: rcu detected stall in {frame}", TRACE)
            .row("soft-lockup", Kind.SOFT_LOCKUP, "soft lockup",
                    "^(?:watchdog: )?BUG: soft lockup - CPU#\\d++ stuck for \\d++s! \\[(?<comm>.{1,64}):(?<pid>\\d++)\\]",
                    "BUG: soft lockup in {frame}", IP)
            .row("hard-lockup", Kind.HARD_LOCKUP, "hard LOCKUP",
                    "^(?:watchdog: )?(?:Watchdog detected hard LOCKUP on cpu (?<cpu>\\d++)|CPU(?<cpu2>\\d++): Watchdog detected hard LOCKUP)",
                    "watchdog: hard LOCKUP in {frame}", IP)
            .row("workqueue-lockup", Kind.HUNG_TASK, "workqueue lockup",
                    "^BUG: workqueue lockup", "BUG: workqueue lockup", NONE).flags(FRAME_OPTIONAL)
            // Context bugs.
            .row("atomic-sleep", Kind.ATOMIC_SLEEP, "sleeping function",
                    "^BUG: sleeping function called from invalid context at (?<src>{{SRC}})",
                    "BUG: sleeping function called from invalid context in {frame}", TRACE)
            .row("scheduling-while-atomic", Kind.SCHEDULING_WHILE_ATOMIC, "scheduling while atomic",
                    "^BUG: scheduling while atomic: (?<comm>.{1,64})/(?<pid>\\d++)/0x(?<count>[0-9a-f]++)",
                    "BUG: scheduling while atomic in {frame}", TRACE)
            .row("preemptible", Kind.LOCKDEP, "in preemptible",
                    "^BUG: using (?<what>__this_cpu_\\w++\\(\\)|smp_processor_id\\(\\)|this_cpu_\\w++\\(\\)) in preemptible",
                    "BUG: using $what in preemptible code in {frame}", TRACE)
            // Memory-management state.
            .row("bad-page-state", Kind.BAD_PAGE_STATE, "Bad page state",
                    "^BUG: Bad page state in process (?<comm>.{1,64})  pfn:(?<pfn>[0-9a-f]++)",
                    "BUG: Bad page state in {frame}", TRACE).flags(FRAME_OPTIONAL)
            .row("bad-page-map", Kind.BAD_PAGE_STATE, "Bad page map",
                    "^BUG: Bad page map in process", "BUG: Bad page map in {frame}", TRACE)
            .row("bad-rss", Kind.BAD_PAGE_STATE, "Bad rss-counter",
                    "^BUG: Bad rss-counter state", "BUG: Bad rss-counter state", NONE).flags(FRAME_OPTIONAL)
            .row("list-corruption", Kind.LIST_CORRUPTION, "list_",
                    "^(?:list_(?:add|del)(?:_rcu)? corruption|list_(?:add|del)_entry(?:_valid)?)",
                    "BUG: corrupted list in {frame}", IP)
            .row("bad-usercopy", Kind.BAD_USERCOPY, "usercopy",
                    "^usercopy: Kernel memory (?:exposure|overwrite) attempt detected",
                    "BUG: bad usercopy in {frame}", TRACE)
            .row("refcount", Kind.REFCOUNT, "refcount_t",
                    "^refcount_t: (?<what>[a-z\\-; ]++)", "WARNING: refcount bug in {frame}", TRACE)
            // Warnings: most specific first; the generic one names the function printed in the header.
            .row("warning", Kind.WARNING, "WARNING:",
                    "^WARNING: (?:CPU: \\d++ PID: \\d++ |\\S++/\\d++ \\d++ )?at (?<src>\\S++)(?: (?:{{FUNC}}|\\S++))?",
                    "WARNING in {frame}", HEADER_THEN_IP)
            .row("warning-old", Kind.WARNING, "WARNING:",
                    "^WARNING: at (?<src>\\S++)(?: (?<frame>{{SYM}})\\(\\))?", "WARNING in {frame}", HEADER_THEN_IP)
            .row("bug-other", Kind.OTHER, "BUG:",
                    "^(?!.*\\t)BUG: (?<what>[A-Za-z_][^\\[\\]]{2,80}?)(?: \\(|$| in | at | for |: )",
                    "BUG: $what", NONE).flags(FRAME_OPTIONAL)
            .row("oom", Kind.OUT_OF_MEMORY, "Out of memory",
                    "^(?:Out of memory|Memory cgroup out of memory): Kill(?:ed)? process (?<pid>\\d++) \\((?<comm>[^)]{1,64})\\)",
                    "out of memory: killed $comm", NONE).flags(FRAME_OPTIONAL)
            .row("oom-invoked", Kind.OUT_OF_MEMORY, "invoked oom-killer",
                    "^(?<comm>\\S{1,64}) invoked oom-killer: gfp_mask=",
                    "out of memory in {frame}", TRACE).flags(FRAME_OPTIONAL)
            .row("panic", Kind.PANIC, "Kernel panic",
                    "^Kernel panic - not syncing: ?(?<msg>.*+)", "kernel panic: $msg", NONE)
                    .flags(FOLLOW_UP, FRAME_OPTIONAL)
            .build();

    private ReportFormats() {
    }

    /** All rows, most specific first. */
    public static List<ReportFormat> all() {
        return ROWS;
    }

    /** Builds rows so each reads like a line of a table. */
    private static final class Table {
        private final List<ReportFormat> rows = new ArrayList<>();
        private String id;
        private Kind kind;
        private String literal;
        private Pattern header;
        private String title;
        private ReportFormat.FrameSource frame;
        private List<String> alts;
        private Map<String, Pattern> facts;
        private Set<ReportFormat.Flag> flags;

        Table row(String id, Kind kind, String literal, String header, String title, ReportFormat.FrameSource frame) {
            flush();
            this.id = id;
            this.kind = kind;
            this.literal = literal;
            this.header = PatternLibrary.compile(header);
            this.title = title;
            this.frame = frame;
            this.alts = new ArrayList<>();
            this.facts = new LinkedHashMap<>();
            this.flags = EnumSet.noneOf(ReportFormat.Flag.class);
            return this;
        }

        Table alt(String template) {
            alts.add(template);
            return this;
        }

        Table fact(String name, String pattern) {
            facts.put(name, PatternLibrary.compile(pattern));
            return this;
        }

        Table flags(ReportFormat.Flag... more) {
            flags.addAll(List.of(more));
            return this;
        }

        List<ReportFormat> build() {
            flush();
            return List.copyOf(rows);
        }

        private void flush() {
            if (id != null) {
                rows.add(new ReportFormat(id, kind, literal, header, title, List.copyOf(alts), frame,
                        Map.copyOf(facts), Set.copyOf(flags)));
            }
        }
    }
}
