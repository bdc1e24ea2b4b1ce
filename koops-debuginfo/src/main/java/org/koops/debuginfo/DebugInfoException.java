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

    DebugInfoException(Kind kind, String where, long offset, String message) {
        super(kind.name().toLowerCase(java.util.Locale.ROOT) + " " + where + " at offset 0x"
                + Long.toHexString(offset) + ": " + message);
        this.kind = kind;
        this.where = where;
        this.offset = offset;
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
