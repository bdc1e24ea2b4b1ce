package org.koops.server;

import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;

/**
 * The ways a bug's crashes are counted, one row of {@code bug_facet} per bug, facet and value: the bug
 * page's breakdowns, its chart (by day), the bug list's host and release columns, and the filters of
 * the bug list (a bug matches a value when one of its crashes had it).
 */
enum Facet {
    HOST("host", "Host", f -> List.of(or(f.host(), "(unknown)")), "host_count"),
    /** The hosts by {@link HostGroup}: the bug page's host groups, counted as crashes come. */
    HOST_GROUP("host-group", "Host group", f -> List.of(HostGroup.of(or(f.host(), "(unknown)"))), null),
    RELEASE("release", "Kernel release", f -> List.of(or(f.release(), "(unknown)")), "release_count"),
    ARCH("arch", "Architecture", f -> List.of(f.arch()), null),
    TAINT("taint", "Taint", f -> List.of(f.taint() == null ? "(unknown)" : f.taint().isEmpty() ? "(not tainted)"
            : f.taint()), null),
    MODULE("module", "Culprit module", f -> List.of(f.culpritFunction() == null ? "(no culprit)"
            : or(f.culpritModule(), "(kernel image)")), null),
    DAY("day", "Day", f -> List.of(f.time().atOffset(ZoneOffset.UTC).toLocalDate().toString()), null),
    /** The tags of the crash's log: none, one or several rows per crash. */
    TAG("tag", "Tag", CrashFacts::tags, null);

    /** The name stored in {@code bug_facet.facet} and used in URLs. */
    final String id;
    final String label;
    private final Function<CrashFacts, List<String>> values;
    /** The column of {@code bug} counting this facet's distinct values, or {@code null}. */
    final String countColumn;

    Facet(String id, String label, Function<CrashFacts, List<String>> values, String countColumn) {
        this.id = id;
        this.label = label;
        this.values = values;
        this.countColumn = countColumn;
    }

    /** The values a crash counts under, cut to the column's width. */
    List<String> valuesOf(CrashFacts facts) {
        return values.apply(facts).stream().map(v -> CrashFacts.cut(v, CrashFacts.NAME_WIDTH)).toList();
    }

    /** The key that orders this facet's values in the database: releases by version; others as they are. */
    String sortKey(String value) {
        return this == RELEASE ? ReleaseOrder.key(value) : null;
    }

    private static String or(String s, String missing) {
        return s == null || s.isEmpty() ? missing : s;
    }
}
