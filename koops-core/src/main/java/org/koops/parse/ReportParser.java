package org.koops.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.format.ArchRules;
import org.koops.format.GuardedPattern;
import org.koops.format.TaskLines;
import org.koops.model.Arch;
import org.koops.model.CodeBytes;
import org.koops.model.Damage;
import org.koops.model.FaultInfo;
import org.koops.model.LogLine;
import org.koops.model.OopsLine;
import org.koops.model.ProcModule;
import org.koops.model.RegisterDump;
import org.koops.model.ReportDetails;
import org.koops.model.Task;

/**
 * Parses a report's lines into {@link ReportDetails}. Each line is offered to the readers in turn;
 * a line none of them understands is simply kept, and a line one of them cannot fully read is
 * recorded as damage while the rest of the report is still parsed.
 */
public final class ReportParser {
    private static final GuardedPattern OOPS = GuardedPattern.starting(
            "^(?:Oops|Internal error|general protection fault|invalid opcode|divide error|stack segment|double fault|PANIC: double fault)[^\\[]*?(?:: (?<code>[0-9a-f]{4,16}+))? \\[#(?<n>\\d{1,9}+)\\](?<features>.*)$",
            "Oops", "Internal error", "general protection fault", "invalid opcode", "divide error", "stack segment",
            "double fault", "PANIC: double fault");
    /** Reports without a CPU line name their task otherwise: hung tasks, soft lockups, scheduler dumps. */
    private static final GuardedPattern TASK_ELSEWHERE = GuardedPattern.starting(
            "^(?:INFO: task (?<comm1>.{1,64}?):(?<pid1>\\d{1,9}+) blocked for more than"
            + "|task:(?<comm2>.{1,64}?) +state:\\S++ .*?pid: ?(?<pid2>\\d{1,9}+)"
            + "|(?:watchdog: )?BUG: soft lockup - CPU#(?<cpu3>\\d{1,9}+) stuck for \\d++s! \\[(?<comm3>.{1,64}?):(?<pid3>\\d{1,9}+)\\])",
            "INFO: task ", "task:", "watchdog: BUG: soft lockup", "BUG: soft lockup");
    private static final GuardedPattern TAINT_LIST = GuardedPattern.starting("^Tainted: ((?:\\[[A-Z]\\]=\\w++(?:, )?)++)", "Tainted: ");
    private static final GuardedPattern HARDWARE = GuardedPattern.starting("^Hardware name: (.*)$", "Hardware name: ");
    private static final GuardedPattern PANIC = GuardedPattern.starting("^Kernel panic - not syncing: ?(.*?)\\s*$", "Kernel panic - not syncing:");
    private static final GuardedPattern END_TRACE = GuardedPattern.starting("^---\\[ end trace ([0-9a-f]++) \\]---", "---[ end trace ");
    private static final GuardedPattern KERNEL_OFFSET = GuardedPattern.starting("^Kernel Offset: (.*)$", "Kernel Offset: ");
    /** SLUB's allocation and free tracks of an object, printed before the report's own call trace. */
    private static final GuardedPattern SLAB_TRACK = GuardedPattern.containing(
            "^(?:INFO: )?(?:Allocated|Freed) in \\S.* age=\\d++ cpu=\\d++ pid=\\d++", " age=");
    /** A frame of such a track: {@code func+0x1/0x2 [mod]}, or a bare address. */
    private static final Pattern TRACK_FRAME = Pattern.compile("^(?:[A-Za-z_.$][\\w.$]*+\\+0x[0-9a-f]++|0x[0-9a-f]++\\s*+$)");
    /** The instruction pointer of user space: its code segment. */
    private static final GuardedPattern USER_IP = GuardedPattern.starting("^(?:RIP|EIP): 00(?:33|23|73):.*", "RIP: 00", "EIP: 00");
    private static final GuardedPattern NOTE = GuardedPattern.containing(
            "^(note: .*|Fixing recursive fault but reboot is needed!|Disabling lock debugging due to kernel taint|.* exited with irqs disabled|.* exited with preempt_count \\d++|Workqueue: .*)$",
            "note: ", "Fixing recursive fault", "Disabling lock debugging", " exited with ", "Workqueue: ");

    private ReportParser() {
    }

    /**
     * Parses a report, its architecture told from its own lines.
     *
     * @param lines      the report's lines
     * @param procModule a {@code /proc/modules} line printed after the report, or {@code null}
     * @param damage     damage already found while collecting the report; more is added
     */
    public static ReportDetails parse(List<LogLine> lines, LogLine procModule, List<Damage> damage) {
        return parse(lines, procModule, damage, ArchRules.detect(lines));
    }

    /**
     * @param lines      the report's lines
     * @param procModule a {@code /proc/modules} line printed after the report, or {@code null}
     * @param damage     damage already found while collecting the report; more is added
     * @param arch       the architecture that printed it, which says how to read its fault ({@code Oops: 805}
     *                   is an arm FSR, {@code Oops: 96000004} an arm64 ESR) and names ({@code IP:} is x86's RIP or EIP)
     */
    public static ReportDetails parse(List<LogLine> lines, LogLine procModule, List<Damage> damage, Arch arch) {
        List<Damage> damaged = new ArrayList<>(damage);
        RegisterParser registers = new RegisterParser(damaged, arch);
        TraceParser trace = new TraceParser(damaged);
        ModulesParser modules = new ModulesParser();
        FaultReader fault = new FaultReader(damaged, arch);
        List<CodeBytes> code = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        OopsLine oops = null;
        Task task = null;
        TaskLines.TaskLine kernel = null;
        long kernelLine = -1;
        String hardware = null;
        String panic = null;
        String endTrace = null;
        String kernelOffset = null;
        Task fallbackTask = null;
        boolean inModules = false;
        boolean userContext = false;
        boolean inTrack = false;

        for (LogLine logLine : lines) {
            String raw = logLine.text();
            String text = raw.stripLeading();
            long n = logLine.number();
            if (inModules && !ModulesParser.isStart(text) && ModulesParser.isContinuation(raw)
                    && !RegisterParser.isRegisterLine(text)) {
                modules.read(text, n);
                continue;
            }
            inModules = false;
            // A slab object's tracks are stacks of their own, not the report's call trace.
            inTrack = inTrack && TRACK_FRAME.matcher(text).lookingAt() || SLAB_TRACK.isLookingAt(text);
            if (inTrack) {
                continue;
            }
            fault.accept(text, n);
            if (trace.accept(raw, n)) {
                registers.interrupt();
                continue;
            }
            if (TraceParser.isStart(text)) {
                trace.start();
                registers.interrupt();
                continue;
            }
            if (RegisterParser.isIpLine(text)) {
                userContext = USER_IP.isMatch(text);
            }
            if (registers.accept(text, n)) {
                continue;
            }
            if (CodeParser.isCode(text)) {
                code.add(CodeParser.parse(text, n, userContext, damaged));
                continue;
            }
            registers.interrupt();
            Matcher m;
            TaskLines.TaskLine line;
            if (ModulesParser.isStart(text)) {
                modules.read(text, n);
                inModules = true;
                trace.end();
            } else if (oops == null && (m = OOPS.matches(text)) != null) {
                oops = new OopsLine(m.group("code"), Integer.parseInt(m.group("n")),
                        List.of(Whitespace.split(m.group("features").strip())).stream().filter(s -> !s.isEmpty()).toList(), n);
            } else if ((line = TaskLines.read(text)) != null && (line.namesTask() ? task == null : kernel == null)) {
                if (line.namesTask()) {
                    task = task(line, n);
                    hardware = hardware == null ? line.hardware() : hardware;
                } else {
                    kernel = line;
                    kernelLine = n;
                }
            } else if (fallbackTask == null && (m = TASK_ELSEWHERE.lookingAt(text)) != null) {
                fallbackTask = taskElsewhere(m, n);
            } else if (task != null && (m = TAINT_LIST.lookingAt(text)) != null) {
                task = withTaintList(task, m.group(1));
            } else if (hardware == null && (m = HARDWARE.matches(text)) != null) {
                hardware = m.group(1).strip();
            } else if (panic == null && (m = PANIC.matches(text)) != null) {
                panic = m.group(1);
            } else if ((m = END_TRACE.lookingAt(text)) != null) {
                endTrace = m.group(1);
                trace.end();
            } else if ((m = KERNEL_OFFSET.matches(text)) != null) {
                kernelOffset = m.group(1).strip();
            } else if ((m = NOTE.matches(text)) != null) {
                notes.add(m.group(1));
            } else if (trace.started() && !text.isEmpty()) {
                trace.end();
            }
        }
        if (task == null) {
            task = fallbackTask;
        }
        task = withKernel(task, kernel, kernelLine);
        ProcModule proc = procModule == null ? null : ModulesParser.procModule(procModule.text(), procModule.number());
        List<RegisterDump> dumps = registers.dumps();
        FaultInfo faultInfo = fault.result(dumps, oops);
        String message = lines.isEmpty() ? "" : lines.get(0).text().strip();
        return new ReportDetails(message, oops, faultInfo, task, hardware, dumps, List.copyOf(code), trace.frames(),
                modules.result(), proc, panic, endTrace, kernelOffset, List.copyOf(notes), List.copyOf(damaged));
    }

    /** Whether a line, printed anywhere in the log, is a {@code /proc/modules} line. */
    public static boolean isProcModule(String text) {
        return ModulesParser.procModule(text, 0) != null;
    }

    private static Task task(TaskLines.TaskLine t, long n) {
        return new Task(t.cpu(), t.pid(), t.comm(), t.taint(),
                t.taint() == null ? List.of() : org.koops.decode.TaintFlags.decode(t.taint()), t.release(), t.build(), n);
    }

    /**
     * The task with the release and taint of a line that names only the kernel (lockdep's, a hung task's): a task
     * named elsewhere without them gets them, and a report that names no task still has the kernel's.
     */
    private static Task withKernel(Task task, TaskLines.TaskLine kernel, long line) {
        if (kernel == null || task != null && task.release() != null) {
            return task;
        }
        List<org.koops.model.Taint> taints = kernel.taint() == null ? List.of()
                : org.koops.decode.TaintFlags.decode(kernel.taint());
        return task == null ? new Task(null, null, null, kernel.taint(), taints, kernel.release(), kernel.build(), line)
                : new Task(task.cpu(), task.pid(), task.comm(), kernel.taint(), taints, kernel.release(), kernel.build(),
                        task.line());
    }

    private static Task taskElsewhere(Matcher m, long n) {
        for (int k = 1; k <= 3; k++) {
            if (m.group("comm" + k) != null) {
                String cpu = k == 3 ? m.group("cpu3") : null;
                return new Task(cpu == null ? null : Integer.parseInt(cpu), Integer.parseInt(m.group("pid" + k)),
                        m.group("comm" + k), null, List.of(), null, null, n);
            }
        }
        return null;
    }

    /** Kernels since 6.12 print the taint letters on their own line: {@code Tainted: [P]=PROPRIETARY_MODULE, [O]=OOT_MODULE}. */
    private static Task withTaintList(Task task, String list) {
        StringBuilder letters = new StringBuilder();
        Matcher m = Pattern.compile("\\[([A-Z])\\]").matcher(list);
        while (m.find()) {
            letters.append(m.group(1));
        }
        String text = letters.toString();
        return new Task(task.cpu(), task.pid(), task.comm(), text, org.koops.decode.TaintFlags.decode(text),
                task.release(), task.build(), task.line());
    }
}
