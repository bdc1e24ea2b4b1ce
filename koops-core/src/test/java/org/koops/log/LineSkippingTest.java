package org.koops.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Skipping to the next interesting line must read the same lines, numbers and offsets as reading them all. */
class LineSkippingTest {
    private static final byte[] KEY = "BUG:".getBytes(StandardCharsets.US_ASCII);
    private static final LineReader.Search FIND_KEY = (buf, from, to) -> {
        outer:
        for (int i = from; i + KEY.length <= to; i++) {
            for (int k = 0; k < KEY.length; k++) {
                if (buf[i + k] != KEY[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    };

    private static String describe(RawLine l) {
        return l.number() + "@" + l.offset() + "-" + l.endOffset() + ":" + l.decode();
    }

    private static byte[] log(int lines, long seed) {
        Random random = new Random(seed);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            s.append(String.format("[%5d.%06d] ", i / 1000, i % 1000000));
            s.append("x".repeat(random.nextInt(120)));
            s.append(random.nextInt(500) == 0 ? " BUG: here" : "");
            s.append(random.nextInt(50) == 0 ? "\r\n" : "\n");
        }
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void skippingReadsWhatReadingEveryLineReads() throws IOException {
        byte[] data = log(200_000, 1);
        List<String> expected = new ArrayList<>();
        LineReader all = new LineReader(new ByteArrayInputStream(data));
        for (RawLine l; (l = all.next()) != null; ) {
            if (FIND_KEY.find(l.buffer(), l.start(), l.end()) >= 0) {
                expected.add(describe(l));
            }
        }
        List<String> skipped = new ArrayList<>();
        LineReader skipping = new LineReader(new ByteArrayInputStream(data));
        for (RawLine l; (l = skipping.nextMatching(FIND_KEY)) != null; ) {
            skipped.add(describe(l));
        }
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(skipped).isEqualTo(expected);
        assertThat(skipping.linesRead()).isEqualTo(all.linesRead()).isEqualTo(200_000);
        assertThat(skipping.bytesRead()).isEqualTo(data.length);
    }

    @Test
    void theLinesBeforeAMatchAreStillThere() throws IOException {
        byte[] data = ("a\nb\r\nc\nd\ne\nf\nBUG: x\n").getBytes(StandardCharsets.US_ASCII);
        LineReader reader = new LineReader(new ByteArrayInputStream(data));
        RawLine bug = reader.nextMatching(FIND_KEY);

        assertThat(reader.previous(bug, 5, 0)).extracting(LineSkippingTest::describe)
                .containsExactly("2@2-5:b", "3@5-7:c", "4@7-9:d", "5@9-11:e", "6@11-13:f");
        assertThat(reader.previous(bug, 5, 9)).extracting(RawLine::decode).containsExactly("e", "f");
    }

    @Test
    void aKeywordPastTheKeptPartOfAnOverlongLineIsNotFound() throws IOException {
        byte[] data = ("x".repeat(3 * LineReader.MAX_LINE) + "BUG: late\nBUG: next\n").getBytes(StandardCharsets.US_ASCII);
        LineReader reader = new LineReader(new ByteArrayInputStream(data));

        RawLine l = reader.nextMatching(FIND_KEY);

        assertThat(describe(l)).isEqualTo("2@" + (3 * LineReader.MAX_LINE + 10) + "-" + data.length + ":BUG: next");
        assertThat(reader.nextMatching(FIND_KEY)).isNull();
    }

    @Test
    void wordAtATimeNewlineSearchAgreesWithByteAtATime() {
        Random random = new Random(7);
        for (int round = 0; round < 2000; round++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (random.nextInt(4) == 0 ? '\n' : random.nextInt(256));
            }
            int from = b.length == 0 ? 0 : random.nextInt(b.length);
            int to = from + random.nextInt(b.length - from + 1);
            int first = -1;
            int last = -1;
            int count = 0;
            for (int i = from; i < to; i++) {
                if (b[i] == '\n') {
                    first = first < 0 ? i : first;
                    last = i;
                    count++;
                }
            }
            assertThat(LineReader.indexOfNewline(b, from, to)).isEqualTo(first);
            assertThat(LineReader.lastIndexOfNewline(b, from, to)).isEqualTo(last);
            assertThat(LineReader.countNewlines(b, from, to)).isEqualTo(count);
        }
    }
}
