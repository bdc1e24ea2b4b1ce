package org.koops.log;

/**
 * The message of a record as the kernel printed it, from the escaped form a record format keeps it
 * in: a JSON string (RFC 8259 section 7) or /dev/kmsg's {@code \xNN} escapes of unprintable bytes
 * (the kernel's {@code devkmsg_read}). Damaged escapes are kept as they are.
 */
final class RecordText {
    private RecordText() {
    }

    /** The JSON string starting at {@code from} (just after its opening quote), unescaped, up to its closing quote or the line's end. */
    static String jsonString(String line, int from) {
        int end = line.length();
        StringBuilder out = null;
        int i = from;
        while (i < end) {
            char c = line.charAt(i);
            if (c == '"') {
                break;
            }
            if (c != '\\' || i + 1 >= end) {
                if (out != null) {
                    out.append(c);
                }
                i++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(end - from).append(line, from, i);
            }
            char e = line.charAt(i + 1);
            int skip = 2;
            switch (e) {
                // A line holds one line: control characters become spaces, as in any decoded line.
                case 'n', 'r', 'b', 'f' -> out.append(' ');
                case 't' -> out.append('\t');
                case 'u' -> {
                    int code = hex(line, i + 2, 4);
                    if (code < 0) {
                        out.append(e);
                    } else {
                        out.append(code < 0x20 && code != '\t' || code == 0x7f ? ' ' : (char) code);
                        skip = 6;
                    }
                }
                default -> out.append(e);
            }
            i += skip;
        }
        return out == null ? line.substring(from, i) : out.toString();
    }

    /** The rest of the line from {@code from}, with /dev/kmsg's {@code \xNN} escapes decoded. */
    static String unescapeKmsg(String line, int from) {
        int slash = line.indexOf("\\x", from);
        if (slash < 0) {
            return line.substring(from);
        }
        StringBuilder out = new StringBuilder(line.length() - from);
        int i = from;
        while (i < line.length()) {
            char c = line.charAt(i);
            int code = c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == 'x' ? hex(line, i + 2, 2) : -1;
            if (code >= 0) {
                // Control characters would corrupt parsing and display, as in any decoded line.
                out.append(code < 0x20 && code != '\t' || code == 0x7f ? ' ' : (char) code);
                i += 4;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int hex(String s, int from, int digits) {
        if (from + digits > s.length()) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < from + digits; i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0) {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }
}
