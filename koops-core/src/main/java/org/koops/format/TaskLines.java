package org.koops.format;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines that name the running task, the kernel's taint and its release, in every form kernels have printed
 * them: one row per form, read by {@link #read(String)} for the parser and the line explanations alike.
 */
public final class TaskLines {
    /**
     * What one such line says; a part the form does not print is {@code null}.
     *
     * @param cpu      the CPU number
     * @param pid      the task's PID
     * @param uid      the task's user id (since Linux 6.x)
     * @param comm     the task's command name
     * @param taint    the taint field as printed (letters, blanks, distributions' {@code -} columns), or {@code null}
     *                 for {@code Not tainted}
     * @param release  the kernel release, e.g. {@code 3.6.1-1.fc17.x86_64}
     * @param build    the build string after it, e.g. {@code #1 SMP PREEMPT_DYNAMIC}
     * @param hardware the machine's name where the form ends with it (the old {@code Pid:} line)
     * @param form     the name of the form's row
     */
    public record TaskLine(Integer cpu, Integer pid, String uid, String comm, String taint, String release, String build,
                           String hardware, String form) {
        /** Whether the line names a task (its PID and command), not only the kernel. */
        public boolean namesTask() {
            return pid != null && comm != null;
        }
    }

    /** A form: its name, its pattern, and why a kernel prints it so. */
    private record Form(String name, Pattern pattern, String why) {
    }

    /** {@code Not tainted}, or the positional taint field: letters, blanks, and RHEL's {@code -} columns. */
    private static final String TAINT = "(?:Not tainted|Tainted: (?<taint>[A-Z](?:[A-Z \\-]*[A-Z\\-])?))";
    private static final String RELEASE = "(?<release>\\d++\\.\\d++[^\\s()]*+)";
    private static final String TASK = "(?<pid>\\d{1,9}+)";

    private static final List<Form> FORMS = List.of(
            new Form("cpu", Pattern.compile("^CPU: (?<cpu>\\d{1,9}+) (?:UID: (?<uid>\\d++) )?PID: " + TASK
                    + " Comm: (?<comm>.{1,64}?) (?:Kdump: loaded )?" + TAINT + "\\s++" + RELEASE + "\\s*+(?<build>.*+)$"),
                    "dump_stack_print_info() since Linux 3.10; Kdump: loaded follows the name when a crash kernel is loaded"),
            new Form("pid", Pattern.compile("^Pid: " + TASK + ", comm: (?<comm>.{1,64}?) " + TAINT + "\\s++" + RELEASE
                    + "(?:\\s++(?<build>#\\S++))?\\s*+(?<hardware>.*+)$"),
                    "x86's show_regs() and dump_stack() before 3.10: only the version's first word, then the DMI machine name"),
            new Form("pid-parenthesised", Pattern.compile("^Pid: " + TASK + ", comm: (?<comm>.{1,64}?) " + TAINT + "\\s++\\("
                    + RELEASE + "(?: (?<build>#[^\\s)]++))?\\)\\s*+(?<hardware>.*+)$"),
                    "32-bit x86's __show_registers() before 2.6.30 put the release and version in parentheses"),
            new Form("taint", Pattern.compile("^" + TAINT + "\\s++" + RELEASE + "\\s*+(?<build>.*+)$"),
                    "a hung task's report prints the kernel on the line after its first, without the task"),
            new Form("ident", Pattern.compile("^" + RELEASE + " (?<build>#\\S++)(?: " + TAINT + ")?\\s*+$"),
                    "lockdep's and RCU's print_kernel_ident(): release and the version's first word, then the taint (since 3.4)"),
            new Form("powerpc-regs", Pattern.compile("^REGS: [0-9a-f]++ TRAP: [0-9a-f]++\\s++" + TAINT + "\\s++\\(" + RELEASE
                    + "\\)"), "powerpc's show_regs() names the taint and release after the trap"));

    private TaskLines() {
    }

    /** What {@code text} (a line without its prefix, leading blanks removed) says, or {@code null} if it is no such line. */
    public static TaskLine read(String text) {
        if (text.isEmpty() || !(text.startsWith("CPU: ") || text.startsWith("Pid: ") || text.startsWith("REGS: ")
                || text.contains("ainted") || Character.isDigit(text.charAt(0)) && text.contains(" #"))) {
            return null;
        }
        for (Form f : FORMS) {
            Matcher m = f.pattern().matcher(text);
            if (m.lookingAt()) {
                return new TaskLine(integer(m, "cpu"), integer(m, "pid"), group(m, "uid"), group(m, "comm"),
                        group(m, "taint") == null ? null : m.group("taint").strip(), m.group("release"),
                        emptyToNull(group(m, "build")), emptyToNull(group(m, "hardware")), f.name());
            }
        }
        return null;
    }

    private static String group(Matcher m, String name) {
        return m.pattern().pattern().contains("(?<" + name + ">") ? m.group(name) : null;
    }

    private static Integer integer(Matcher m, String name) {
        String s = group(m, name);
        return s == null ? null : Integer.parseInt(s);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
