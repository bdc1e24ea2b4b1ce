package org.koops.scan;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.format.GuardedPattern;
import org.koops.model.LogLine;

/**
 * Which lines belong to a report once it has started. A report has no fixed length and rarely an
 * end marker, so koops keeps lines that look like report content and ends the report after a few
 * ordinary kernel messages in a row.
 */
final class BodyLines {
    /** Lines of report content: indented text, frames, registers, and the report's own headings. */
    private static final Pattern REPORTISH = Pattern.compile(
            "^(?:\\s"                                                  // indented: frames, KASAN/lockdep detail
            + "|[A-Za-z0-9_.$]++\\+0x[0-9a-f]++/0x[0-9a-f]++"          // a frame printed without indentation
            + "|(?:\\? )?[A-Za-z0-9_.$]++(?:\\+0x[0-9a-f]++/0x[0-9a-f]++)? \\([A-Za-z0-9_./\\-]++:\\d"  // a decoded frame
            + "|[A-Za-z_][A-Za-z0-9_.$]*+(?:\\+0x[0-9a-f]*+(?:/0x[0-9a-f]*+)?)?(?:\\.\\.\\.)?\\s*$"  // a frame cut short
            + "|(?:\\[<?|<)[0-9a-f]{8,16}+>?\\]"                        // an old-style frame address (its [ lost in a quote)
            + "|\\? "                                                  // an unreliable frame
            + "|</?(?:TASK|IRQ|NMI|SOFTIRQ|EOI)>"
            + "|(?:[A-Z][A-Z0-9]{1,3}|x\\d{1,2}|r1?\\d|pc|lr|sp|pstate|ORIG_RAX|EFLAGS|knlGS) ?: *+[0-9a-f(]" // registers
            + "|(?:pc|lr|sp) : |Flags: [nN][zZ][cC][vV] |Control: [0-9a-f]{8} |Process \\S++ \\(pid: \\d++, stack limit"  // arm32 __show_regs
            + "|[0-9a-f]{4}+: ++[0-9a-f]{8}+(?: |$)"                  // arm32 stack dump rows (dump_mem)
            + "|(?:R|E)IP: |IP: |PC is at|LR is at|Code: |Call [Tt]race:|Stack:|Backtrace:|Exception stack|Modules linked in|CPU: |Hardware name:|Workqueue: |Tainted: |Not tainted"
            + "|Mem abort info:|Data abort info:|Internal error|Oops|Kernel panic|Kernel Offset|Rebooting in|---\\[ end|={10}|-{10}"
            + "|#PF: |PGD |PML4 |P4D |PUD |PMD |\\[[0-9a-f]{8,16}+\\] |pgd=|pgd = |user pgtable|swapper pgtable"
            + "|BUG[: ]|WARNING: |INFO: |KASAN|KFENCE|KMSAN|KCSAN|UBSAN|kernel BUG|general protection|invalid opcode|divide error"
            + "|Read of size|Write of size|Read at addr|Write at addr|The buggy address|Memory state around|Allocated by task|Freed by task"
            + "|Last potentially related|Second to last potentially|The buggy|addr [0-9a-f]|page:|page dumped because|flags: |raw: |head: |anon flags"
            + "|Uninit was |Local variable|Bytes \\d|Memory access of|value changed:|Reported by Kernel Concurrency|Object 0x|Redzone|Padding|INFO: |Slab |Allocated in|Freed in"
            + "|[0-9a-f]{8,16}+: (?:[0-9a-f]{2}|fa|fb|fc|fd|fe|ff)"    // hex or shadow-memory dumps
            + "|Object [0-9a-f]{8,16}+:|other info that might|Possible (?:unsafe|interrupt)|\\*\\*\\* DEADLOCK|\\d++ locks? held by|no locks held|stack backtrace:|the existing dependency chain|which lock already depends|-> #\\d|#\\d++: |Chain exists of"
            + "|but task is already holding lock"
            + "|irq event stamp|hardirqs last|softirqs last|\\{[A-Z_\\-]++\\} state was registered at|inconsistent \\{|(?:CPU\\d|CPU0) |lock\\(|  lock|  \\*\\*\\*"
            + "|task:|Showing all locks|Showing busy workqueues|NMI backtrace|Sending NMI|rcu: |\\(detected by|\\(t=\\d|rcu_\\w+ kthread"
            // lockdep_rcu_suspicious()'s own account, before its locks and stack.
            + "|rcu_scheduler_active = \\d|RCU used illegally from"
            + "|Task dump for|Unable to handle|\\[ *[0-9a-f]+\\] address between|ESR = |EC = |SET = |EA = |FSC = |ISV = |CM = |Mem abort|Data abort"
            + "|note: |sysrq: |Dumping ftrace|Kernel BUG|list_(?:add|del)|refcount_t|usercopy:|unreferenced object|comm \"|hex dump|backtrace|  \\[<"
            + "|Out of memory|oom-kill|Tasks state|\\[  pid  \\]|\\[ *\\d++\\]|Mem-Info|active_anon|Node \\d|DMA|Free swap|Total swap|\\d++ pages|lowmem_reserve|Killed process|oom_reaper|Memory cgroup"
            + "|Bad page|page_owner|bad because|nonzero|page does not match|page_type|memcg:|Disabling lock debugging|turning off the locking"
            + "|\\.\\.\\.|   \\.\\.\\.|Fixing recursive fault|Watchdog|watchdog:|Shutting down cpus|Kernel Offset|---\\[ end Kernel panic"
            // Other architectures' register dumps and traces: powerpc, s390, MIPS, RISC-V, LoongArch, arm's backtrace.
            + "|GPR\\d\\d: |NIP \\[|LR \\[|SOFTE: |IRQMASK: |PACATMSCRATCH|Instruction dump:|(?:<?[0-9a-f]{8}>? ){4}|--- interrupt: "
            + "|Faulting instruction address: |(?:Krnl|User) (?:PSW|GPRS|Code)|Last Breaking-Event-Address|Failing address: "
            + "|\\$[ 1-3]?\\d {3}: |(?:Hi|Lo|epc|ra|Status|Cause|BadVA|PrId|Acx) {0,5}+: [0-9a-f]|Stack : |Process \\S++ \\(pid: \\d++, threadinfo="
            + "|epc ?: |status: [0-9a-f]|(?:pc|a[0-7]|t[0-8]|s[0-9]|u0) [0-9a-f]{16} |ESTAT: |ERA: "
            + "|[A-Za-z_.$][A-Za-z0-9_.$]*+ from [A-Za-z_.$][A-Za-z0-9_.$]*+\\+0x|Register [a-z0-9]{1,4}+ information: "
            + ")");

    /**
     * Lines of report content known by what they hold past their start, each tried only on the lines that hold its
     * literal: in {@link #REPORTISH}, each would be run on every line that is no report content.
     */
    private static final List<GuardedPattern> REPORTISH_WITHIN = List.of(
            // lockdep's account of the locks (who takes which lock, and where), not indented when a lock's address leads it.
            GuardedPattern.containing("^.{1,64}? is trying to (?:acquire|release) lock", " is trying to "),
            GuardedPattern.containing("^(?:[0-9a-f]{8,16}+ )?\\(?\\S.*\\)\\{[-+.?]++\\}", "){"),
            GuardedPattern.containing("^\\S++ invoked oom-killer", " invoked oom-killer"));

    /** A matcher of {@link #REPORTISH} for the lines this thread reads: most lines of a report meet it. */
    private static final ThreadLocal<Matcher> REPORTISH_MATCHER = ThreadLocal.withInitial(() -> REPORTISH.matcher(""));

    /** Lines that may follow {@code ---[ end trace ]---} and still belong to the report. */
    private static final Pattern TAIL = Pattern.compile(
            "^(?:(?:R|E)IP: |Code: |RSP: |R[A-Z0-9]{1,3}: |FS: |CS: |CR2: |DR\\d: |PKRU: |pc : |lr : |sp : |x\\d{1,2}\\s*: "
            + "|note: |Kernel panic|Kernel Offset|Rebooting in|---\\[ end Kernel panic|Fixing recursive fault|Shutting down cpus|SMP: stopping|Dumping ftrace|Modules linked in"
            + "|------------\\[ cut here \\]|Call Trace|Call trace|\\s)");

    /** The lines that follow a report's message: its module list, task, CPU and trace. */
    private static final GuardedPattern DETAILS = GuardedPattern.starting(
            "^(?:Modules linked in|CPU: |Pid: |Call [Tt]race|RIP: |pc : |PC is at)", "Modules linked in", "CPU: ", "Pid: ",
            "Call Trace", "Call trace", "RIP: ", "pc : ", "PC is at");

    /** What printk prints when a console is taken over in the middle of a line, before printing that line again whole. */
    private static final String REPLAY_MARKER = "** replaying previous printk message **";

    /**
     * The kernel debugger xmon's account of the exception it caught (arch/powerpc/xmon/xmon.c, prregs): {@code pc:
     * <address>: <symbol>}, on the debugger's console without the log's prefix; the address is its group.
     */
    private static final Pattern XMON_PC = Pattern.compile("^\\s*+pc: (\\p{XDigit}{8,16}+): \\S");
    /** powerpc's oops names the faulting instruction's address before its register dump; the address is its group. */
    private static final Pattern FAULTING_ADDRESS = Pattern.compile("^Faulting instruction address: 0x(\\p{XDigit}{1,16}+)");

    private BodyLines() {
    }

    /**
     * Whether a line printed outside the report's shape is a kernel debugger's dump of the same fault: xmon's
     * {@code pc:} line at the address the report names as its faulting instruction's.
     */
    static boolean debuggerPcOf(String text, List<LogLine> report) {
        Matcher pc = XMON_PC.matcher(text);
        if (!pc.lookingAt()) {
            return false;
        }
        long at = Long.parseUnsignedLong(pc.group(1), 16);
        for (LogLine line : report) {
            Matcher fault = FAULTING_ADDRESS.matcher(line.text());
            if (fault.lookingAt() && Long.parseUnsignedLong(fault.group(1), 16) == at) {
                return true;
            }
        }
        return false;
    }

    /** Lines only a kernel report prints: a frame with its offset, a stack heading, the task and CPU, registers. */
    private static final Pattern KERNEL_REPORT = Pattern.compile(
            "\\+0x[0-9a-f]++/0x[0-9a-f]|Call [Tt]race:|^(?:CPU: \\d|Modules linked in|Hardware name: |Workqueue: |RIP: |pc : |lr : "
            + "|\\d++ locks? held by|task:\\S)");

    static boolean kernelReport(String text) {
        return KERNEL_REPORT.matcher(text).find();
    }

    static boolean details(String text) {
        return DETAILS.isLookingAt(text);
    }

    static boolean replayMarker(String text) {
        // Searched for before the line is stripped: a line with blanks around it was copied for every line of a report.
        return text.contains(REPLAY_MARKER) && text.strip().equals(REPLAY_MARKER);
    }

    static boolean reportish(String text) {
        if (REPORTISH_MATCHER.get().reset(text).lookingAt()) {
            return true;
        }
        for (GuardedPattern within : REPORTISH_WITHIN) {
            if (within.isLookingAt(text)) {
                return true;
            }
        }
        return false;
    }

    static boolean tail(String text) {
        return TAIL.matcher(text).lookingAt();
    }

    static boolean endMarker(String text) {
        return text.startsWith("---[ end trace") || text.startsWith("---[ end Kernel panic");
    }
}
