package org.koops.format;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pattern over the lines of a report: a first step found in some line, then each further step
 * found in the line right after the previous step's ({@code {{NEXT}}}) or in the first later line
 * that has it ({@code {{LATER}}}). Matching line by line keeps every regex inside one line, so none
 * can run across the report; and the earliest-first search reads each line at most once per step.
 * A first step that starts with {@code ^} is only tried on the report's first line.
 */
final class TextPattern {
    private static final String NEXT = "{{NEXT}}";
    private static final String LATER = "{{LATER}}";
    /** The piece that captures a function. */
    private static final String FN = "{{FN}}";

    /**
     * One line's pattern; {@code lead} is the literal it starts with, {@code held} a literal a line must contain to
     * match ({@link #held}); {@code functions} the numbers of its groups that capture a function ({@code {{FN}}}).
     */
    private record Step(Pattern pattern, String lead, String held, boolean nextLineOnly, Set<Integer> functions,
                        ThreadLocal<Matcher> reused) {
        Step(Pattern pattern, String part, boolean nextLineOnly, Set<Integer> functions) {
            this(pattern, TextPattern.lead(part), TextPattern.held(part), nextLineOnly, functions,
                    ThreadLocal.withInitial(() -> pattern.matcher("")));
        }

        /**
         * Whether the step is found in the line, {@code m} then at its first match: the literal every match holds rules
         * out most lines before the matcher, one for all the lines a search tries, is reset to the line.
         */
        boolean findIn(String line, Matcher m) {
            return !ruledOut(line) && m.reset(line).find();
        }

        /** Whether the step is found in the line, with this thread's matcher, which never leaves. */
        boolean isIn(String line) {
            if (ruledOut(line)) {
                return false;
            }
            Matcher m = reused.get().reset(line);
            boolean found = m.find();
            m.reset(""); // holds no line once answered
            return found;
        }

        /** Whether the line lacks the literal every match holds; with assertions on, the pattern confirms it. */
        private boolean ruledOut(String line) {
            if (line.contains(held)) {
                return false;
            }
            assert !pattern.matcher(line).find() : "the step " + pattern + " matches a line without " + held + ": " + line;
            return true;
        }
    }

    /**
     * Where a pattern matched: the first step's line and column, and every group of every step in order;
     * {@code places} holds, for each group that captured a function ({@code {{FN}}}), where it was printed
     * (else {@code null}).
     */
    record Match(int line, int column, List<String> groups, List<Titler.Place> places) {
    }

    private final List<Step> steps;
    private final boolean anchored;
    private final boolean monotonic;
    private final String source;

    private TextPattern(List<Step> steps, boolean anchored, String source) {
        this.steps = steps;
        this.anchored = anchored;
        this.monotonic = steps.stream().noneMatch(Step::nextLineOnly);
        this.source = source;
    }

    static TextPattern compile(String template) {
        List<Step> steps = new ArrayList<>();
        int at = 0;
        boolean nextLineOnly = false;
        while (true) {
            int next = template.indexOf(NEXT, at);
            int later = template.indexOf(LATER, at);
            int cut = next < 0 ? later : later < 0 ? next : Math.min(next, later);
            String part = template.substring(at, cut < 0 ? template.length() : cut);
            steps.add(new Step(PatternLibrary.compile(part, Pattern.DOTALL), part, nextLineOnly, functionGroups(part)));
            if (cut < 0) {
                return new TextPattern(List.copyOf(steps), template.startsWith("^"), template);
            }
            nextLineOnly = cut == next;
            at = cut + (nextLineOnly ? NEXT.length() : LATER.length());
        }
    }

    /**
     * The literal text a pattern starts with: up to its first special character, less a quantified last
     * one; none when the pattern has alternatives outside any group.
     */
    static String lead(String part) {
        if (topLevelAlternatives(part)) {
            return "";
        }
        int end = 0;
        while (end < part.length() && "\\[](){}.*+?^$|".indexOf(part.charAt(end)) < 0) {
            end++;
        }
        if (end < part.length() && "*+?{".indexOf(part.charAt(end)) >= 0 && end > 0) {
            end--;
        }
        return part.substring(0, end);
    }

    /**
     * A literal every match of a pattern holds: its {@link #lead}; or, for a pattern that opens with a group
     * ({@code (} or {@code (?:}) that is neither optional, repeated nor split into alternatives, the literal that
     * group's own pattern holds, as a group's opening matches no text ({@code (WARNING: at.*+)} holds
     * {@code WARNING: at}). Lines without it are ruled out before the pattern is tried on them.
     */
    static String held(String part) {
        String lead = lead(part);
        int open = part.startsWith("(?:") ? 3 : part.startsWith("(") && !part.startsWith("(?") ? 1 : 0;
        if (!lead.isEmpty() || open == 0 || topLevelAlternatives(part)) {
            return lead;
        }
        int close = groupEnd(part);
        if (close < 0 || close + 1 < part.length() && "*+?{".indexOf(part.charAt(close + 1)) >= 0) {
            return "";
        }
        return held(part.substring(open, close));
    }

    /** Where the group a pattern opens with closes: its {@code )}, not escaped nor in a class; -1 when it does not. */
    private static int groupEnd(String part) {
        int depth = 0;
        for (int i = 0; i < part.length(); i = tokenEnd(part, i) + 1) {
            char c = part.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Where the token of a regular expression that starts at {@code i} ends: the escaped character of an escape,
     * the {@code ]} that closes a character class (the last character when none does), else {@code i} itself.
     */
    private static int tokenEnd(String regex, int i) {
        char c = regex.charAt(i);
        if (c == '\\') {
            return i + 1;
        }
        if (c != '[') {
            return i;
        }
        int j = i + 1;
        // A ']' right after the opening bracket (or its '^') is a member, not the end.
        if (j < regex.length() && regex.charAt(j) == '^') {
            j++;
        }
        if (j < regex.length() && regex.charAt(j) == ']') {
            j++;
        }
        for (; j < regex.length(); j++) {
            char d = regex.charAt(j);
            if (d == '\\') {
                j++;
            } else if (d == ']') {
                return j;
            }
        }
        return regex.length() - 1;
    }

    /** The numbers of the groups a step's {@code {{FN}}} pieces capture. */
    private static Set<Integer> functionGroups(String part) {
        Set<Integer> groups = new HashSet<>();
        for (int at = part.indexOf(FN); at >= 0; at = part.indexOf(FN, at + FN.length())) {
            groups.add(capturingGroups(PatternLibrary.expand(part.substring(0, at))) + 1);
        }
        return Set.copyOf(groups);
    }

    /** How many capturing groups a regular expression opens: {@code (}, {@code (?<name>}; not in classes or escaped. */
    static int capturingGroups(String regex) {
        int count = 0;
        for (int i = 0; i < regex.length(); i = tokenEnd(regex, i) + 1) {
            if (regex.charAt(i) == '(') {
                boolean special = i + 1 < regex.length() && regex.charAt(i + 1) == '?';
                boolean named = special && i + 3 < regex.length() && regex.charAt(i + 2) == '<'
                        && Character.isLetter(regex.charAt(i + 3));
                count += !special || named ? 1 : 0;
            }
        }
        return count;
    }

    private static boolean topLevelAlternatives(String part) {
        int depth = 0;
        for (int i = 0; i < part.length(); i = tokenEnd(part, i) + 1) {
            char c = part.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                return true;
            }
        }
        return false;
    }

    /** The earliest match in the lines, or {@code null}. */
    Match find(List<String> lines) {
        return find(lines, lines.size());
    }

    /** The earliest match starting in the first {@code lines} lines, or {@code null}. */
    Match find(List<String> lines, int within) {
        int limit = Math.min(anchored ? 1 : within, lines.size());
        Step step = steps.get(0);
        // Made at the first line that holds the step's literal: of the rows a report's title is sought with, most
        // find it in no line.
        Matcher first = null;
        for (int i = 0; i < limit; i++) {
            String line = lines.get(i);
            if (step.ruledOut(line)) {
                continue;
            }
            first = first == null ? step.pattern().matcher(line) : first.reset(line);
            if (first.find()) {
                Match m = rest(lines, i, first);
                // Later steps are found earliest-first: if they fail after this line, they fail after any
                // later one, unless a step must be on the very next line.
                if (m != null || monotonic) {
                    return m;
                }
            }
        }
        return null;
    }

    /** Whether the first step is found in this one line: how a header line picks its row. */
    boolean firstStepIn(String line) {
        return steps.get(0).isIn(line);
    }

    /**
     * Whether the line stops inside a match of the first step: from where its lead is printed, the line goes on
     * past the lead and ends where more text could still complete the step ({@link Matcher#hitEnd}). A step with no
     * lead cannot say where its message would start.
     */
    boolean cutShortIn(String line) {
        Step first = steps.get(0);
        String lead = first.lead();
        if (lead.isEmpty()) {
            return false;
        }
        for (int at = line.indexOf(lead); at >= 0 && at + lead.length() < line.length(); at = line.indexOf(lead, at + 1)) {
            Matcher m = first.pattern().matcher(line).region(at, line.length());
            if (!m.lookingAt() && m.hitEnd()) {
                return true;
            }
        }
        return false;
    }

    private Match rest(List<String> lines, int line, Matcher first) {
        List<String> groups = new ArrayList<>();
        List<Titler.Place> places = new ArrayList<>();
        addGroups(steps.get(0), lines.get(line), first, groups, places);
        int at = line;
        for (Step step : steps.subList(1, steps.size())) {
            int end = step.nextLineOnly() ? Math.min(at + 2, lines.size()) : lines.size();
            Matcher m = step.pattern().matcher("");
            boolean found = false;
            for (int j = at + 1; j < end && !found; j++) {
                found = step.findIn(lines.get(j), m);
                at = found ? j : at;
            }
            if (!found) {
                return null;
            }
            addGroups(step, lines.get(at), m, groups, places);
        }
        return new Match(line, first.start(), groups, places);
    }

    private static void addGroups(Step step, String line, Matcher m, List<String> groups, List<Titler.Place> places) {
        for (int g = 1; g <= m.groupCount(); g++) {
            groups.add(m.group(g));
            places.add(m.group(g) != null && step.functions().contains(g) ? Titler.Place.read(line, m.start(g), m.end(g)) : null);
        }
    }

    @Override
    public String toString() {
        return source;
    }
}
