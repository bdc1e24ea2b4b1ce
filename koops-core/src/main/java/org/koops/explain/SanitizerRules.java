package org.koops.explain;

import static org.koops.explain.LineRule.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/** The headers of the sanitizer reports: KASAN, KFENCE, KMSAN, KCSAN, UBSAN and kmemleak. */
final class SanitizerRules {
    private static final Map<String, String> KASAN = Map.ofEntries(
            Map.entry("slab-out-of-bounds", "an access beyond the bounds of a slab (kmalloc) object"),
            Map.entry("slab-use-after-free", "an access to a slab object that had already been freed"),
            Map.entry("use-after-free", "an access to memory that had already been freed"),
            Map.entry("global-out-of-bounds", "an access beyond the bounds of a global variable"),
            Map.entry("stack-out-of-bounds", "an access beyond a local variable on the stack"),
            Map.entry("vmalloc-out-of-bounds", "an access beyond a vmalloc() area"),
            Map.entry("out-of-bounds", "an access outside the object"),
            Map.entry("null-ptr-deref", "an access through a NULL pointer"),
            Map.entry("wild-memory-access", "an access to an address that is neither mapped nor tracked: a corrupted pointer"),
            Map.entry("user-memory-access", "kernel code dereferenced a user-space address directly"),
            Map.entry("double-free", "an object was freed twice"),
            Map.entry("invalid-free", "kfree() of a pointer that is not the start of an allocated object"),
            Map.entry("double-free or invalid-free", "an object was freed twice, or a pointer that is not the start of "
                    + "an allocated object was freed"),
            Map.entry("stack-use-after-scope", "a local variable was used after its scope ended"),
            Map.entry("use-after-scope", "a local variable was used after its scope ended"),
            Map.entry("stack-use-after-return", "a local variable was used after its function returned"),
            Map.entry("alloca-out-of-bounds", "an access beyond a variable-length stack array"),
            Map.entry("invalid-access", "the pointer's tag does not match the memory's tag (tag-based KASAN): a "
                    + "use-after-free or out-of-bounds access"));

    private static final Map<String, String> KMSAN = Map.of(
            "uninit-value", "a value computed from uninitialised memory decided a branch, was used as a pointer, or was "
                    + "passed on",
            "kernel-infoleak", "uninitialised kernel memory was copied to user space: an information leak",
            "kernel-usb-infoleak", "uninitialised kernel memory was sent to a USB device",
            "kernel-network-infoleak", "uninitialised kernel memory was sent out on the network");

    private static final Map<String, String> UBSAN = Map.ofEntries(
            Map.entry("shift-out-of-bounds", "a shift by a negative amount or by at least the operand's width"),
            Map.entry("array-index-out-of-bounds", "an index outside the array's declared bounds"),
            Map.entry("signed-integer-overflow", "signed arithmetic overflowed, which C leaves undefined"),
            Map.entry("integer-overflow", "integer arithmetic overflowed"),
            Map.entry("null-ptr-deref", "a NULL pointer was dereferenced"),
            Map.entry("invalid-load", "a loaded value is not valid for its type (a bool that is neither 0 nor 1, an "
                    + "out-of-range enum)"),
            Map.entry("misaligned-access", "an access through a misaligned pointer"),
            Map.entry("object-size-mismatch", "an access through a pointer to an object smaller than its type"),
            Map.entry("negation-overflow", "negating the most negative value overflowed"),
            Map.entry("division-overflow", "a division by zero or INT_MIN / -1"),
            Map.entry("divide-by-zero", "a division by zero"),
            Map.entry("unreachable", "code marked unreachable was reached"),
            Map.entry("implicit-conversion", "an implicit conversion changed the value"));

    static final List<LineRule> RULES = List.of(
            rule("^BUG: KASAN: (?<what>double-free or invalid-free|[a-z\\-]++) in {{FUNC}}", (m, c) -> header(m,
                    "KASAN, the kernel address sanitizer, caught a bad memory access in " + m.group("frame") + "()",
                    KASAN.get(m.group("what")))),
            rule("^BUG: KASan: (?<what>[a-z]++(?: [a-z]++)*?) (?:in {{FUNC}}|on address)", (m, c) -> header(m,
                    "KASan (KASAN's name in Linux 4.0 to 4.3), the kernel address sanitizer, caught a bad memory access"
                            + (m.group("frame") == null ? "" : " in " + m.group("frame") + "()"),
                    oldKasan(m.group("what")))),
            rule("^KASAN: (?<what>null-ptr-deref|maybe wild-memory-access|probably user-memory-access) in range "
                    + "\\[(?<from>{{ADDR}})-(?<to>{{ADDR}})\\]", (m, c) -> List.of("KASAN explains the general protection "
                    + "fault: the pointer being checked lay in [" + m.group("from") + ", " + m.group("to") + "], so this is "
                    + (m.group("what").equals("null-ptr-deref") ? "a NULL pointer dereference at offset " + Hex.of(Hex.parse(m.group("from")))
                            : m.group("what").replace("maybe ", "possibly a ").replace("probably ", "probably a ")) + ".")),
            rule("^BUG: KFENCE: (?<what>[a-z\\- ]+?) (?:(?<rw>read|write) )?in {{FUNC}}", SanitizerRules::kfence),
            rule("^BUG: KMSAN: (?<what>[a-z\\-]++) in {{FUNC}}", (m, c) -> header(m,
                    "KMSAN, the uninitialised-memory sanitizer, caught a problem in " + m.group("frame") + "()",
                    KMSAN.get(m.group("what")))),
            rule("^BUG: KCSAN: (?<what>[a-z\\-]++) in (?<a>{{SYM}}) / (?<b>{{SYM}})", (m, c) -> List.of(
                    "KCSAN, the data-race detector, saw " + m.group("a") + "() and " + m.group("b") + "() access the same "
                            + "memory at the same time on different CPUs without synchronisation, at least one of them writing.",
                    "The two accesses and their stacks follow.")),
            rule("^BUG: KCSAN: (?<what>[a-z\\-]++) in {{FUNC}}", (m, c) -> List.of("KCSAN, the data-race detector, "
                    + "reported a " + m.group("what") + " in " + m.group("frame") + "().")),
            rule("^UBSAN: (?<what>[a-z\\-]++) in (?<src>{{SRC}})(?::\\d++)?", (m, c) -> header(m,
                    "UBSAN, the undefined-behaviour sanitizer, caught undefined behaviour at " + m.group("src"),
                    UBSAN.get(m.group("what")))),
            rule("^UBSAN: Undefined behaviour in (?<src>{{SRC}})", (m, c) -> List.of("UBSAN, the undefined-behaviour "
                    + "sanitizer, caught undefined behaviour at " + m.group("src") + "; the next line says which.")),
            rule("^unreferenced object (?<addr>{{ADDR}}) \\(size (?<size>\\d++)\\):", (m, c) -> List.of("kmemleak found a "
                    + m.group("size") + "-byte object at " + m.group("addr") + " that nothing points to any more: a memory "
                    + "leak. The backtrace below shows where it was allocated.")));

    private SanitizerRules() {
    }

    private static List<String> header(Matcher m, String first, String what) {
        List<String> out = new ArrayList<>();
        out.add(first + (what == null ? ": " + m.group("what") + "." : ": " + what + "."));
        return out;
    }

    /** KASan's words of Linux 4.0 to 4.3 ("out of bounds access") as today's ("out-of-bounds"). */
    private static String oldKasan(String words) {
        String hyphenated = words.replace(' ', '-');
        return KASAN.getOrDefault(hyphenated, KASAN.get(hyphenated.replace("-access", "")));
    }

    private static List<String> kfence(Matcher m, LineContext c) {
        String rw = m.group("rw") == null ? "" : m.group("rw") + " ";
        return List.of("KFENCE, the low-overhead sampling memory-error detector (enabled on production kernels), caught "
                + "a " + m.group("what") + " " + rw + "in " + m.group("frame") + "().",
                "KFENCE guards only a sample of allocations, so the same bug can go unreported on other runs.");
    }
}
