package org.koops.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LineSplittingTest {
    private static List<String> lines(byte[] data) throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream(data));
        List<String> out = new ArrayList<>();
        RawLine l;
        while ((l = reader.next()) != null) {
            out.add(l.decode());
        }
        return out;
    }

    @Test
    void crlfAndMissingFinalNewline() throws IOException {
        assertThat(lines("a\r\nb\r\nc".getBytes(StandardCharsets.UTF_8))).containsExactly("a", "b", "c");
    }

    @Test
    void offsetsCountEveryByte() throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream("ab\r\ncd\n".getBytes(StandardCharsets.UTF_8)));
        RawLine first = reader.next();
        assertThat(first.offset()).isZero();
        assertThat(first.endOffset()).isEqualTo(4);
        RawLine second = reader.next();
        assertThat(second.number()).isEqualTo(2);
        assertThat(second.offset()).isEqualTo(4);
        assertThat(second.endOffset()).isEqualTo(7);
    }

    @Test
    void invalidUtf8AndControlBytesDoNotBreakALine() throws IOException {
        byte[] data = {'B', 'U', 'G', ':', ' ', (byte) 0xff, (byte) 0xfe, 0, 0x1b, '[', '3', '1', 'm', 'x', '\n'};
        assertThat(lines(data)).containsExactly("BUG: \ufffd\ufffd x");
    }

    @Test
    void anOverlongLineIsCutAndTheNextLineStillRead() throws IOException {
        byte[] big = new byte[LineReader.MAX_LINE * 3 + 10];
        java.util.Arrays.fill(big, (byte) 'x');
        byte[] data = new byte[big.length + 5];
        System.arraycopy(big, 0, data, 0, big.length);
        System.arraycopy("\nok\n".getBytes(StandardCharsets.UTF_8), 0, data, big.length, 4);
        LineReader reader = new LineReader(new ByteArrayInputStream(data, 0, big.length + 4));
        RawLine cut = reader.next();
        assertThat(cut.truncated()).isTrue();
        assertThat(cut.end() - cut.start()).isEqualTo(LineReader.MAX_LINE);
        assertThat(cut.endOffset()).isEqualTo(big.length + 1L);
        assertThat(reader.next().decode()).isEqualTo("ok");
        assertThat(reader.next()).isNull();
    }

    @Test
    void readsAStreamThatArrivesInSmallPieces() throws IOException {
        byte[] data = "first line\nsecond line\n".getBytes(StandardCharsets.UTF_8);
        InputStream trickle = new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 3));
            }
        };
        LineReader reader = new LineReader(trickle);
        assertThat(reader.next().decode()).isEqualTo("first line");
        assertThat(reader.next().decode()).isEqualTo("second line");
    }

    /** A log in memory is read into a buffer of its size: the same lines, offsets and history as through one that does not say its size. */
    @Test
    void anInputThatSaysItsSizeSplitsAsOneThatDoesNot() throws IOException {
        java.util.Random random = new java.util.Random(7);
        for (int size : new int[] {0, 1, 2, 7, 8, 9, 100, 4095, 6000, 16383, 16384, 16385, 40000, 70000}) {
            byte[] data = new byte[size];
            for (int i = 0; i < size; i++) {
                data[i] = random.nextInt(60) == 0 ? (byte) '\n' : (byte) ('a' + random.nextInt(26));
            }
            if (size > 20000) {
                java.util.Arrays.fill(data, 100, 100 + Math.min(size - 200, LineReader.MAX_LINE + 5), (byte) 'y');
            }
            InputStream hidden = new java.io.FilterInputStream(new ByteArrayInputStream(data)) {
                @Override
                public int available() {
                    return 0;
                }
            };
            assertThat(read(new LineReader(new ByteArrayInputStream(data)))).as("%d bytes", size)
                    .isEqualTo(read(new LineReader(hidden)));
        }
    }

    private static List<String> read(LineReader reader) throws IOException {
        List<String> out = new ArrayList<>();
        RawLine l;
        while ((l = reader.next()) != null) {
            out.add(l.number() + " " + l.offset() + "-" + l.endOffset() + " " + l.truncated() + " " + l.decode()
                    + " after " + reader.previous(l, 3, 0).stream().map(RawLine::decode).toList());
        }
        return out;
    }
}
