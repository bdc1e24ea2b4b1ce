package org.koops.diagnose;

import java.util.regex.Pattern;

/** The indefinite article of the words that follow it, chosen by how the words sound, not how they are spelt. */
final class Articles {
    /** An initialism of two or three capitals, spelt letter by letter ({@code RCU}, {@code MCE}, {@code OOM}). */
    private static final Pattern INITIALISM = Pattern.compile("^[A-Z]{2,3}+\\b.*");
    /** A {@code u} said as "you": {@code a user-space address}, {@code a use-after-free}, {@code a union}. */
    private static final Pattern SAID_YOU = Pattern.compile("^(?i:us|ut|uni(?![nm])).*");

    private Articles() {
    }

    /**
     * {@code an open}, {@code a read}, {@code an RCU stall}, {@code a KASAN error}, {@code a user-space address},
     * {@code an unknown address}: the words with their article; an initialism's first letter is said by its name.
     */
    static String with(String words) {
        char first = words.charAt(0);
        boolean vowel = INITIALISM.matcher(words).matches() ? "AEFHILMNORSX".indexOf(first) >= 0
                : ("aeiouAEIO".indexOf(first) >= 0 || first == 'U' && !words.matches("^U[A-Z].*"))
                        && !SAID_YOU.matcher(words).matches();
        return (vowel ? "an " : "a ") + words;
    }
}
