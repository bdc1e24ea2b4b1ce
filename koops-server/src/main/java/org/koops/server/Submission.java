package org.koops.server;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A log as submitted: its bytes (plain or compressed) and what the sender said about it.
 *
 * @param name the file name, for people
 * @param host the machine it comes from, or {@code null}
 * @param time when it was captured, or {@code null} for the time it is received
 * @param tags free labels such as {@code prod} or {@code rack=12}
 */
record Submission(String name, String host, Instant time, List<String> tags, byte[] bytes) {
    static final int MAX_TAGS = 20;
    /** The tags are stored joined by spaces in submitted_log.tags, VARCHAR(1000): 20 of 64 would not fit. */
    static final int MAX_TAGS_LENGTH = 1000;
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9._:/=+-]{1,64}");
    private static final Pattern HOST = Pattern.compile("[^\\p{Cntrl}]{1,255}");

    Submission withTime(Instant value) {
        return new Submission(name, host, value, tags, bytes);
    }

    /** Checks the sender's metadata; a message for the sender on anything malformed. */
    static Submission of(String name, String host, String time, List<String> tags, byte[] bytes) {
        if (host != null && !host.isEmpty() && !HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("host must be 1 to 255 printable characters");
        }
        if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException("at most " + MAX_TAGS + " tags");
        }
        for (String tag : tags) {
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("a tag is 1 to 64 of A-Z a-z 0-9 . _ : / = + -");
            }
        }
        if (String.join(" ", tags).length() > MAX_TAGS_LENGTH) {
            throw new IllegalArgumentException("the tags take at most " + MAX_TAGS_LENGTH + " characters together,"
                    + " with a space between each two");
        }
        String label = name == null || name.isBlank() ? "log" : CrashFacts.cut(name.replaceAll("\\p{Cntrl}", "?"), 500);
        return new Submission(label, host == null || host.isEmpty() ? null : host, instant(time), List.copyOf(tags),
                bytes);
    }

    private static Instant instant(String time) {
        if (time == null || time.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("time must be an ISO-8601 instant such as 2024-05-01T10:00:00Z");
        }
    }
}
