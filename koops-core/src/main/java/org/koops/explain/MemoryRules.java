package org.koops.explain;

import static org.koops.explain.LineRule.fixed;
import static org.koops.explain.LineRule.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.decode.RefcountWarnings;

/** Memory-state reports: bad pages, list and refcount corruption, usercopy, and the OOM killer. */
final class MemoryRules {
    private static final Pattern KERNEL_POINTER = Pattern.compile("\\b(?:0x)?([0-9a-f]{16})\\b");

    static final List<LineRule> RULES = List.of(
            rule("^BUG: Bad page state in process (?<comm>.{1,64}?)\\s++pfn:(?<pfn>[0-9a-f]{1,16}+)", (m, c) -> List.of(
                    "The page allocator found a page in a state it must not be in when freed or allocated (still mapped, "
                            + "referenced, or with flags set): memory corruption, a double free of a page, or a refcount bug.",
                    "Page frame 0x" + m.group("pfn") + " = physical address " + Hex.of(Hex.parse(m.group("pfn")) << 12)
                            + "; the task " + m.group("comm") + " was running.")),
            rule("^BUG: Bad page map in process (?<comm>\\S++)", (m, c) -> List.of("A page-table entry of "
                    + m.group("comm") + " points to a page whose state does not match: page-table corruption or a "
                    + "page refcount bug.")),
            rule("^page dumped because: (?<why>.++)$", MemoryRules::pageReason),
            rule("^page:[0-9a-f]{1,16}+ refcount:(?<ref>-?\\d++) mapcount:(?<map>-?\\d++)", (m, c) -> List.of(
                    "The struct page of that memory: refcount " + m.group("ref") + " (references held), mapcount "
                            + m.group("map") + " (page-table mappings).")),
            rule("^BUG: Bad rss-counter state mm:(?<mm>[0-9a-f]{1,16}+) type:(?<type>\\w++) val:(?<val>-?\\d++)", (m, c) -> List.of(
                    "A process's " + m.group("type") + " page counter ended at " + m.group("val") + " instead of 0 when its "
                            + "memory was torn down: pages were mapped or unmapped without the accounting.")),
            rule("^list_(?<op>add|del)(?<rcu>_rcu)? corruption", MemoryRules::list),
            rule("^refcount_t: (?<what>[a-z0-9\\- ]++)(?:; (?<so>[a-z\\- ]++))?\\.", MemoryRules::refcount),
            rule("^usercopy: Kernel memory (?<dir>exposure|overwrite) attempt detected (?:from|to) (?<what>.+?)"
                    + "(?: \\(offset \\d++, size \\d++\\))?!?$",
                    (m, c) -> List.of("Hardened usercopy stopped a copy " + (m.group("dir").equals("exposure")
                            ? "to user space that would have exposed" : "from user space that would have overwritten")
                            + " kernel memory outside the object: " + m.group("what") + ".",
                            "An out-of-bounds length or offset was passed to copy_to_user()/copy_from_user().")),
            rule("^flags: 0x[0-9a-f]{1,16}+\\((?<flags>[^)]*+)\\)", (m, c) -> List.of(m.group("flags").isEmpty()
                    ? "The page's flags: none of the named ones set (the number also holds its NUMA node and zone)."
                    : "The page's flags: " + m.group("flags") + " (what the page holds, its NUMA node and zone).")),
            fixed("^(?:raw|head): [0-9a-f]{16}+", "The struct page as raw words, for kernel developers."),
            fixed("^page_type: ", "The page's type tag; 0xffffffff() (or -1) means it has none."));

    private MemoryRules() {
    }

    private static List<String> pageReason(Matcher m, LineContext c) {
        String why = m.group("why").strip();
        String meaning = switch (why) {
            case "nonzero mapcount" -> ": the page is still mapped into a process while being freed";
            case "nonzero _refcount", "nonzero _count" -> ": someone still holds a reference to the page being freed";
            case "non-NULL mapping" -> ": the page still belongs to a file or anonymous mapping";
            default -> why.contains("flag") ? ": page flags that must be clear at this point are set" : "";
        };
        return List.of("The check that failed: " + why + meaning + ".");
    }

    private static List<String> list(Matcher m, LineContext c) {
        List<String> out = new ArrayList<>();
        out.add("CONFIG_DEBUG_LIST found inconsistent links " + (m.group("op").equals("add") ? "before adding an entry"
                : "while deleting an entry") + ": the list was changed concurrently without its lock, or an entry was "
                + "freed, reused or " + (m.group("op").equals("add") ? "added twice" : "deleted twice") + ".");
        Matcher p = KERNEL_POINTER.matcher(c.text());
        while (p.find()) {
            long v = Hex.parse(p.group(1));
            Addresses.special(v, c.report()).ifPresent(i -> out.add(Hex.of(v) + " is " + i.description() + "."));
        }
        return out;
    }

    private static List<String> refcount(Matcher m, LineContext c) {
        String what = RefcountWarnings.meaning(m.group("what")).orElse(null);
        List<String> out = new ArrayList<>();
        out.add("refcount_t caught a reference-count bug: " + (what == null ? m.group("what") : what) + ".");
        if (m.group("so") != null) {
            out.add("The kernel's verdict: " + m.group("so") + ". The counter is saturated so the object is not freed "
                    + "again; the trace shows the offending get or put.");
        }
        return out;
    }
}
