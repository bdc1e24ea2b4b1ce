package org.koops.server;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.koops.model.CrashReport;
import org.koops.model.Culprit;

/**
 * The titles a crash is filed by. syzkaller's title and alternative titles name a bug, except where a
 * damaged report did not show what a title needs and syzkaller put a placeholder there instead
 * ({@code general protection fault in corrupted}, {@code bad-access in corrupted}): such a title is
 * shared by crashes that have nothing in common, and filing by it merged NULL dereferences, paging
 * requests and list corruptions of many machines into one bug. So a placeholder never files a crash.
 * A report whose own title is one is filed by what koops knows of it instead, its kind and its culprit
 * ({@code general protection fault in ext4_lookup [ext4]}), or, when it has no culprit, into one bin of
 * unclassified reports. The crash keeps syzkaller's title.
 */
final class BugTitles {
    /** A title that stands for something a damaged report did not show. */
    private record Placeholder(Pattern pattern, String reason) {
    }

    private static final List<Placeholder> PLACEHOLDERS = List.of(
            new Placeholder(Pattern.compile(" in corrupted$"),
                    "syzkaller's frame when the report shows no usable one (a title or an alternative title)"),
            new Placeholder(Pattern.compile("^[A-Za-z]++: corrupted$"),
                    "syzkaller's title of a message whose format it does not know (INFO: corrupted)"));

    /** The bug of the reports titled by a placeholder that have no culprit either. */
    static final String UNCLASSIFIED = "unclassified reports (damaged, and no culprit found)";

    private BugTitles() {
    }

    /**
     * The titles to file a crash by, in the order they pick a bug; the first is the title of a bug the
     * crash opens.
     */
    static List<String> of(CrashReport r) {
        if (!placeholder(r.title())) {
            List<String> titles = new ArrayList<>(List.of(r.title()));
            r.altTitles().stream().filter(t -> !placeholder(t) && !titles.contains(t)).forEach(titles::add);
            return titles;
        }
        Culprit culprit = r.diagnosis().culprit();
        if (culprit == null || culprit.function() == null) {
            return List.of(UNCLASSIFIED);
        }
        return List.of(r.kind().description() + " in " + culprit.function()
                + (culprit.module() == null ? "" : " [" + culprit.module() + "]"));
    }

    /** Whether a title stands for something the report did not show. */
    static boolean placeholder(String title) {
        return PLACEHOLDERS.stream().anyMatch(p -> p.pattern().matcher(title).find());
    }
}
