package org.koops.model;

/**
 * One line of the input.
 *
 * @param number    1-based line number in the input
 * @param offset    byte offset of the line's first byte in the (decompressed) input
 * @param endOffset byte offset just after the line's terminator
 * @param prefix    the recognised prefix (timestamp, caller id, syslog header ...)
 * @param text      the message with the prefix and any trailing CR removed
 */
public record LogLine(long number, long offset, long endOffset, LinePrefix prefix, String text) {
    /** The line as it appeared, less its line terminator. */
    public String raw() {
        return prefix.raw() + text;
    }
}
