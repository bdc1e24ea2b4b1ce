package org.koops.log;

import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;

/**
 * A view of the current line's bytes inside {@link LineReader}'s buffer; valid until the next read.
 * Kept as bytes so the scanner can reject most lines without decoding them.
 */
public final class RawLine {
    byte[] buffer;
    int start;
    int end;
    long number;
    long offset;
    long endOffset;
    boolean truncated;

    /** A line detached from any reader, e.g. one kept for later. */
    public static RawLine of(byte[] bytes, long number, long offset, long endOffset) {
        return of(bytes, 0, bytes.length, number, offset, endOffset);
    }

    /** A line detached from any reader: {@code bytes[start, end)}, the rest of the array other lines' bytes. */
    static RawLine of(byte[] bytes, int start, int end, long number, long offset, long endOffset) {
        RawLine line = new RawLine();
        line.buffer = bytes;
        line.start = start;
        line.end = end;
        line.number = number;
        line.offset = offset;
        line.endOffset = endOffset;
        return line;
    }

    /** Decodes and splits off the prefix. */
    public org.koops.model.LogLine toLogLine() {
        return PrefixParser.parse(number, offset, endOffset, decode());
    }

    public byte[] buffer() {
        return buffer;
    }

    public int start() {
        return start;
    }

    public int end() {
        return end;
    }

    public long number() {
        return number;
    }

    public long offset() {
        return offset;
    }

    public long endOffset() {
        return endOffset;
    }

    /** Whether the line was longer than {@link LineReader#MAX_LINE} and only its beginning was kept. */
    public boolean truncated() {
        return truncated;
    }

    /** The line decoded as UTF-8; invalid bytes become U+FFFD and NUL and other controls become spaces. */
    public String decode() {
        boolean ascii = true;
        for (int i = start; i < end; i++) {
            if (buffer[i] < 0x20 || buffer[i] == 0x7f) {
                if (buffer[i] != '\t') {
                    ascii = false;
                    break;
                }
            } else if (buffer[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(buffer, 0, start, end - start);
        }
        return sanitize(decodeUtf8(buffer, start, end));
    }

    private static String decodeUtf8(byte[] b, int from, int to) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            return decoder.decode(ByteBuffer.wrap(b, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder does not throw", e);
        }
    }

    /** Control characters (terminal escapes, NUL padding) would corrupt both parsing and display. */
    private static String sanitize(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0x1b) {
                i = skipEscape(s, i);
            } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Skips an ANSI CSI sequence ({@code ESC [ ... letter}) or a two-character escape. */
    private static int skipEscape(String s, int at) {
        int i = at + 1;
        if (i < s.length() && s.charAt(i) == '[') {
            i++;
            while (i < s.length() && !Character.isLetter(s.charAt(i)) && i - at < 32) {
                i++;
            }
        }
        return i;
    }
}
