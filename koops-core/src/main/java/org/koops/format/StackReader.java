package org.koops.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the functions a {@link StackRecipe} asks for from the lines of a report. */
final class StackReader {
    /** A chosen function: as the title shows it, as the report printed it, and where ({@code null} for none). */
    record Frame(String canonical, String raw, Titler.Place place) {
    }

    /** The functions read, one per trace, and whether each was found ({@code ok}). */
    record Result(List<Frame> frames, boolean ok) {
    }

    /**
     * A candidate frame: its name as printed, whether it is code of a loaded module, and the line it was printed on,
     * from {@code start} to {@code end}.
     */
    record Candidate(String name, boolean inModule, String line, int start, int end) {
        /** Where it was printed; read only for the frame chosen. */
        Titler.Place place() {
            return Titler.Place.read(line, start, end);
        }
    }

    private static final Frame CORRUPTED = new Frame("corrupted", "corrupted", null);
    /** What follows a frame's name when it is in a module: {@code +0x1a/0x40 [spin_demo]}. */
    private static final Pattern MODULE_SUFFIX = Pattern.compile("[\\w.]*+\\+0x\\p{XDigit}++/0x\\p{XDigit}++ \\[\\w");

    private final StackRecipe recipe;
    private final List<String> lines;
    private List<Candidate> candidates = new ArrayList<>();
    /** One matcher for every candidate's suffix. */
    private final Matcher moduleSuffix = MODULE_SUFFIX.matcher("");
    /** One matcher of each frame line pattern ({@link TitleFrames#FRAME_LINES}) for every line a trace reads. */
    private final Matcher[] frameLines = new Matcher[TitleFrames.FRAME_LINES.size()];
    private boolean ok = true;
    private int next;

    /** Per skip list (compared by identity: each recipe's is built once), what it said of each function. */
    private static final Map<Pattern, Map<String, Boolean>> SKIPPED = new ConcurrentHashMap<>();
    private static final int MAX_REMEMBERED = 20_000;

    private StackReader(StackRecipe recipe, List<String> lines) {
        this.recipe = recipe;
        this.lines = lines;
        for (int i = 0; i < frameLines.length; i++) {
            frameLines[i] = TitleFrames.FRAME_LINES.get(i).matcher();
        }
    }

    /** Reads from {@code lines}, the first of which starts where the title matched. */
    static Result read(StackRecipe recipe, List<String> lines) {
        Result r = new StackReader(recipe, lines).run(recipe.parts());
        if (r.ok() || recipe.fallback().isEmpty()) {
            return r;
        }
        return new StackReader(recipe, lines).run(recipe.fallback());
    }

    private Result run(List<GuardedPattern> parts) {
        List<Frame> chosen = new ArrayList<>();
        int traces = 0;
        for (int part = 0; ; part++) {
            // A trace after a trace, or the end of the parts, closes the candidates gathered so far.
            if (part == parts.size() || parts.get(part) == StackRecipe.TRACE && traces > 0) {
                chosen.add(choose());
            }
            if (part == parts.size()) {
                return new Result(chosen, ok);
            }
            if (parts.get(part) == StackRecipe.TRACE) {
                traces++;
                if (readTrace(part + 1 < parts.size() ? parts.get(part + 1) : null)) {
                    part++;
                }
            } else {
                readPart(parts.get(part));
            }
        }
    }

    private Frame choose() {
        Frame f = FrameChoice.choose(recipe.chooser(), candidates);
        candidates = new ArrayList<>();
        if (f == null) {
            ok = false;
            return CORRUPTED;
        }
        return f;
    }

    /** Reads frames up to a trace heading; true if it stopped at a line {@code following} matched instead. */
    private boolean readTrace(GuardedPattern following) {
        Matcher followingMatcher = following == null ? null : following.matcher();
        while (next < lines.size()) {
            String line = lines.get(next++);
            if (corrupting(line) || TitleFrames.startsStack(line)) {
                return false;
            }
            if (following != null) {
                Matcher m = following.find(line, followingMatcher);
                if (m != null) {
                    add(line, m);
                    return true;
                }
            }
            for (int i = 0; i < frameLines.length; i++) {
                Matcher m = TitleFrames.FRAME_LINES.get(i).find(line, frameLines[i]);
                if (m != null) {
                    add(line, m);
                    break;
                }
            }
        }
        return false;
    }

    /** Reads up to the first line the part is found in. */
    private void readPart(GuardedPattern part) {
        Matcher matcher = part.matcher();
        while (next < lines.size()) {
            String line = lines.get(next++);
            if (corrupting(line)) {
                return;
            }
            Matcher m = part.find(line, matcher);
            if (m != null) {
                add(line, m);
                return;
            }
        }
    }

    private boolean corrupting(String line) {
        if (TitleFrames.corrupting(line)) {
            ok = false;
            return true;
        }
        return false;
    }

    /** Each group of a match is a candidate, unless skipped; the first chooser wants only the first candidate. */
    private void add(String line, Matcher m) {
        boolean firstOnly = recipe.chooser() == StackRecipe.Chooser.FIRST;
        for (int g = 1; g <= m.groupCount() && !(firstOnly && !candidates.isEmpty()); g++) {
            String name = m.group(g);
            if (name != null) {
                String shown = MangledNames.demangle(name);
                if (!skipped(recipe.skip(), shown)) {
                    boolean inModule = moduleSuffix.reset(line).region(m.end(g), line.length()).lookingAt();
                    candidates.add(new Candidate(shown, inModule, line, m.start(g), m.end(g)));
                }
            }
        }
    }

    /**
     * Whether a recipe skips a function. The skip lists are long alternations and the same functions
     * come up in report after report, so answers are remembered, up to a bound per list.
     */
    private static boolean skipped(Pattern skip, String function) {
        Map<String, Boolean> known = SKIPPED.computeIfAbsent(skip, k -> new ConcurrentHashMap<>());
        Boolean answer = known.get(function);
        if (answer == null) {
            answer = skip.matcher(function).find();
            if (known.size() < MAX_REMEMBERED) {
                known.put(function, answer);
            }
        }
        return answer;
    }
}
