package org.koops.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;
import org.koops.Koops;

/**
 * Inputs built to make a scanner hang or fill the heap. The time limits are generous bounds against
 * a hang (catastrophic backtracking, quadratic rescans), not measurements.
 */
// Alone, not beside other test classes running in parallel (the parent pom): its bounds are wall-clock time
// for half a minute of CPU.
@Isolated
class PathologicalInputTest {
    /** Repeats a pattern up to {@code size} bytes without holding them, and tells how much was read. */
    private static final class Repeating extends InputStream {
        private final byte[] pattern;
        private final long size;
        private long read;

        Repeating(String pattern, long size) {
            this.pattern = pattern.getBytes(StandardCharsets.US_ASCII);
            this.size = size;
        }

        @Override
        public int read() {
            return read < size ? pattern[(int) (read++ % pattern.length)] : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (read >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - read);
            for (int i = 0; i < n; i++) {
                b[off + i] = pattern[(int) ((read + i) % pattern.length)];
            }
            read += n;
            return n;
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aTenMegabyteLineWithoutNewline() throws IOException {
        Koops.ScanStats stats = Koops.create().scan(new Repeating("general protection faul", 10 << 20), r -> { }, b -> { });

        assertThat(stats.lines()).isEqualTo(1);
        assertThat(stats.bytes()).isEqualTo(10 << 20);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aTenMegabyteLineOfHeaders() throws IOException {
        int[] reports = {0};
        Koops.create().scan(new Repeating("BUG: soft lockup - CPU#0 stuck for 22s! ", 10 << 20), r -> reports[0]++, b -> { });

        assertThat(reports[0]).isEqualTo(1);
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aMillionBugLinesAreHandedOverAsTheyComeNotHeld() throws IOException {
        Repeating in = new Repeating("BUG:\n", 5_000_000);
        long[] reports = {0};
        long[] readAtFirst = {-1};

        Koops.create().scan(in, r -> {
            if (reports[0]++ == 0) {
                readAtFirst[0] = in.read;
            }
        }, b -> { });

        assertThat(reports[0]).isEqualTo(1_000_000);
        assertThat(readAtFirst[0]).isLessThan(1 << 20);
    }
}
