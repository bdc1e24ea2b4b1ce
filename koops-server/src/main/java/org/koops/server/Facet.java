package org.koops.server;

import java.time.ZoneOffset;
import java.util.function.Function;

/**
 * The ways a bug's crashes are counted, one row of {@code bug_facet} per bug, facet and value: the bug
 * page's breakdowns, its chart (by day) and the bug list's host and release columns.
 */
enum Facet {
    HOST("host", "Host", f -> or(f.host(), "(unknown)"), "host_count"),
    RELEASE("release", "Kernel release", f -> or(f.release(), "(unknown)"), "release_count"),
    ARCH("arch", "Architecture", CrashFacts::arch, null),
    TAINT("taint", "Taint", f -> f.taint() == null ? "(unknown)" : f.taint().isEmpty() ? "(not tainted)" : f.taint(),
            null),
    MODULE("module", "Culprit module", f -> f.culpritFunction() == null ? "(no culprit)"
            : or(f.culpritModule(), "(kernel image)"), null),
    DAY("day", "Day", f -> f.time().atOffset(ZoneOffset.UTC).toLocalDate().toString(), null);

    /** The name stored in {@code bug_facet.facet} and used in URLs. */
    final String id;
    final String label;
    final Function<CrashFacts, String> value;
    /** The column of {@code bug} counting this facet's distinct values, or {@code null}. */
    final String countColumn;

    Facet(String id, String label, Function<CrashFacts, String> value, String countColumn) {
        this.id = id;
        this.label = label;
        this.value = value;
        this.countColumn = countColumn;
    }

    String valueOf(CrashFacts facts) {
        return CrashFacts.cut(value.apply(facts), CrashFacts.NAME_WIDTH);
    }

    private static String or(String s, String missing) {
        return s == null || s.isEmpty() ? missing : s;
    }
}
