package org.koops.diagnose;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.format.GuardedPattern;

/**
 * The source file a report blames, as syzkaller picks it to find the maintainers to tell: the first
 * {@code path.c:line} that a (symbolised) report names, passing over the files of the machinery that
 * every report goes through. The rules and the lists below follow syzkaller's
 * {@code pkg/report/linux.go} (extractGuiltyFile) so that both blame the same file.
 */
public final class GuiltyFile {
    /** A family of source files that is never guilty, and why. */
    record Ignored(Pattern path, String reason) {
    }

    private static final List<Ignored> IGNORED = List.of(
            ignored(".*\\.h", "headers hold inline helpers expanded into every caller"),
            ignored("lib/", "generic library code does what its caller asked"),
            ignored("virt/lib/", "generic library code does what its caller asked"),
            ignored("mm/kasan/", "KASAN reports the bug, it did not cause it"),
            ignored("mm/kmsan/", "KMSAN reports the bug, it did not cause it"),
            ignored("kernel/kcov\\.c", "coverage instrumentation is called from everywhere"),
            ignored("mm/sl.b", "slab allocators (slab.c, slub.c, slab_common.c) only manage memory their callers asked for"),
            ignored("mm/filemap\\.c", "page-cache helpers wait and allocate for the file system calling them"),
            ignored("mm/folio-compat\\.c", "page-cache helpers wait and allocate for the file system calling them"),
            ignored("mm/truncate\\.c", "page-cache helpers wait and allocate for the file system calling them"),
            ignored("mm/memory\\.c", "page-fault handling on the way to the faulting code"),
            ignored("mm/percpu", "the per-CPU allocator only manages memory its caller asked for"),
            ignored("mm/vmalloc\\.c", "vmalloc only manages memory its caller asked for"),
            ignored("mm/page_alloc\\.c", "the page allocator only manages memory its caller asked for"),
            ignored("mm/mempool\\.c", "memory pools only manage memory their caller asked for"),
            ignored("mm/util\\.c", "allocation helpers (kvmalloc, kstrdup) used by every subsystem"),
            ignored("kernel/rcu/", "RCU runs the callbacks of others and reports their stalls"),
            ignored("arch/.*/kernel/traps\\.c", "trap handling on the way to the report"),
            ignored("arch/.*/kernel/unwind.*\\.c", "the unwinder walks the stack to print it"),
            ignored("arch/.*/mm/fault\\.c", "page-fault handling on the way to the report"),
            ignored("arch/.*/mm/physaddr\\.c", "address translation checks called from everywhere"),
            ignored("arch/.*/kernel/stacktrace\\.c", "prints the stack trace"),
            ignored("arch/.*/kernel/apic/apic\\.c", "the timer interrupt that let a stall detector run"),
            ignored("arch/arm64/kernel/entry.*\\.c", "arm64 exception entry"),
            ignored("arch/arm64/kernel/process\\.c", "arm64 context switching"),
            ignored("kernel/locking/", "lock primitives and lockdep detect problems, they do not cause them"),
            ignored("kernel/panic\\.c", "prints the report and panics"),
            ignored("kernel/printk/printk.*\\.c", "prints the report"),
            ignored("kernel/softirq\\.c", "softirq dispatch, not the handler"),
            ignored("kernel/kthread\\.c", "kernel thread start-up, not the thread's work"),
            ignored("kernel/sched/.*\\.c", "the scheduler runs everything"),
            ignored("kernel/stacktrace\\.c", "prints the stack trace"),
            ignored("kernel/time/timer\\.c", "timer dispatch, not the callback"),
            ignored("kernel/workqueue\\.c", "work dispatch, not the work function"),
            ignored("net/core/dev\\.c", "packet dispatch used by every protocol"),
            ignored("net/core/sock\\.c", "the socket layer used by every protocol"),
            ignored("net/core/skbuff\\.c", "packet buffers used by every protocol"),
            ignored("fs/proc/generic\\.c", "procfs registration used by every subsystem"),
            ignored("trusty/", "Trusty sources are not in the kernel tree"),
            ignored("drivers/usb/core/urb\\.c", "a warning in URB handling means a bug in the USB driver calling it"),
            ignored("arch/.*/lib/crc", "checksum helpers crash on the buffers their callers pass"));

    /** Lines whose file names where something else happened, not the bug. */
    private static final List<Ignored> IGNORED_LINES = List.of(
            new Ignored(Pattern.compile("(?:hardirqs|softirqs)\\s++last\\s++(?:enabled|disabled)"),
                    "lockdep's irq-state history: where interrupts were last switched"),
            new Ignored(Pattern.compile("\\}(?:-\\{\\d++:\\d++\\})?, at: "),
                    "lockdep's held-lock list: where each lock was taken"),
            new Ignored(Pattern.compile("^Register r\\d++ information"),
                    "arm's register-content notes: where memory a register points to was allocated"));

    /** The end of a C source location as symbolisers print it: {@code net/ipv6/ip6_output.c:1748}. */
    private static final GuardedPattern SOURCE_END = GuardedPattern.containing("\\.[ch]:[0-9]", ".c:", ".h:");

    /**
     * In a stall the stack above the timer interrupt is the stall detector's own; what was looping
     * is below the interrupt entry.
     */
    private static final List<String> INTERRUPT_ENTRIES = List.of("apic_timer_interrupt+0x", "el1h_64_irq+0x",
            "Exception stack");

    private GuiltyFile() {
    }

    /**
     * The guilty file named in a report's lines (messages without their console prefix, from the
     * report's first line on), or {@code null} when they name no source file.
     *
     * @param title the report's title: a stall is searched from its interrupt entry first
     */
    public static String find(String title, List<String> lines) {
        if (title != null && title.startsWith("INFO: rcu detected stall")) {
            for (String entry : INTERRUPT_ENTRIES) {
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains(entry)) {
                        String file = guilty(lines.subList(i, lines.size()));
                        if (file != null) {
                            return file;
                        }
                        break;
                    }
                }
            }
        }
        return guilty(lines);
    }

    /**
     * The first file not ignored; then, further down the stack, a file in a subdirectory of its
     * directory is more specific ({@code fs/inode.c} called from {@code fs/ntfs3/super.c}: the
     * file system is to blame, not the VFS). With every file ignored, the first one: a report must
     * go to someone.
     */
    private static String guilty(List<String> lines) {
        String first = null;
        int i = 0;
        String guilty = null;
        for (; i < lines.size() && guilty == null; i++) {
            String file = source(lines.get(i));
            if (file != null) {
                first = first == null ? file : first;
                guilty = passedOver(file, lines.get(i)) ? null : clean(file);
            }
        }
        if (guilty == null) {
            return first;
        }
        for (; i < lines.size(); i++) {
            String file = source(lines.get(i));
            if (file != null && !passedOver(file, lines.get(i)) && deeper(clean(file), guilty)) {
                guilty = clean(file);
            }
        }
        return guilty;
    }

    private static boolean deeper(String file, String than) {
        int slash = than.lastIndexOf('/');
        if (slash < 0) {
            return false;
        }
        String dir = than.substring(0, slash + 1);
        return file.startsWith(dir) && file.indexOf('/', dir.length()) > dir.length();
    }

    /** The first source file named in a line; found from its end so that no pattern backtracks. */
    private static String source(String line) {
        Matcher m = SOURCE_END.find(line);
        while (m != null) {
            int start = m.start();
            while (start > 0 && pathChar(line.charAt(start - 1))) {
                start--;
            }
            if (start < m.start() && nameChar(line.charAt(m.start() - 1))) {
                return line.substring(start, m.start() + 2);
            }
            m = m.find() ? m : null;
        }
        return null;
    }

    private static boolean nameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    private static boolean pathChar(char c) {
        return nameChar(c) || c == '.' || c == '/';
    }

    private static boolean passedOver(String file, String line) {
        return IGNORED.stream().anyMatch(i -> i.path().matcher(file).lookingAt())
                || IGNORED_LINES.stream().anyMatch(i -> i.path().matcher(line).find());
    }

    /** Drops {@code ./} and empty parts and resolves {@code ..}: symbolisers print paths as the build saw them. */
    private static String clean(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.equals("..") && !parts.isEmpty() && !parts.peekLast().equals("..")) {
                parts.removeLast();
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.addLast(part);
            }
        }
        return (path.startsWith("/") ? "/" : "") + String.join("/", parts);
    }

    private static Ignored ignored(String path, String reason) {
        return new Ignored(Pattern.compile(path), reason);
    }
}
