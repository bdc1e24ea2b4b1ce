package org.koops.parse;

import java.util.regex.Pattern;

/**
 * The number of a pattern's named group, found once from the pattern's text: {@code Matcher.group(String)} looks
 * the name up in a hash map at each call, which for the patterns read on every register row and call-trace line
 * costs as much as the match. (Java 20's {@code Pattern.namedGroups()} says the same.)
 */
final class GroupNumbers {
    private GroupNumbers() {
    }

    /**
     * The number of the group named {@code name}: capturing groups are numbered by their opening parenthesis, left to
     * right, as {@link java.util.regex.Matcher#group(int)} counts them.
     *
     * @throws IllegalArgumentException when the pattern has no such group
     */
    static int of(Pattern pattern, String name) {
        String p = pattern.pattern();
        int number = 0;
        boolean inClass = false;
        int depth = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                if (i + 1 < p.length() && p.charAt(i + 1) == 'Q') {
                    int end = p.indexOf("\\E", i + 2);
                    i = end < 0 ? p.length() : end + 1;
                } else {
                    i++;
                }
            } else if (c == '[') {
                depth++;
                inClass = true;
            } else if (c == ']' && inClass) {
                depth--;
                inClass = depth > 0;
            } else if (c == '(' && !inClass) {
                if (p.startsWith("(?<", i) && i + 3 < p.length() && Character.isLetter(p.charAt(i + 3))) {
                    number++;
                    int close = p.indexOf('>', i + 3);
                    if (p.substring(i + 3, close).equals(name)) {
                        return number;
                    }
                } else if (!p.startsWith("(?", i)) {
                    number++;
                }
            }
        }
        throw new IllegalArgumentException("no group " + name + " in " + p);
    }
}
