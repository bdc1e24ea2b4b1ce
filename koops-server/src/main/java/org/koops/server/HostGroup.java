package org.koops.server;

import java.util.regex.Pattern;

/**
 * A host's group: its name with every run of digits written {@code #} ({@code web-07} and {@code web-12}
 * are {@code web-#}), so that a bug page says which kinds of machine crash without a row per machine.
 * Public only for the migration that groups the hosts counted before the groups were.
 */
public final class HostGroup {
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private HostGroup() {
    }

    /** The group of {@code host}. */
    public static String of(String host) {
        return DIGITS.matcher(host).replaceAll("#");
    }
}
