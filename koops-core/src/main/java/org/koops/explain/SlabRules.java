package org.koops.explain;

import static org.koops.explain.LineRule.fixed;
import static org.koops.explain.LineRule.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * SLUB's consistency checks (slub_debug, CONFIG_SLUB_DEBUG_ON): the report of a corrupted, leaked or doubly
 * freed object, its allocation and free tracks, the slab and the object's bytes, and the repair. Kernels
 * before 5.14 start the lines after the header with {@code INFO:}.
 */
final class SlabRules {
    /** The fill patterns of mm/slub.c (include/linux/poison.h) and what each marks. */
    private static final Map<String, String> PATTERNS = Map.of(
            "6b", "0x6b, the poison of a freed object",
            "a5", "0xa5, the poison of a freed object's last byte",
            "5a", "0x5a, the fill of padding and of unused memory",
            "bb", "0xbb, the red zone of a free object",
            "cc", "0xcc, the red zone of an allocated object");

    static final List<LineRule> RULES = List.of(
            rule("^BUG (?<cache>[\\w.\\-]++)(?: \\((?<taint>[^)]*+)\\))?: (?<what>.++)$", SlabRules::header),
            rule("^(?:INFO: )?0x(?<from>[0-9a-f]{1,16}+)-0x(?<to>[0-9a-f]{1,16}+)(?: @offset=\\d++)?\\. First byte "
                    + "0x(?<got>[0-9a-f]{1,2}+) instead of 0x(?<want>[0-9a-f]{1,2}+)", SlabRules::changed),
            rule("^(?:INFO: )?(?<what>Allocated|Freed) in (?<where>\\S++(?: \\[[\\w\\-]++\\])?) age=(?<age>\\d++) cpu=(?<cpu>\\d++) pid=(?<pid>\\d++)",
                    (m, c) -> List.of("The object was last " + m.group("what").toLowerCase() + " by " + where(m.group("where"))
                            + ", " + m.group("age") + " jiffies before this check, on CPU " + m.group("cpu") + ", by PID "
                            + m.group("pid") + "; that " + (m.group("what").equals("Allocated") ? "allocation" : "free")
                            + "'s stack follows.")),
            rule("^(?:INFO: )?Slab 0x[0-9a-f]++ objects=(?<objects>\\d++) used=(?<used>\\d++) fp=", (m, c) -> List.of(
                    "The slab (the page or pages of the cache) that holds the object: " + m.group("objects") + " objects, "
                            + m.group("used") + " in use; fp is its first free object.")),
            rule("^(?:INFO: )?Object 0x(?<obj>[0-9a-f]++) @offset=(?<off>\\d++)", (m, c) -> List.of("The object is at 0x"
                    + m.group("obj") + ", " + m.group("off") + " bytes into its slab; fp is the free-list pointer stored in it.")),
            fixed("^Bytes b4 [0-9a-f]{8,16}+:", "The bytes just before the object, for context."),
            fixed("^Object [0-9a-f]{8,16}+:", "The object's bytes: in a freed object every byte should be 6b (a5 for the "
                    + "last); other values were written after the free."),
            fixed("^Redzone +[0-9a-f]{8,16}+:", "The red zone after the object: bb for a free object, cc for an allocated "
                    + "one; any other byte was written past the object's end."),
            fixed("^Padding +[0-9a-f]{8,16}+:", "Padding up to the next object, 5a while untouched."),
            rule("^FIX (?<cache>[\\w.\\-]++): (?<what>.++)$", (m, c) -> List.of("SLUB repairs the damage (" + m.group("what")
                    + ") so the system can go on; the corruption itself happened earlier, in whoever wrote there.")));

    private SlabRules() {
    }

    private static List<String> header(Matcher m, LineContext c) {
        String what = m.group("what");
        String meaning;
        if (what.contains("Poison overwritten")) {
            meaning = "an object was written to after it was freed: a use-after-free write.";
        } else if (what.contains("Redzone overwritten")) {
            meaning = "bytes just outside an object were written: an out-of-bounds write (buffer overflow or underflow).";
        } else if (what.contains("Padding overwritten") || what.contains("padding overwritten")) {
            meaning = "the padding between objects was written: an out-of-bounds write, or a stray pointer.";
        } else if (what.startsWith("Objects remaining")) {
            meaning = "the cache was destroyed while objects of it were still allocated: they were leaked, usually by "
                    + "the module that owns the cache, on unload.";
        } else if (what.contains("already free")) {
            meaning = "an object was freed twice.";
        } else if (what.startsWith("kasan: ")) {
            meaning = "KASan prints it the way SLUB prints a corrupted object, with its tracks and bytes.";
        } else {
            meaning = "the cache's bookkeeping is inconsistent (" + what + "): memory corruption of the slab itself.";
        }
        if (what.startsWith("kasan: ")) {
            return List.of("The object of the " + m.group("cache") + " cache that the access hit: " + meaning);
        }
        List<String> out = new ArrayList<>();
        out.add("SLUB's consistency check of the cache " + m.group("cache") + " failed: " + meaning);
        out.add("Where the bad write happened is not shown: the check only finds it later. The tracks below show who "
                + "last allocated and freed the object; KASAN would catch the write itself.");
        return out;
    }

    private static List<String> changed(Matcher m, LineContext c) {
        long from = Hex.parse(m.group("from"));
        long to = Hex.parse(m.group("to"));
        String want = PATTERNS.getOrDefault(m.group("want"), "0x" + m.group("want"));
        return List.of((to - from + 1) + " byte(s) from 0x" + m.group("from") + " should hold " + want + "; the first "
                + "holds 0x" + m.group("got") + ", written by someone who should not have.");
    }

    /** {@code hotkey_exit+0x50/0xb0 [thinkpad_acpi]} as {@code hotkey_exit() [thinkpad_acpi]}; a bare address as it is. */
    private static String where(String location) {
        return location.replaceFirst("\\+0x[0-9a-f]++(?:/0x[0-9a-f]++)?", "()");
    }
}
