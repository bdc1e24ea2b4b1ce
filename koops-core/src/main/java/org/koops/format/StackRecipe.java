package org.koops.format;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How a title's function is read from a report: parts matched one after the other from the title's
 * line on. A pattern part is the first later line it is found in (its groups are candidate frames);
 * {@link #TRACE} reads stack frames up to the next trace heading, or up to the line the next part
 * matches. When a trace ends and another starts, the frames so far yield one function; when all parts
 * are done, the rest yield the last. If that gives no function, the {@code fallback} parts are tried.
 *
 * @param parts    the parts in order
 * @param fallback parts tried when {@code parts} find no function, or empty
 * @param skip     frames never chosen: {@link TitleFrames#SKIP} and the format's own
 * @param chooser  how the function is chosen among the candidate frames
 */
record StackRecipe(List<GuardedPattern> parts, List<GuardedPattern> fallback, Pattern skip, Chooser chooser) {
    /** The part that reads a stack trace: a marker, told apart by identity and never matched. */
    static final GuardedPattern TRACE = GuardedPattern.containing("(?:stack trace)", "stack trace");
    /** The instruction pointer line. */
    static final GuardedPattern IP = TitleFrames.IP;
    /** A call trace heading. */
    static final GuardedPattern CALL_TRACE = TitleFrames.CALL_TRACE;

    /** How the function is chosen among candidate frames. */
    enum Chooser {
        /** The first frame not skipped. */
        FIRST,
        /** Stalls loop anywhere in a code path: the frame just above where the path was entered. */
        STALL,
        /** Hung tasks wait in generic code: the first frame that is not about waiting. */
        HUNG_TASK
    }

    /**
     * Recipe parts: guarded patterns, or patterns written with {@code {{NAME}}} pieces, which are guarded by the
     * literal text they start with when they have one ({@link TextPattern#lead}), so that the lines a part is
     * looked for in are mostly ruled out by a plain search.
     */
    static Builder parts(Object... parts) {
        return new Builder(compile(parts));
    }

    private static List<GuardedPattern> compile(Object... parts) {
        return Arrays.stream(parts).map(p -> p instanceof GuardedPattern guarded ? guarded : part((String) p)).toList();
    }

    private static GuardedPattern part(String template) {
        Pattern pattern = PatternLibrary.compile(template, Pattern.DOTALL);
        String lead = TextPattern.lead(template);
        return lead.isEmpty() ? GuardedPattern.unguarded(pattern) : GuardedPattern.containing(pattern, lead);
    }

    /** Builds a recipe: parts, then optional fallback parts, skipped names and chooser. */
    static final class Builder {
        private final List<GuardedPattern> parts;
        private List<GuardedPattern> fallback = List.of();
        private String skip = "";
        private Chooser chooser = Chooser.FIRST;

        private Builder(List<GuardedPattern> parts) {
            this.parts = parts;
        }

        Builder orElse(Object... parts) {
            fallback = compile(parts);
            return this;
        }

        /** Names skipped for this format only, besides {@link TitleFrames#SKIP}. */
        Builder skip(String... names) {
            skip = names.length == 0 ? "" : "|" + String.join("|", names);
            return this;
        }

        Builder choose(Chooser how) {
            chooser = how;
            return this;
        }

        StackRecipe build() {
            return new StackRecipe(parts, fallback, Pattern.compile(TitleFrames.SKIP + skip), chooser);
        }
    }
}
