package org.koops.diagnose;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The source file a report blames, as syzkaller picks it to find the maintainers to mail: the first
 * {@code path.c:line} (or {@code .h}) that a symbolised report names, passing over the files of the
 * machinery every report goes through. It needs a symbolised report: without source locations there
 * is no guilty file.
 */
final class GuiltyFile {
    /** A family of source files that is never guilty, and why. */
    record Ignored(Pattern path, String reason) {
    }

    private static final List<Ignored> IGNORED = List.of(
            ignored(".*\\.h", "headers hold inline helpers expanded into every caller"),
            ignored("lib/.*", "generic library code does what its caller asked"),
            ignored("virt/lib/.*", "generic library code does what its caller asked"),
            ignored("mm/kasan/.*", "KASAN reports the bug, it did not cause it"),
            ignored("mm/kmsan/.*", "KMSAN reports the bug, it did not cause it"),
            ignored("kernel/kcov\\.c", "coverage instrumentation called from everywhere"),
            ignored("mm/sl.b\\.c", "the slab allocator only manages memory its caller asked for"),
            ignored("mm/memory\\.c", "page-fault handling on the way to the faulting code"),
            ignored("mm/percpu.*", "per-CPU allocator: memory its caller asked for"),
            ignored("mm/vmalloc\\.c", "vmalloc allocator: memory its caller asked for"),
            ignored("mm/page_alloc\\.c", "page allocator: memory its caller asked for"),
            ignored("mm/util\\.c", "allocation helpers (kvmalloc, kstrdup) used by every subsystem"),
            ignored("kernel/rcu/.*", "RCU machinery runs callbacks and reports stalls of others"),
            ignored("arch/.*/kernel/traps\\.c", "trap handling on the way to the report"),
            ignored("arch/.*/mm/fault\\.c", "page-fault handling on the way to the report"),
            ignored("arch/.*/mm/physaddr\\.c", "address translation checks called from everywhere"),
            ignored("arch/.*/kernel/stacktrace\\.c", "prints the stack trace"),
            ignored("arch/arm64/kernel/entry.*\\.c", "arm64 exception entry"),
            ignored("kernel/locking/.*", "lock primitives and lockdep detect, they do not cause"),
            ignored("kernel/panic\\.c", "prints the report and panics"),
            ignored("kernel/printk/printk.*\\.c", "prints the report"),
            ignored("kernel/softirq\\.c", "softirq dispatch, not the handler"),
            ignored("kernel/kthread\\.c", "kernel thread start-up, not the thread's work"),
            ignored("kernel/sched/.*\\.c", "the scheduler runs everything"),
            ignored("kernel/time/timer\\.c", "timer dispatch, not the callback"),
            ignored("kernel/workqueue\\.c", "work dispatch, not the work function"),
            ignored("net/core/dev\\.c", "generic packet dispatch used by every protocol"),
            ignored("net/core/sock\\.c", "generic socket layer used by every protocol"),
            ignored("net/core/skbuff\\.c", "generic packet buffers used by every protocol"),
            ignored("fs/proc/generic\\.c", "procfs registration used by every subsystem"),
            ignored("trusty/.*", "Trusty sources are not in the kernel tree"),
            ignored("drivers/usb/core/urb\\.c", "a warning in URB handling means a bug in the USB driver calling it"));

    /** Lockdep's "hardirqs last enabled at" lines name where interrupts changed state, not the bug. */
    private static final Pattern IGNORED_LINE = Pattern.compile("(?:hardirqs|softirqs)\\s++last\\s++(?:enabled|disabled)");

    /** The end of a C source location as symbolisers print it: {@code net/ipv6/ip6_output.c:1748}. */
    private static final Pattern SOURCE_END = Pattern.compile("\\.[ch]:[0-9]");

    /**
     * In a stall, the stack above the timer interrupt is the stall detector's own; what was looping is
     * below the interrupt entry.
     */
    private static final List<String> INTERRUPT_ENTRIES = List.of(" apic_timer_interrupt+0x", "Exception stack", "el1h_64_irq");

    private GuiltyFile() {
    }

    /** The guilty file named in a report's lines (messages, prefixes stripped), or {@code null}. */
    static String find(String title, List<String> lines) {
        if (title != null && title.startsWith("INFO: rcu detected stall")) {
            for (String entry : INTERRUPT_ENTRIES) {
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains(entry)) {
                        String file = firstNotIgnored(lines.subList(i, lines.size()), false);
                        if (file != null) {
                            return file;
                        }
                        break;
                    }
                }
            }
        }
        return firstNotIgnored(lines, true);
    }

    private static String firstNotIgnored(List<String> lines, boolean fallBackToFirst) {
        String first = null;
        for (String line : lines) {
            String file = source(line);
            if (file == null) {
                continue;
            }
            if (first == null) {
                first = file;
            }
            if (!ignored(file) && !IGNORED_LINE.matcher(line).find()) {
                return file;
            }
        }
        // Any file beats none: without one the report would go to nobody.
        return fallBackToFirst ? first : null;
    }

    /** The first source file named in a line; found from its end so that no pattern backtracks. */
    private static String source(String line) {
        Matcher m = SOURCE_END.matcher(line);
        while (m.find()) {
            int start = m.start();
            while (start > 0 && pathChar(line.charAt(start - 1))) {
                start--;
            }
            if (start < m.start() && nameChar(line.charAt(m.start() - 1))) {
                return clean(line.substring(start, m.start() + 2));
            }
        }
        return null;
    }

    private static boolean nameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    private static boolean pathChar(char c) {
        return nameChar(c) || c == '.' || c == '/';
    }

    private static boolean ignored(String file) {
        return IGNORED.stream().anyMatch(i -> i.path().matcher(file).lookingAt());
    }

    /** Drops {@code ./} and resolves {@code ..}, as symbolisers print paths relative to the build directory. */
    private static String clean(String path) {
        return java.nio.file.Path.of(path).normalize().toString();
    }

    private static Ignored ignored(String path, String reason) {
        return new Ignored(Pattern.compile(path), reason);
    }
}
