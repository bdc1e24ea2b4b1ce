package org.koops.parse;

import java.util.regex.Pattern;

/** Splitting at runs of white space with the pattern compiled once, where {@code String.split} compiles it at each call. */
final class Whitespace {
    private static final Pattern RUN = Pattern.compile("\\s++");

    private Whitespace() {
    }

    /** As {@code text.split("\\s++")}. */
    static String[] split(String text) {
        return RUN.split(text);
    }
}
