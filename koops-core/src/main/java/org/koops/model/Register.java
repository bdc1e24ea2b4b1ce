package org.koops.model;

/**
 * One register from a register dump.
 *
 * @param name        canonical name ({@code RAX}, {@code CR2}, {@code x0}, {@code pc})
 * @param value       the value, or {@code null} when only a symbol was printed
 * @param segment     the x86 segment selector printed with RIP/RSP ({@code 0010}), or {@code null}
 * @param symbol      the symbolic location for RIP/pc/lr, or {@code null}
 * @param printedName the name as it appeared when it was damaged (e.g. {@code RDY} read as {@code RDX}), else {@code null}
 */
public record Register(String name, Long value, String segment, Frame symbol, String printedName) {
}
