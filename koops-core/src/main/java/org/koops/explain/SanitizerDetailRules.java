package org.koops.explain;

import static org.koops.explain.LineRule.fixed;
import static org.koops.explain.LineRule.rule;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/** The body of sanitizer reports: the access, the object, its allocation and free, and KASAN's shadow memory. */
final class SanitizerDetailRules {
    static final List<LineRule> RULES = List.of(
            rule("^(?<rw>Read|Write) of size (?<size>\\d++) at addr (?<addr>{{ADDR}})(?: by task (?<task>\\S++))?", (m, c) -> List.of(
                    "The bad access: a " + m.group("rw").toLowerCase(Locale.ROOT) + " of " + m.group("size")
                            + " bytes at 0x" + m.group("addr").replaceFirst("^0x", "")
                            + (m.group("task") == null ? "" : " by task " + m.group("task")) + ".")),
            rule("^Allocated by task (?<pid>\\d++)", (m, c) -> List.of("Where the object was allocated (task "
                    + m.group("pid") + "); the stack follows.")),
            rule("^Freed by task (?<pid>\\d++)", (m, c) -> List.of("Where the object was freed (task " + m.group("pid")
                    + "); the bad access came after this free.")),
            fixed("^(?:Last|Second to last) potentially related work creation:", "Where related asynchronous work "
                    + "(call_rcu, a work item, a timer) was queued for this object: a delayed free may come from there."),
            rule("^The buggy address belongs to the object at (?<addr>{{ADDR}})", (m, c) -> List.of("The access hit a "
                    + "slab object that starts at 0x" + m.group("addr").replaceFirst("^0x", "") + ".")),
            rule("^which belongs to the cache (?<cache>\\S++) of size (?<size>\\d++)", (m, c) -> List.of("Its slab cache is "
                    + m.group("cache") + ", with " + m.group("size") + "-byte objects.")),
            rule("^The buggy address is located (?<n>\\d++) bytes (?<where>inside of|to the right of|to the left of)",
                    (m, c) -> List.of("The access is " + m.group("n") + " bytes " + switch (m.group("where")) {
                        case "inside of" -> "inside the object";
                        case "to the right of" -> "past the end of the object: an overflow";
                        default -> "before the start of the object: an underflow";
                    } + " (the region is described " + (c.text().contains("region") ? "on this line)." : "on the next line)."))),
            rule("^(?<state>freed |allocated )?(?<size>\\d++)-byte region \\[(?<from>[0-9a-f]{1,16}+), (?<to>[0-9a-f]{1,16}+)\\)",
                    (m, c) -> List.of("The object: " + m.group("size") + " bytes from 0x" + m.group("from") + " up to 0x"
                            + m.group("to") + (m.group("state") == null ? "." : ", " + m.group("state").strip() + "."))),
            fixed("^The buggy address belongs to the physical page:", "The struct page of the memory follows."),
            fixed("^The buggy address belongs to the variable:", "The memory is a global variable, named on the next line."),
            rule("^The buggy address belongs to stack of task (?<task>\\S++)", (m, c) -> List.of("The memory is on the "
                    + "kernel stack of " + m.group("task") + ".")),
            fixed("^Memory state around the buggy address:", "KASAN shadow memory: each byte describes 8 bytes of memory. "
                    + "00 = all accessible, 01-07 = only that many accessible, fx = not accessible (the code says why); "
                    + "'>' marks the row of the bad address and '^' its byte."),
            rule("^>?[0-9a-f]{8,16}+: (?:[0-9a-f]{2} ){7,}+", SanitizerDetailRules::shadow),
            rule("^\\^$", (m, c) -> List.of("Points at the shadow byte of the bad address.")),
            rule("^(?<rw>read|write|read-write|read \\(marked\\)|write \\(marked\\)) to 0x(?<addr>[0-9a-f]{1,16}+) of (?<size>\\d++) "
                    + "bytes by (?<who>task \\d++|interrupt) on cpu (?<cpu>\\d++):", (m, c) -> List.of("One side of the race: a "
                    + m.group("size") + "-byte " + m.group("rw") + " of 0x" + m.group("addr") + " by " + m.group("who")
                    + " on CPU " + m.group("cpu") + "; its stack follows.")),
            rule("^value changed: (?<a>0x[0-9a-f]{1,16}+) -> (?<b>0x[0-9a-f]{1,16}+)", (m, c) -> List.of("The racing write changed "
                    + "the value from " + m.group("a") + " to " + m.group("b") + " while the other access was in progress.")),
            fixed("^Reported by Kernel Concurrency Sanitizer on:", "The CPU and task line below is the reporting side."),
            fixed("^Uninit was created at:", "Where the uninitialised memory came from: the allocation or stack "
                    + "variable that was never written."),
            fixed("^Uninit was stored to memory at:", "Where the uninitialised value was copied on its way to the use."),
            rule("^Local variable (?<var>\\S++) created at:", (m, c) -> List.of("The uninitialised memory is the local "
                    + "variable " + m.group("var") + ".")),
            rule("^Bytes (?<a>\\d++)-(?<b>\\d++) of (?<n>\\d++) are uninitialized", (m, c) -> List.of("Bytes " + m.group("a")
                    + " to " + m.group("b") + " of the " + m.group("n") + "-byte value were never initialised.")),
            rule("^comm \"(?<comm>[^\"]++)\", pid (?<pid>\\d++), jiffies \\d++(?: \\(age (?<age>[0-9.]++)s\\))?", (m, c) -> List.of(
                    "The leaked object was allocated by " + m.group("comm") + " (PID " + m.group("pid") + ")"
                            + (m.group("age") == null ? "." : ", " + m.group("age") + " s before this scan."))),
            rule("^shift exponent (?<n>-?\\d++) is (?:too large for (?<bits>\\d++)-bit type|negative)", (m, c) -> List.of(
                    "A shift by " + m.group("n") + (m.group("bits") == null ? ": a negative shift count is undefined."
                            : " on a " + m.group("bits") + "-bit type: shifts must be smaller than the type's width."))),
            rule("^index (?<i>-?\\d++) is out of range for type '(?<type>[^'\\[]++)\\[(?<n>\\d{1,15}+)\\]'", (m, c) -> List.of(
                    "Index " + m.group("i") + " into an array of " + m.group("n") + " elements: valid indices are 0 to "
                            + (Long.parseLong(m.group("n")) - 1) + ".")),
            rule("^load of value (?<v>-?\\d++) is not a valid value for type '(?<type>[^']++)'", (m, c) -> List.of("The value "
                    + m.group("v") + " was loaded as a " + m.group("type") + ", which cannot hold it: the memory was "
                    + "corrupted or never initialised.")),
            rule("^(?<a>-?\\d++) (?<op>[+\\-*]) (?<b>-?\\d++) cannot be represented in type '(?<type>[^']++)'", (m, c) -> List.of(
                    m.group("a") + " " + m.group("op") + " " + m.group("b") + " overflows " + m.group("type") + ".")),
            rule("^(?<what>Out-of-bounds|Use-after-free|Invalid) (?<rw>read|write) at 0x(?<addr>[0-9a-f]{1,16}+) \\((?<where>[^)]++)\\):",
                    (m, c) -> List.of("The bad access: a " + m.group("rw") + " at 0x" + m.group("addr") + " (" + m.group("where")
                            + " of a KFENCE-guarded object); its stack follows.")),
            rule("^kfence-#(?<n>\\d++): 0x(?<from>[0-9a-f]{1,16}+)-0x(?<to>[0-9a-f]{1,16}+), size=(?<size>\\d++), cache=(?<cache>\\S++)",
                    (m, c) -> List.of("The guarded object: " + m.group("size") + " bytes at 0x" + m.group("from") + " from cache "
                            + m.group("cache") + ".")),
            rule("^(?<what>allocated|freed) by task (?<pid>\\d++) on cpu (?<cpu>\\d++) at (?<t>[0-9.]++)s", (m, c) -> List.of(
                    "Where the object was " + m.group("what") + ", by task " + m.group("pid") + " on CPU " + m.group("cpu")
                            + " at " + m.group("t") + " s after boot; the stack follows.")),
            fixed("^hex dump \\(first \\d++ bytes\\):", "The first bytes of the leaked object, which may tell its type."),
            fixed("^backtrace(?: \\(crc [0-9a-f]{1,16}+\\))?:", "Where the leaked object was allocated: an allocation here was "
                    + "never freed."));

    /** Generic KASAN shadow values (mm/kasan/kasan.h); 0xfd is the slab padding of early kernels. */
    private static final Map<String, String> SHADOW = Map.ofEntries(
            Map.entry("fa", "fa = freed slab object (with its free stack kept)"),
            Map.entry("fb", "fb = freed slab object"),
            Map.entry("fc", "fc = slab redzone around an object"),
            Map.entry("fd", "fd = slab padding that belongs to no object (older kernels)"),
            Map.entry("fe", "fe = redzone of a large kmalloc allocation"),
            Map.entry("ff", "ff = freed page"),
            Map.entry("f1", "f1 = stack redzone left of a variable"),
            Map.entry("f2", "f2 = stack redzone between variables"),
            Map.entry("f3", "f3 = stack redzone right of a variable"),
            Map.entry("f4", "f4 = stack redzone of a partly used variable"),
            Map.entry("f8", "f8 = unallocated part of a vmalloc area"),
            Map.entry("f9", "f9 = redzone of a global variable"),
            Map.entry("ca", "ca = alloca redzone, left"),
            Map.entry("cb", "cb = alloca redzone, right"));

    private SanitizerDetailRules() {
    }

    private static List<String> shadow(Matcher m, LineContext c) {
        String text = c.text();
        Set<String> codes = new LinkedHashSet<>();
        for (String b : text.substring(text.indexOf(": ") + 2).strip().split("\\s++")) {
            if (SHADOW.containsKey(b)) {
                codes.add(SHADOW.get(b));
            }
        }
        List<String> out = new ArrayList<>();
        out.add(text.startsWith(">") ? "The shadow row that contains the bad address." : "Shadow memory near the bad address.");
        codes.forEach(code -> out.add(code + "."));
        return out;
    }
}
