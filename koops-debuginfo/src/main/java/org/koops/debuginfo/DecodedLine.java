package org.koops.debuginfo;

import java.util.List;

/**
 * One line of a decoded log.
 *
 * @param number 1-based line number
 * @param text   the line as it was, less its line terminator
 * @param frames the locations of the report entries printed on this line (a call-trace entry, RIP,
 *               pc or lr), usually none or one
 */
public record DecodedLine(long number, String text, List<FrameLocation> frames) {
}
