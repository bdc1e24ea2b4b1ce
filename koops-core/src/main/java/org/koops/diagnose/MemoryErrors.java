package org.koops.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.format.FrameFamilies;
import org.koops.format.GuardedPattern;
import org.koops.model.Kind;
import org.koops.model.LogLine;
import org.koops.model.MemoryAccess;
import org.koops.model.Origin;

/**
 * Reads what a KASAN, KFENCE or KMSAN report says of the bad access ({@code Write of size 4 at addr ... by task
 * rb_reader/733}), the object it hit ({@code which belongs to the cache kmalloc-32 of size 32}, {@code located 16
 * bytes inside of}) and its origins ({@code Allocated by task 730:}, {@code Freed by task 731:} and their stacks), the
 * lines of {@code mm/kasan/report.c}, {@code mm/kfence/report.c} and {@code mm/kmsan/report.c}.
 */
final class MemoryErrors {
    private static final GuardedPattern HEADER = GuardedPattern.starting(
            "^BUG: (?:KASAN|KFENCE|KMSAN): ([a-z][a-z\\- ]*?)(?: in | read | write |$)", "BUG: KASAN: ", "BUG: KFENCE: ", "BUG: KMSAN: ");
    private static final GuardedPattern KASAN_ACCESS = GuardedPattern.starting(
            "^(Read|Write) of size (\\d{1,9}+) at addr (?:0x)?([0-9a-f]{1,16}+)(?: by task (\\S++))?", "Read of size ", "Write of size ");
    private static final GuardedPattern KFENCE_ACCESS = GuardedPattern.starting(
            "^(?:Out-of-bounds|Use-after-free|Invalid|Corrupted memory) (read|write)? ?at 0x([0-9a-f]{1,16}+) \\((?:(\\d{1,9}+)B (left|right) of|in) kfence-#\\d{1,9}+\\):",
            "Out-of-bounds ", "Use-after-free ", "Invalid ", "Corrupted memory ");
    /** {@code kfence-#24: 0x...-0x..., size=32, cache=kmalloc-32}, or since 5.12 {@code kfence-#24 [0x...-0x..., size=32,
     * cache=kmalloc-32] allocated by task 110:} with the first origin on the same line. */
    private static final GuardedPattern KFENCE_OBJECT = GuardedPattern.starting(
            "^kfence-#\\d{1,9}+(?::| \\[)0x([0-9a-f]{1,16}+)-0x[0-9a-f]{1,16}+, "
            + "size=(\\d{1,9}+), cache=([^\\]\\s]++)\\]?(?: (allocated|freed) by task (\\d{1,9}+)(?: on cpu (\\d{1,9}+) at ([0-9.]++)s)?:)?",
            "kfence-#");
    private static final GuardedPattern OBJECT = GuardedPattern.starting(
            "^The buggy address belongs to the object at (?:0x)?([0-9a-f]{1,16}+)", "The buggy address belongs to the object at ");
    private static final GuardedPattern CACHE = GuardedPattern.starting("^which belongs to the cache (\\S++) of size (\\d{1,9}+)",
            "which belongs to the cache ");
    private static final GuardedPattern LOCATED = GuardedPattern.starting(
            "^The buggy address is located (\\d{1,9}+) bytes (inside of|to the right of|to the left of)", "The buggy address is located ");
    private static final Pattern REGION = Pattern.compile("(\\d{1,9}+)-byte region \\[");
    private static final GuardedPattern KASAN_ORIGIN = GuardedPattern.starting(
            "^(Allocated|Freed) by task (\\d{1,9}+)(?: on cpu (\\d{1,9}+) at ([0-9.]++)s)?:", "Allocated by task ", "Freed by task ");
    private static final GuardedPattern KFENCE_ORIGIN = GuardedPattern.starting(
            "^(allocated|freed) by task (\\d{1,9}+) on cpu (\\d{1,9}+) at ([0-9.]++)s", "allocated by task ", "freed by task ");
    private static final GuardedPattern OTHER_ORIGIN = GuardedPattern.starting(
            "^(?:(Uninit was created at)|(Uninit was stored to memory at)|Local variable \\S++ created at"
                    + "|(?:Last|Second to last) potentially related work creation):", "Uninit was ", "Local variable ", "Last potentially ",
            "Second to last potentially ");
    private static final Pattern FRAME = Pattern.compile("^(?:\\? )?([A-Za-z_][\\w.$]*+)(?:\\+0x[0-9a-f]{1,16}+(?:/0x[0-9a-f]{1,16}+)?)?(?:\\s.*)?$");
    /** Functions that only record the stack an origin is printed with; the question of FrameFamilies for origins. */
    private static final Pattern RECORDING = Pattern.compile(
            "^(?:save_stack\\w*|stack_trace_save\\w*|stack_depot_save\\w*|set_track\\w*|set_alloc_info|_*kasan_\\w+"
                    + "|kmsan_\\w+|__msan_\\w+|kfence_\\w+|__kfence_\\w+)$");

    private MemoryErrors() {
    }

    /** What the report says, or {@code null} for a report of another kind. */
    static MemoryAccess read(Evidence e) {
        if (e.kind() != Kind.KASAN && e.kind() != Kind.KFENCE && e.kind() != Kind.KMSAN) {
            return null;
        }
        String bug = null;
        String access = null;
        Integer size = null;
        Long address = null;
        String task = null;
        String cache = null;
        Long object = null;
        Integer objectSize = null;
        Long offset = null;
        String relation = null;
        List<Origin> origins = new ArrayList<>();
        List<LogLine> lines = e.lines();
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).text().strip();
            Matcher m;
            if (bug == null && (m = HEADER.find(t)) != null) {
                bug = m.group(1).strip();
            } else if (access == null && (m = KASAN_ACCESS.lookingAt(t)) != null) {
                access = m.group(1).toLowerCase(Locale.ROOT);
                size = Integer.valueOf(m.group(2));
                address = Long.parseUnsignedLong(m.group(3), 16);
                task = m.group(4);
            } else if (access == null && (m = KFENCE_ACCESS.lookingAt(t)) != null) {
                access = m.group(1);
                address = Long.parseUnsignedLong(m.group(2), 16);
                if (m.group(3) != null) {
                    offset = Long.valueOf(m.group(3));
                    relation = m.group(4);
                } else {
                    relation = "inside";
                }
            } else if ((m = KFENCE_OBJECT.lookingAt(t)) != null) {
                object = Long.parseUnsignedLong(m.group(1), 16);
                objectSize = Integer.valueOf(m.group(2));
                cache = m.group(3);
                if ("inside".equals(relation) && address != null) {
                    offset = address - object;
                }
                if (m.group(4) != null) {
                    origins.add(origin(m.group(4), Integer.valueOf(m.group(5)), integer(m.group(6)), m.group(7), lines, i));
                }
            } else if ((m = OBJECT.lookingAt(t)) != null) {
                object = Long.parseUnsignedLong(m.group(1), 16);
            } else if ((m = CACHE.lookingAt(t)) != null) {
                cache = m.group(1);
                objectSize = Integer.valueOf(m.group(2));
            } else if ((m = LOCATED.lookingAt(t)) != null) {
                offset = Long.valueOf(m.group(1));
                relation = switch (m.group(2)) {
                    case "inside of" -> "inside";
                    case "to the right of" -> "right";
                    default -> "left";
                };
                Matcher region = REGION.matcher(t + (i + 1 < lines.size() ? " " + lines.get(i + 1).text() : ""));
                if (objectSize == null && region.find()) {
                    objectSize = Integer.valueOf(region.group(1));
                }
            } else if ((m = KASAN_ORIGIN.lookingAt(t)) != null) {
                origins.add(origin(m.group(1).toLowerCase(Locale.ROOT), Integer.valueOf(m.group(2)), integer(m.group(3)),
                        m.group(4), lines, i));
            } else if ((m = KFENCE_ORIGIN.lookingAt(t)) != null) {
                origins.add(origin(m.group(1), Integer.valueOf(m.group(2)), integer(m.group(3)), m.group(4), lines, i));
            } else if ((m = OTHER_ORIGIN.lookingAt(t)) != null) {
                String what = m.group(1) != null ? "created" : m.group(2) != null ? "stored"
                        : t.startsWith("Local variable") ? "created" : "queued";
                origins.add(origin(what, null, null, null, lines, i));
            }
        }
        if (bug == null) {
            return null;
        }
        Integer pid = task == null ? pidOf(e) : pidOf(task);
        Origin allocated = origins.stream().filter(o -> o.what().equals("allocated")).findFirst().orElse(null);
        Origin freed = origins.stream().filter(o -> o.what().equals("freed")).findFirst().orElse(null);
        Boolean freedByAccessing = freed == null || freed.pid() == null || pid == null || freed.pid() == 0 ? null
                : Objects.equals(freed.pid(), pid);
        Boolean allocatedByFreeing = freed == null || allocated == null || freed.pid() == null || allocated.pid() == null
                || freed.pid() == 0 ? null : Objects.equals(freed.pid(), allocated.pid());
        return new MemoryAccess(bug, access, size, address, task, pid, cache, object, objectSize, offset, relation,
                List.copyOf(origins), freedByAccessing, allocatedByFreeing);
    }

    /** The origin whose heading is line {@code at}, with the stack printed under it. */
    private static Origin origin(String what, Integer pid, Integer cpu, String seconds, List<LogLine> lines, int at) {
        List<String> stack = new ArrayList<>();
        for (int j = at + 1; j < lines.size(); j++) {
            String t = lines.get(j).text().strip();
            Matcher f = FRAME.matcher(t);
            if (t.isEmpty() || t.endsWith(":") || !f.matches() || !t.contains("+0x") && !t.contains(".c:")) {
                break;
            }
            stack.add(f.group(1));
        }
        String caller = stack.stream().filter(fn -> !RECORDING.matcher(FrameFamilies.baseName(fn)).matches()
                && FrameFamilies.of(fn) == null).findFirst().orElse(null);
        return new Origin(what, pid, cpu, seconds, List.copyOf(stack), caller, lines.get(at).number());
    }

    /** What the sanitizer caught when it printed no access line: KMSAN's use of an uninitialised value, mostly. */
    static String what(MemoryAccess a) {
        return a.bug().startsWith("uninit") ? "an uninitialised value used" : a.bug().endsWith("infoleak")
                ? "uninitialised memory copied out of the kernel" : "a bad access";
    }

    private static Integer pidOf(String task) {
        int slash = task.lastIndexOf('/');
        try {
            return slash < 0 ? null : Integer.valueOf(task.substring(slash + 1));
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    private static Integer pidOf(Evidence e) {
        return e.details().task() == null ? null : e.details().task().pid();
    }

    private static Integer integer(String s) {
        return s == null ? null : Integer.valueOf(s);
    }

    /**
     * The report's access, object and origins in one sentence for the summary:
     * {@code a write of 4 bytes, 16 bytes inside a 32-byte object of kmalloc-32 freed by task 731}.
     */
    static String phrase(MemoryAccess a) {
        StringBuilder s = new StringBuilder();
        if (a.access() != null) {
            s.append("a ").append(a.access()).append(a.size() == null ? "" : " of " + a.size() + " byte" + (a.size() == 1 ? "" : "s"));
        } else {
            s.append(what(a));
        }
        if (a.address() != null) {
            s.append(String.format(" at 0x%x", a.address()));
        }
        if (a.offset() != null && a.relation() != null) {
            s.append(", ").append(a.offset()).append(a.offset() == 1 ? " byte " : " bytes ").append(switch (a.relation()) {
                case "inside" -> "inside";
                case "right" -> "past the end of";
                default -> "before the start of";
            }).append(' ');
            s.append(a.objectSize() == null ? "the object" : "a " + a.objectSize() + "-byte object");
            if (a.cache() != null) {
                s.append(" of cache ").append(a.cache());
            }
        } else if (a.cache() != null) {
            s.append(" in an object of cache ").append(a.cache());
        }
        Origin created = a.origin("created");
        if (created != null && created.caller() != null) {
            s.append(", created in ").append(created.caller());
        }
        Origin freed = a.origin("freed");
        if (freed != null && freed.pid() != null && freed.pid() != 0) {
            s.append(", freed by task ").append(freed.pid()).append(freed.caller() == null ? "" : " in " + freed.caller())
                    .append(Boolean.TRUE.equals(a.freedByAccessingTask()) ? " (the same task)"
                            : Boolean.FALSE.equals(a.freedByAccessingTask()) ? " (another task)" : "");
        }
        return s.toString();
    }
}
