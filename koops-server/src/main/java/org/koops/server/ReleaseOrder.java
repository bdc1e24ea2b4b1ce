package org.koops.server;

/**
 * Kernel releases in version order ({@code 6.1.0-9-amd64} before {@code 6.1.0-27-amd64} before
 * {@code 6.1.115}), as a key that sorts as text: every run of digits is written after its number of
 * digits, so that the database compares releases with an index, as it compares days. Public only for
 * the migration that computes the keys of rows written before them.
 */
public final class ReleaseOrder {
    /** Sorts after every character a key holds: an upper bound that takes in the whole of a prefix. */
    static final char AFTER_ALL = '~';

    private ReleaseOrder() {
    }

    /** {@code 6.1.0-27-amd64} becomes {@code 16.11.10-227-amd264}; leading zeros do not count. */
    public static String key(String release) {
        StringBuilder key = new StringBuilder(release.length() + 8);
        int i = 0;
        while (i < release.length()) {
            char ch = release.charAt(i);
            if (ch < '0' || ch > '9') {
                key.append(ch);
                i++;
                continue;
            }
            int start = i;
            while (i < release.length() && release.charAt(i) >= '0' && release.charAt(i) <= '9') {
                i++;
            }
            String digits = release.substring(start, i).replaceFirst("^0+(?=.)", "");
            key.append((char) ('0' + Math.min(9, digits.length()))).append(digits);
        }
        return CrashFacts.cut(key.toString(), CrashFacts.NAME_WIDTH);
    }

    /** Whether {@code release} is {@code fixed} or later; a release that merely starts with it counts too. */
    static boolean atLeast(String release, String fixed) {
        return key(release).compareTo(key(fixed)) >= 0;
    }
}
