package org.koops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Each decompressor on arbitrary bytes behind its magic: a log reads to its end or fails with a one-line
 * {@link IOException}, never another exception, and never yields more than a bounded amount per input byte
 * before it is cut off. Replayed from {@code DecompressFuzzTestInputs/} in every test run; fuzzed with
 * {@code mvn -Pfuzz}.
 */
class DecompressFuzzTest {
    private static final byte[][] MAGICS = {
            {0x1f, (byte) 0x8b, 8},
            {(byte) 0xfd, '7', 'z', 'X', 'Z', 0},
            {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}};
    /** Reading stops here: the analysis reads on in bounded memory, and a bomb proves nothing more beyond. */
    private static final int READ_AT_MOST = 64 << 20;

    @FuzzTest
    void decompress(FuzzedDataProvider data) {
        byte[] magic = MAGICS[data.consumeInt(0, MAGICS.length - 1)];
        byte[] rest = data.consumeRemainingAsBytes();
        byte[] input = new byte[magic.length + rest.length];
        System.arraycopy(magic, 0, input, 0, magic.length);
        System.arraycopy(rest, 0, input, magic.length, rest.length);
        try (InputStream in = LogInputs.decompress(new ByteArrayInputStream(input))) {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int n; total < READ_AT_MOST && (n = in.read(buffer)) >= 0; ) {
                total += n;
            }
        } catch (IOException e) {
            assertThat(e.getMessage()).as("an I/O error's message").isNotBlank().doesNotContain("\n");
        }
    }
}
