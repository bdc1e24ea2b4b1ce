package org.koops.dump;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A log record as {@code makedumpfile --dump-dmesg} and kexec-tools' {@code vmcore-dmesg} print it:
 * {@code [seconds.micros] text}, the seconds right-aligned in five places; bytes the C locale does
 * not count as printable or space shown as {@code \xNN}, a newline inside a record as a line break.
 */
final class DmesgText {
    private DmesgText() {
    }

    static void append(ByteArrayOutputStream out, RawRecord r) {
        long seconds = Long.divideUnsigned(r.timestampNanos(), 1_000_000_000L);
        long micros = Long.remainderUnsigned(r.timestampNanos(), 1_000_000_000L) / 1000;
        String stamp = String.format(java.util.Locale.ROOT, "[%5d.%06d] ", seconds, micros);
        out.writeBytes(stamp.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(escaped(r.text(), true).getBytes(StandardCharsets.ISO_8859_1));
        out.write('\n');
    }

    /** The text with bytes outside printable ASCII and white space as {@code \xNN}. */
    static String escaped(byte[] text, boolean asOracles) {
        StringBuilder s = new StringBuilder(text.length + 16);
        for (byte b : text) {
            int c = b & 0xff;
            if ((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t' || (asOracles && (c == '\r' || c == 0x0b || c == 0x0c))) {
                s.append((char) c);
            } else {
                s.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        return s.toString();
    }
}
