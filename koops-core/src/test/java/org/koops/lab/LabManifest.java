package org.koops.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ground truth of the crash lab, {@code lab/fixtures/manifest.tsv}: one row per captured console, written
 * down from the lab's own sources and build, never from koops's output.
 *
 * <p>Columns, tab-separated, in this order (a different header is an error): {@code arch scenario kind title
 * function module cause fault source notes}. {@code -} stands for "none": no module (the kernel image), no fault
 * address. {@code notes} holds {@code ;}-separated remarks; a remark {@code xfail FACT: reason} marks a fact that
 * koops is known to get wrong, so that the test reports it as skipped with the reason instead of failing.
 */
final class LabManifest {
    static final List<String> COLUMNS = List.of("arch", "scenario", "kind", "title", "function", "module", "cause",
            "fault", "source", "notes");

    /** The facts a row states about koops's reading of the fixture; the keys an {@code xfail} may name. */
    static final List<String> FACTS = List.of("kind", "title", "function", "module", "cause", "fault");

    private static final Pattern XFAIL = Pattern.compile("xfail (\\w++): (.++)");

    private LabManifest() {
    }

    /** One fixture and what it must be read as. */
    record Row(int line, String arch, String scenario, Map<String, String> facts, String source,
               Map<String, String> knownFailures, List<String> remarks) {

        String fixture() {
            return arch + "/" + scenario + ".log";
        }

        /** The fact's expected value, {@code null} for "none". */
        String expected(String fact) {
            String v = facts.get(fact);
            return v.equals("-") ? null : v;
        }
    }

    static List<Row> read(Path manifest) throws IOException {
        List<String> lines = Files.readAllLines(manifest);
        List<Row> rows = new ArrayList<>();
        boolean header = false;
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            if (text.isBlank() || text.startsWith("#")) {
                continue;
            }
            List<String> cells = List.of(text.split("\t", -1));
            if (!header) {
                if (!cells.equals(COLUMNS)) {
                    throw new IllegalArgumentException(manifest + ":" + (i + 1) + ": header must be " + COLUMNS
                            + ", was " + cells);
                }
                header = true;
                continue;
            }
            rows.add(row(manifest, i + 1, cells));
        }
        return rows;
    }

    private static Row row(Path manifest, int line, List<String> cells) {
        String where = manifest + ":" + line + ": ";
        if (cells.size() != COLUMNS.size()) {
            throw new IllegalArgumentException(where + COLUMNS.size() + " columns expected, found " + cells.size());
        }
        Map<String, String> facts = new LinkedHashMap<>();
        for (String fact : FACTS) {
            String v = cells.get(COLUMNS.indexOf(fact)).strip();
            if (v.isEmpty()) {
                throw new IllegalArgumentException(where + "empty " + fact + " (write - for none)");
            }
            facts.put(fact, v);
        }
        Map<String, String> known = new LinkedHashMap<>();
        List<String> remarks = new ArrayList<>();
        for (String remark : cells.get(COLUMNS.indexOf("notes")).split(";")) {
            String r = remark.strip();
            if (r.isEmpty() || r.equals("-")) {
                continue;
            }
            Matcher m = XFAIL.matcher(r);
            if (r.startsWith("xfail")) {
                if (!m.matches() || !FACTS.contains(m.group(1))) {
                    throw new IllegalArgumentException(where + "bad known failure '" + r + "': write 'xfail FACT: "
                            + "reason' with FACT one of " + FACTS);
                }
                known.put(m.group(1), m.group(2));
            } else {
                remarks.add(r);
            }
        }
        return new Row(line, cells.get(0), cells.get(1), facts, cells.get(COLUMNS.indexOf("source")), known, remarks);
    }
}
