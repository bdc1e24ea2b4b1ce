package org.koops.debuginfo;

/**
 * The {@code .gnu_debuglink} of a stripped file: the name of the file holding its debug info, looked
 * for beside it, in its {@code .debug} directory and under {@code /usr/lib/debug}.
 *
 * @param file  the debug file's name, e.g. {@code vmlinux.debug}
 * @param crc32 the CRC-32 of the debug file's contents, to check that it matches
 */
public record DebugLink(String file, long crc32) {
}
