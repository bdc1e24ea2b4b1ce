package org.koops.explain;

import static org.koops.explain.LineRule.fixed;
import static org.koops.explain.LineRule.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The OOM killer's report: who asked for memory, the memory state, the task table and the victim. */
final class OomRules {
    private static final Map<String, String> CONSTRAINTS = Map.of(
            "CONSTRAINT_NONE", "Constraint NONE: the whole system ran out of memory.",
            "CONSTRAINT_MEMCG", "Constraint MEMCG: a memory cgroup hit its limit; the system as a whole may have memory.",
            "CONSTRAINT_CPUSET", "Constraint CPUSET: the memory nodes of the task's cpuset ran out.",
            "CONSTRAINT_MEMORY_POLICY", "Constraint MEMORY_POLICY: the nodes allowed by the task's mempolicy ran out.");

    private static final Pattern OOM_SIZE = Pattern.compile("(total-vm|anon-rss|file-rss|shmem-rss):(\\d{1,15}+)kB");
    /** Pages of 4 KiB, the unit of the OOM report's counters. */
    private static final long PAGE_KIB = 4;
    private static final int UNKILLABLE = -1000;

    static final List<LineRule> RULES = List.of(
            rule("^(?<memcg>Memory cgroup out of memory|Out of memory): Kill(?:ed)? process (?<pid>\\d++) "
                    + "\\((?<comm>[^)]{1,64})\\)",
                    OomRules::oomKill),
            rule("^(?<comm>\\S{1,64}) invoked oom-killer: gfp_mask=0x(?<gfp>[0-9a-f]{1,16}+)(?<flags>\\([^)]*+\\))?, "
                    + "order=(?<order>\\d{1,9}+)",
                    (m, c) -> List.of(m.group("comm") + " could not get memory even after reclaim, so the OOM killer runs to "
                            + "free some by killing a process.", "order=" + m.group("order") + ": it asked for "
                            + (1L << Math.min(Integer.parseInt(m.group("order")), 20)) + " contiguous page(s); gfp_mask "
                            + "0x" + m.group("gfp") + (m.group("flags") == null ? "" : " " + m.group("flags"))
                            + " says how it may wait and where the memory may come from.")),
            rule("^Killed process (?<pid>\\d++) \\((?<comm>[^)]{1,64})\\)", OomRules::victim),
            rule("^(?<comm>\\S{1,64}): page allocation failure[:.] order:(?<order>\\d{1,2}+), mode:0x(?<gfp>[0-9a-f]{1,16}+)"
                    + "(?<flags>\\([^)]*+\\))?", OomRules::allocationFailure),
            rule("^(?<comm>\\S{1,64}): vmalloc(?:: allocation failure: (?<bytes>\\d++) bytes| error: size (?<size>\\d++))",
                    (m, c) -> List.of(m.group("comm") + " asked vmalloc() for " + (m.group("bytes") != null ? m.group("bytes")
                            : m.group("size")) + " bytes and got none: the size is absurd (often an unchecked length from "
                            + "user space), or there was no memory or address space left. The caller gets NULL.")),
            rule("^oom-kill:constraint=(?<constraint>\\w++)", (m, c) -> List.of(CONSTRAINTS.getOrDefault(m.group("constraint"),
                    "The OOM constraint: " + m.group("constraint") + "."))),
            rule("^oom_reaper: reaped process (?<pid>\\d++) \\((?<comm>[^)]{1,64})\\)", (m, c) -> List.of("The OOM reaper "
                    + "freed the memory of the killed " + m.group("comm") + " (PID " + m.group("pid") + ").")),
            fixed("^Mem-Info:", "The memory counters at that moment follow; values without a unit are pages of 4 KiB."),
            fixed("^Tasks state \\(memory values in pages\\):", "Every process with its memory, in pages: the candidates "
                    + "the OOM killer chose from."),
            fixed("^\\[ *pid *\\]", "Columns: rss = pages in RAM, pgtables_bytes = page-table size, swapents = swapped-out "
                    + "pages; oom_score_adj -1000 makes a task unkillable, 1000 makes it the first choice."),
            rule("^\\[ *(?<pid>\\d{1,9}+)\\] +\\d++ +\\d++ +\\d++ +(?<rss>\\d{1,15}+) +\\d++ +\\d++ +(?<adj>-?\\d{1,5}+) "
                    + "(?<name>.++)$",
                    (m, c) -> List.of(m.group("name").strip() + " (PID " + m.group("pid") + "): " + m.group("rss")
                            + " pages in RAM = " + size(Long.parseLong(m.group("rss")) * PAGE_KIB)
                            + (Integer.parseInt(m.group("adj")) == UNKILLABLE ? "; oom_score_adj -1000: never killed." : "."))),
            fixed("^[a-z_]++:\\d++(?: [a-z_]++:\\d++)*+\\s*+$", "Memory counters in pages: *_anon is process memory, *_file "
                    + "the page cache, slab_* kernel objects, free unused memory."),
            rule("^Node (?<node>\\d++) (?<zone>\\w++) free:(?<free>\\d{1,15}+)kB", (m, c) -> List.of("Zone " + m.group("zone")
                    + " of NUMA node " + m.group("node") + ": " + size(Long.parseLong(m.group("free"))) + " free, to compare "
                    + "with its min/low/high watermarks (kB).")),
            rule("^Free swap *= *(?<kb>\\d{1,15}+)kB", (m, c) -> List.of(m.group("kb").equals("0")
                    ? "No free swap: anonymous memory could not be paged out to make room."
                    : "Free swap: " + size(Long.parseLong(m.group("kb"))) + ".")),
            rule("^Total swap = 0kB", (m, c) -> List.of("The system has no swap at all.")),
            rule("^(?<n>\\d{1,15}+) pages RAM", (m, c) -> List.of("RAM: " + m.group("n") + " pages = "
                    + size(Long.parseLong(m.group("n")) * PAGE_KIB) + ".")));

    private OomRules() {
    }

    private static List<String> oomKill(Matcher m, LineContext c) {
        List<String> out = new ArrayList<>();
        out.add((m.group("memcg").startsWith("Memory cgroup") ? "A memory cgroup reached its limit" : "The system ran out "
                + "of memory") + "; the OOM killer killed " + m.group("comm") + " (PID " + m.group("pid") + ") to free memory.");
        out.addAll(sizes(c.text()));
        return out;
    }

    private static List<String> sizes(String text) {
        List<String> out = new ArrayList<>();
        Matcher rss = OOM_SIZE.matcher(text);
        List<String> sizes = new ArrayList<>();
        while (rss.find()) {
            sizes.add(rss.group(1) + " " + size(Long.parseLong(rss.group(2))));
        }
        if (!sizes.isEmpty()) {
            out.add("Its memory: " + String.join(", ", sizes) + " (total-vm is its virtual size; the rss values are in RAM: "
                    + "anonymous, file-backed and shared memory).");
        }
        return out;
    }

    private static List<String> victim(Matcher m, LineContext c) {
        List<String> out = new ArrayList<>();
        out.add("The OOM killer killed " + m.group("comm") + " (PID " + m.group("pid") + ") to free memory. Kernels before "
                + "5.x print this after the line that says what ran out; alone, the log was filtered down to it.");
        out.addAll(sizes(c.text()));
        return out;
    }

    private static List<String> allocationFailure(Matcher m, LineContext c) {
        int order = Integer.parseInt(m.group("order"));
        List<String> out = new ArrayList<>();
        out.add(m.group("comm") + " asked the page allocator for " + (1L << order) + " contiguous page(s) (order " + order
                + ", " + size(4L << order) + ") and got none. The caller gets NULL and must cope; the system carries on.");
        out.add(order > 3 ? "Order " + order + " needs physically contiguous memory: with enough free memory in all, it "
                + "still fails when memory is fragmented. The fix is usually in the caller (kvmalloc(), smaller buffers)."
                : "A small allocation failed: memory is really short, or the caller may not wait for reclaim (GFP_ATOMIC, "
                + "GFP_NOWAIT).");
        out.add("mode 0x" + m.group("gfp") + (m.group("flags") == null ? "" : " " + m.group("flags")) + ": the GFP flags, "
                + "how the allocation may wait and where the memory may come from.");
        return out;
    }

    private static String size(long kib) {
        if (kib < 1024) {
            return kib + " KiB";
        }
        return kib < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0)
                : String.format(Locale.ROOT, "%.1f GiB", kib / (1024.0 * 1024));
    }
}
