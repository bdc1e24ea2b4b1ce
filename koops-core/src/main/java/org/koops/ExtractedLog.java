package org.koops;

import java.util.List;

/**
 * A kernel log taken out of a file that is not a log ({@link LogExtractor}).
 *
 * @param kind     what the file is, for people: {@code kdump compressed vmcore (zlib)}, {@code ELF vmcore} ...
 * @param text     the log's lines, UTF-8, each ending in a newline
 * @param problems what could not be read, one sentence each; empty when the whole log was read
 * @param release  the release of the kernel whose log it is, when the file says, else {@code null}
 * @param buildId  that kernel's GNU build id in hexadecimal, when the file says (for a debuginfod lookup of
 *                 its vmlinux), else {@code null}
 */
public record ExtractedLog(String kind, byte[] text, List<String> problems, String release, String buildId) {
    public ExtractedLog {
        problems = List.copyOf(problems);
    }
}
