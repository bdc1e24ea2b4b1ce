package org.koops.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.koops.debuginfo.DecodedLine;
import org.koops.debuginfo.FrameLocation;
import org.koops.debuginfo.SourceLocation;
import org.koops.model.Frame;

/**
 * The text of a decoded log line. By default as {@code scripts/decode_stacktrace.sh} prints it: the
 * locations after {@code func+0x1/0x2}, innermost first, in one pair of parentheses. With separate
 * inline lines, as syzkaller prints it: one line per inlined function, marked {@code [inline]}, before
 * the entry's own line.
 */
final class DecodedText {
    private DecodedText() {
    }

    static List<String> lines(DecodedLine line, boolean separateInlines) {
        String text = line.text();
        List<String> inlines = new ArrayList<>();
        for (FrameLocation f : line.frames()) {
            List<SourceLocation> found = located(f);
            int start = tokenStart(text, f.frame());
            if (found.isEmpty() || start < 0) {
                continue;
            }
            int end = tokenEnd(text, f.frame(), start);
            String prefix = text.substring(0, start);
            if (separateInlines) {
                for (SourceLocation inlined : found.subList(0, found.size() - 1)) {
                    inlines.add(prefix + (inlined.function() == null ? "??" : inlined.function()) + " "
                            + inlined.fileLine(true) + " [inline]");
                }
                text = text.substring(0, end) + " " + found.get(found.size() - 1).fileLine(true) + text.substring(end);
            } else {
                String all = found.stream().map(l -> l.fileLine(true)).collect(Collectors.joining(" "));
                text = text.substring(0, end) + " (" + all + ")" + text.substring(end);
            }
        }
        inlines.add(text);
        return inlines;
    }

    /** The locations with a file, innermost first; none when the entry could not be looked up. */
    static List<SourceLocation> located(FrameLocation f) {
        if (f.resolution() == null || f.resolution().locations().isEmpty() || f.resolution().locations().get(0).file() == null) {
            return List.of();
        }
        return f.resolution().locations();
    }

    /** Where {@code func+0x12} starts in the line, or -1. */
    private static int tokenStart(String text, Frame frame) {
        String token = frame.function() + "+0x" + Long.toHexString(frame.offset());
        for (int at = text.indexOf(token); at >= 0; at = text.indexOf(token, at + 1)) {
            char before = at == 0 ? ' ' : text.charAt(at - 1);
            if (!Character.isLetterOrDigit(before) && before != '_' && before != '.') {
                return at;
            }
        }
        return -1;
    }

    /** Just past {@code func+0x12/0x40}. */
    private static int tokenEnd(String text, Frame frame, int start) {
        int end = start + frame.function().length() + 3 + Long.toHexString(frame.offset()).length();
        if (text.startsWith("/0x", end)) {
            end += 3;
            while (end < text.length() && Character.digit(text.charAt(end), 16) >= 0) {
                end++;
            }
        }
        return end;
    }
}
