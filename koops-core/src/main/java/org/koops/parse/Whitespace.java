package org.koops.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Splitting at runs of white space, read by hand: a {@code Code:} line or a module list is split into 64 or more
 * tokens, and a pattern's split found each run with a matcher.
 */
final class Whitespace {
    private static final String[] NONE = new String[0];

    private Whitespace() {
    }

    /**
     * As {@code text.split("\\s++")}: a leading empty token when the text starts with white space, no trailing
     * empty ones, and the text itself when it holds no white space.
     */
    static String[] split(String text) {
        List<String> tokens = new ArrayList<>();
        int start = 0;
        int i = 0;
        boolean split = false;
        while (i < text.length()) {
            if (!isSpace(text.charAt(i))) {
                i++;
                continue;
            }
            tokens.add(text.substring(start, i));
            split = true;
            while (i < text.length() && isSpace(text.charAt(i))) {
                i++;
            }
            start = i;
        }
        if (!split) {
            return new String[] {text};
        }
        tokens.add(text.substring(start));
        int size = tokens.size();
        while (size > 0 && tokens.get(size - 1).isEmpty()) {
            size--;
        }
        return size == 0 ? NONE : tokens.subList(0, size).toArray(String[]::new);
    }

    /** The white space of {@code \s}. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }
}
