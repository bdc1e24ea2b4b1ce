package org.koops.dump;

import java.io.IOException;

/**
 * A dump that cannot be read as far as needed: a one-line message naming the part of the file and
 * the offset or address, never a Java exception trace.
 *
 * <p>{@link Kind#TRUNCATED}: the file ends before data its headers promise (a dump cut short while it
 * was written or copied). {@link Kind#INVALID}: the bytes contradict the format. {@link Kind#MISSING}:
 * the data is not in the dump (a page the dump filtered out, a note it lacks). {@link Kind#UNSUPPORTED}:
 * a valid feature koops does not read.
 */
public final class DumpException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the dump. */
    public enum Kind { TRUNCATED, INVALID, MISSING, UNSUPPORTED }

    private final Kind kind;

    DumpException(Kind kind, String where, long offset, String message) {
        super(oneLine(kind.name().toLowerCase(java.util.Locale.ROOT) + " " + where
                + (offset < 0 ? "" : " at 0x" + Long.toHexString(offset)) + ": " + message));
        this.kind = kind;
    }

    /**
     * The message with control characters as {@code \xNN}: messages quote what the dump says (a machine's
     * name, VMCOREINFO's text), and a damaged dump's newlines and terminal escapes must not reach the user's
     * terminal or split the one line.
     */
    private static String oneLine(String message) {
        StringBuilder s = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                s.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    static DumpException invalid(String where, long offset, String message) {
        return new DumpException(Kind.INVALID, where, offset, message);
    }

    static DumpException truncated(String where, long offset, String message) {
        return new DumpException(Kind.TRUNCATED, where, offset, message);
    }

    static DumpException missing(String where, long offset, String message) {
        return new DumpException(Kind.MISSING, where, offset, message);
    }

    static DumpException unsupported(String where, long offset, String message) {
        return new DumpException(Kind.UNSUPPORTED, where, offset, message);
    }

    public Kind kind() {
        return kind;
    }
}
