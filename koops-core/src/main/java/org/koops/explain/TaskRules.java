package org.koops.explain;

import static org.koops.explain.LineRule.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.decode.KernelRelease;
import org.koops.decode.TaintFlags;
import org.koops.format.TaskLines;
import org.koops.model.Taint;

/**
 * Who was running: the task line in each of its forms ({@link TaskLines}: {@code CPU: ... PID: ... Comm:}, the older
 * {@code Pid: ..., comm:}, the kernel's own line of lockdep and hung-task reports), taint, hardware and workqueue lines.
 */
final class TaskRules {
    static final List<LineRule> RULES = List.of(
            rule("^Tainted: \\[", (m, c) -> taints(TaintFlags.decode(c.text()), false)),
            rule("^(?:CPU: \\d|Pid: \\d|REGS: |Not tainted|Tainted: [A-Z]|\\d++\\.\\d++\\S*+ #)", TaskRules::task),
            rule("^Hardware name: (?<name>.++)$", TaskRules::hardware),
            rule("^Workqueue: (?<wq>\\S++) (?<fn>[\\w.$]++)(?: \\[(?<mod>[\\w\\-]++)\\])?", TaskRules::workqueue));

    /** Well-known tasks, matched against {@code pid:comm}, and what it means that one of them was running. */
    private record KnownTask(Pattern task, String meaning) {
    }

    private static final List<KnownTask> KNOWN_TASKS = List.of(
            known("0:swapper(?:/\\d++)?+", "the idle task: no process was running, so the code ran in an interrupt or the idle loop"),
            known("1:swapper(?:/\\d++)?+", "the boot thread that later becomes init: user space had not started yet"),
            known("1:.*+", "init, the first user-space process; the system cannot run without it"),
            known("\\d++:kworker/.*+", "a workqueue worker (kernel thread) running deferred work"),
            known("\\d++:ksoftirqd/\\d++", "the kernel thread that runs deferred softirq work"),
            known("\\d++:(?:kthreadd|migration/\\d++|rcu_\\w++|kswapd\\d*+|khugepaged|kcompactd\\d*+|watchdog/\\d++|cpuhp/\\d++)",
                    "a kernel thread"),
            known("\\d++:(?:insmod|modprobe|kmod)", "loading a module"),
            known("\\d++:rmmod", "unloading a module"),
            known("\\d++:systemd-udevd", "udev, which loads drivers and probes devices"));

    /** Hypervisors by the DMI or device-tree names they give their machines. */
    private record Platform(Pattern marker, String name) {
    }

    private static final List<Platform> PLATFORMS = List.of(
            new Platform(Pattern.compile("QEMU|Bochs|linux,dummy-virt"), "a QEMU/KVM virtual machine"),
            new Platform(Pattern.compile("Parallels"), "a Parallels virtual machine"),
            new Platform(Pattern.compile("VMware"), "a VMware virtual machine"),
            new Platform(Pattern.compile("VirtualBox|innotek"), "a VirtualBox virtual machine"),
            new Platform(Pattern.compile("Microsoft Corporation Virtual Machine"), "a Hyper-V virtual machine"),
            new Platform(Pattern.compile("Xen"), "a Xen virtual machine"),
            new Platform(Pattern.compile("Google Compute Engine"), "a Google Cloud virtual machine"),
            new Platform(Pattern.compile("Amazon EC2"), "an Amazon EC2 instance"),
            new Platform(Pattern.compile("BHYVE"), "a bhyve virtual machine"),
            new Platform(Pattern.compile("KVM|OpenStack"), "a KVM virtual machine"));
    private static final Pattern BIOS = Pattern.compile(", BIOS (.+?) (\\d{2}/\\d{2}/\\d{4})$");

    private TaskRules() {
    }

    private static KnownTask known(String regex, String meaning) {
        return new KnownTask(Pattern.compile("^" + regex + "$"), meaning);
    }

    private static List<String> task(Matcher m, LineContext c) {
        TaskLines.TaskLine t = TaskLines.read(c.text());
        if (t == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (t.namesTask()) {
            String kind = KNOWN_TASKS.stream().filter(k -> k.task().matcher(t.pid() + ":" + t.comm()).matches())
                    .map(KnownTask::meaning)
                    .findFirst().map(s -> ", " + s).orElse("");
            String uid = t.uid() == null ? "" : ", running as UID " + t.uid() + (t.uid().equals("0") ? " (root)" : "");
            out.add((t.cpu() == null ? "" : "On CPU " + t.cpu() + ", ") + "PID " + t.pid() + ", command \"" + t.comm()
                    + "\": the task that was running" + kind + uid + ".");
        }
        out.addAll(taints(t.taint() == null ? List.of() : TaintFlags.decode(t.taint()), t.taint() == null));
        release(t, out);
        if (t.hardware() != null) {
            out.add(hardware(t.hardware()));
        }
        return out;
    }

    /** One sentence per taint letter, the whole table of {@link TaintFlags}. */
    static List<String> taints(List<Taint> taints, boolean notTainted) {
        if (notTainted) {
            return List.of("Not tainted: no proprietary or out-of-tree module, no earlier oops or warning: the kernel "
                    + "was in a state its developers support.");
        }
        return taints.isEmpty() ? List.of() : List.of(letters(taints));
    }

    /** The taint letters with their meanings, in one sentence. */
    static String letters(List<Taint> taints) {
        List<String> out = new ArrayList<>();
        for (Taint t : taints) {
            String bit = t.bit() == TaintFlags.NO_BIT ? "" : " (bit " + t.bit() + ", " + t.name().replace("TAINT_", "") + ")";
            out.add(t.letter() + bit + ": " + t.meaning());
        }
        return "Taint " + String.join("; ", out) + ".";
    }

    private static void release(TaskLines.TaskLine t, List<String> out) {
        String build = t.build() == null ? "" : t.build();
        String distro = KernelRelease.origin(t.release(), build).map(o -> " It is " + o.name() + ".").orElse("");
        out.add("Kernel release " + t.release() + (build.isEmpty() ? "" : ", build " + build)
                + ": debug symbols (vmlinux, .ko files) must come from exactly this build." + distro);
    }

    private static List<String> hardware(Matcher m, LineContext c) {
        return List.of(hardware(m.group("name")));
    }

    private static String hardware(String name) {
        StringBuilder s = new StringBuilder("The machine as its firmware describes it"
                + (name.endsWith("(DT)") ? " (from the device tree)" : ""));
        PLATFORMS.stream().filter(p -> p.marker().matcher(name).find()).findFirst()
                .ifPresent(p -> s.append(": ").append(p.name()).append(", so a hardware fault is unlikely and the "
                        + "hypervisor's emulated devices are part of the picture"));
        Matcher bios = BIOS.matcher(name);
        if (bios.find()) {
            s.append("; firmware (BIOS/UEFI) version ").append(bios.group(1)).append(", dated ").append(bios.group(2));
        }
        return s.append('.').toString();
    }

    private static List<String> workqueue(Matcher m, LineContext c) {
        List<String> out = new ArrayList<>();
        out.add("The task is a workqueue worker running the work item " + m.group("fn") + "() from the \""
                + m.group("wq") + "\" workqueue: the code ran asynchronously, so whoever queued the work is not in the trace.");
        if (m.group("mod") != null) {
            out.add(Locations.moduleNote(m.group("mod"), c.report()));
        }
        return out;
    }
}
