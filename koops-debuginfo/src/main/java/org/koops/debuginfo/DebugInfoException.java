package org.koops.debuginfo;

import java.io.IOException;

/**
 * A debug file that cannot be read as far as needed: a one-line message naming the file part and
 * the offset, never a Java exception trace.
 *
 * <p>{@link Kind#TRUNCATED} means the file ends before data its headers promise (a cut download):
 * what lies before the cut stays usable. {@link Kind#INVALID} means the bytes contradict the format.
 * {@link Kind#UNSUPPORTED} means a valid feature koops does not read.
 */
public final class DebugInfoException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the file. */
    public enum Kind { TRUNCATED, INVALID, UNSUPPORTED }

    private final Kind kind;
    private final String where;
    private final long offset;

    /** Names read from a hostile file (section and symbol names) are cut here in messages. */
    private static final int NAME_LIMIT = 120;

    DebugInfoException(Kind kind, String where, long offset, String message) {
        super(kind.name().toLowerCase(java.util.Locale.ROOT) + " " + printable(where) + " at offset 0x"
                + Long.toHexString(offset) + ": " + printable(message));
        this.kind = kind;
        this.where = printable(where);
        this.offset = offset;
    }

    /**
     * The text with what the file's own bytes put in it made safe for one line of a terminal: control
     * characters as {@code \xNN}, and a name longer than a line cut.
     */
    private static String printable(String text) {
        StringBuilder s = new StringBuilder(Math.min(text.length(), 4 * NAME_LIMIT));
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0) {
                s.append(String.format("\\x%02x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.length() <= 4 * NAME_LIMIT ? s.toString() : s.substring(0, 4 * NAME_LIMIT) + "...";
    }

    static DebugInfoException invalid(String where, long offset, String message) {
        return new DebugInfoException(Kind.INVALID, where, offset, message);
    }

    static DebugInfoException truncated(String where, long offset, String message) {
        return new DebugInfoException(Kind.TRUNCATED, where, offset, message);
    }

    static DebugInfoException unsupported(String where, long offset, String message) {
        return new DebugInfoException(Kind.UNSUPPORTED, where, offset, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The part of the file, e.g. {@code vmlinux .debug_info} or {@code x.ko ELF header}. */
    public String where() {
        return where;
    }

    /** The offset within {@link #where()}: a file offset, or an offset within a (decompressed) section. */
    public long offset() {
        return offset;
    }
}
