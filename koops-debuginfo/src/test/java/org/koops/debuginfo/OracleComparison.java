package org.koops.debuginfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares koops's answers with those of {@code addr2line -f -i} and {@code llvm-symbolizer
 * --functions=short -i --output-style=GNU}, both with addresses ({@code -a}): each answer is the list
 * of (function, file:line) lines, innermost first. A difference counts as explained only when one of
 * the {@link #RULES}, each a documented behaviour of the oracle, accounts for it.
 */
final class OracleComparison {
    private OracleComparison() {
    }

    /** GNU-style output with addresses: an address line, then a function line and a file:line line per frame. */
    static Map<Long, List<String>> parse(String output) {
        Map<Long, List<String>> answers = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : output.split("\n")) {
            if (line.matches("0x[0-9a-f]+")) {
                current = new ArrayList<>();
                answers.put(Long.parseUnsignedLong(line.substring(2), 16), current);
            } else if (current != null && !line.isEmpty()) {
                current.add(line);
            }
        }
        return answers;
    }

    static List<String> render(List<SourceLocation> chain) {
        if (chain.isEmpty()) {
            return List.of("??", "??:0");
        }
        List<String> lines = new ArrayList<>();
        for (SourceLocation l : chain) {
            lines.add(l.function() == null ? "??" : l.function());
            lines.add(l.fileLine(false));
        }
        return lines;
    }

    /** A known way an oracle's answer differs from koops's, and why. */
    private record Rule(String oracle, String id, String why, Difference applies) {
    }

    /**
     * Whether a rule explains the difference, given koops's answer, the oracle's and the other
     * oracle's (or, where there is none, koops's answer when an independent reading confirms it; or null).
     */
    private interface Difference {
        boolean test(List<String> mine, List<String> theirs, List<String> other);
    }

    private static final List<Rule> RULES = List.of(
            new Rule("addr2line", "no-line", "no DWARF line for the address (padding, startup code): addr2line prints the nearest"
                    + " symbol as koops does, but the STT_FILE symbol's name or ?? with line '?' for the file",
                    (mine, theirs, other) -> noLine(mine) && theirs.size() == 2 && theirs.get(0).equals(mine.get(0))
                            && theirs.get(1).endsWith(":?")),
            new Rule("llvm-symbolizer", "no-line", "no DWARF line for the address: --functions=short takes no name from the symbol table",
                    (mine, theirs, other) -> noLine(mine) && theirs.equals(List.of("??", "??:0"))),
            new Rule("llvm-symbolizer", "padding", "alignment padding after a function's last byte: the line table covers it, no"
                    + " DW_TAG_subprogram does; koops and addr2line name the symbol before it, llvm-symbolizer prints ??",
                    (mine, theirs, other) -> mine.size() == 2 && theirs.size() == 2 && theirs.get(0).equals("??")
                            && theirs.get(1).equals(mine.get(1)) && other != null && mine.equals(withoutDoubleSlashes(other))),
            new Rule("addr2line", "discriminator-repeated", "addr2line.c does not reset the discriminator between frames, so it repeats the innermost"
                    + " row's on every inlined-by line; call sites have none (DWARF 5 §3.3.8.1)",
                    (mine, theirs, other) -> repeatDiscriminator(mine).equals(theirs)),
            new Rule("addr2line", "dwarf2-unit-extent", "strict DWARF 2 has no DW_AT_ranges: the unit's low/high pc miss its cold parts and other"
                    + " sections, addr2line finds no unit there while koops and llvm-symbolizer read .debug_aranges",
                    (mine, theirs, other) -> !noLine(mine) && mine.equals(other) && theirs.size() == 2
                            && theirs.get(1).endsWith(":?")),
            new Rule("addr2line", "file-0", "addr2line 2.40 takes file 0 (the unit's own source, <artificial> under LTO) for the"
                    + " rows of a DWARF 5 sequence that never sets the file register, whose initial value is 1 (DWARF 5"
                    + " §6.2.2, Table 6.4); objdump --dwarf=decodedline and llvm-symbolizer say file 1 as koops does",
                    (mine, theirs, other) -> mine.equals(other) && theirs.size() == mine.size()
                            && !theirs.get(1).equals(mine.get(1)) && lineOf(theirs.get(1)).equals(lineOf(mine.get(1)))
                            && theirs.subList(2, theirs.size()).equals(mine.subList(2, mine.size()))),
            new Rule("addr2line", "double-slash", "a directory entry that ends in '/': addr2line adds another, koops and llvm-symbolizer do not",
                    (mine, theirs, other) -> mine.equals(withoutDoubleSlashes(theirs))),
            new Rule("addr2line", "dwarf2-call-site", "strict DWARF 2 has no DW_AT_call_file/line: addr2line prints an unknown call site as"
                    + " ??:?, koops and llvm-symbolizer as ??:0",
                    (mine, theirs, other) -> mine.equals(theirs.stream().map(l -> l.equals("??:?") ? "??:0" : l).toList())));

    private static List<String> withoutDoubleSlashes(List<String> answer) {
        return answer.stream().map(l -> l.replace("//", "/")).toList();
    }

    /** The {@code :line ...} part of a file:line answer. */
    private static String lineOf(String fileLine) {
        return fileLine.substring(fileLine.lastIndexOf(':', fileLine.contains(" (") ? fileLine.indexOf(" (") : fileLine.length()));
    }

    private static boolean noLine(List<String> mine) {
        return mine.size() == 2 && mine.get(1).equals("??:0");
    }

    private static List<String> repeatDiscriminator(List<String> mine) {
        Matcher m = Pattern.compile(" \\(discriminator \\d+\\)$").matcher(mine.get(1));
        if (!m.find()) {
            return mine;
        }
        List<String> repeated = new ArrayList<>(mine);
        for (int i = 3; i < repeated.size(); i += 2) {
            repeated.set(i, repeated.get(i) + m.group());
        }
        return repeated;
    }

    /** Counts of comparisons, by outcome. */
    static final class Tally {
        int checked;
        int agreed;
        final Map<String, Integer> explained = new TreeMap<>();
        final List<String> unexplained = new ArrayList<>();

        void compare(String oracle, long address, List<String> mine, List<String> theirs, List<String> other) {
            checked++;
            if (mine.equals(theirs)) {
                agreed++;
                return;
            }
            for (Rule r : RULES) {
                if (r.oracle().equals(oracle) && theirs != null && r.applies().test(mine, theirs, other)) {
                    explained.merge(oracle + " " + r.id(), 1, Integer::sum);
                    return;
                }
            }
            unexplained.add(oracle + " 0x" + Long.toHexString(address) + ": " + mine + " | " + theirs);
        }

        @Override
        public String toString() {
            return checked + " comparisons: " + agreed + " identical, " + (checked - agreed - unexplained.size())
                    + " explained " + explained
                    + (unexplained.isEmpty() ? "" : ", UNEXPLAINED " + unexplained.size() + ": "
                    + unexplained.subList(0, Math.min(10, unexplained.size())));
        }
    }
}
