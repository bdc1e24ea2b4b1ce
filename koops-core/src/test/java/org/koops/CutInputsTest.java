package org.koops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import io.airlift.compress.zstd.ZstdOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.koops.model.CrashReport;
import org.koops.model.LogAnalysis;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Compressed logs cut short (by the crash they record, or copied while written): what can be read is
 * analysed, and the analysis says the input was cut. Damaged data is one IOException that says where;
 * an error of the input itself still fails the read; nothing else is ever thrown.
 */
class CutInputsTest {
    /**
     * A fixture with one report; ordinary messages are added after it, so that a cut falls among them,
     * and enough that the data spans several of the units xz and zstd decode whole (a cut loses its last one).
     */
    private static final String FIXTURE = "x86-refcount-underflow.log";

    private interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    private static final List<Object[]> FORMATS = List.of(
            new Object[] {"gzip", (Compressor) GZIPOutputStream::new},
            new Object[] {"xz", (Compressor) out -> new XZOutputStream(out, new LZMA2Options())},
            // aircompressor decodes the frame it is in up to the cut only in part: frames of 64 KiB, as
            // multi-threaded compressors write them, show what is kept.
            new Object[] {"zstd", (Compressor) out -> new FramedZstd(out)});

    /** zstd output written as a frame per 64 KiB of data. */
    private static final class FramedZstd extends OutputStream {
        private final OutputStream out;
        private final ByteArrayOutputStream frame = new ByteArrayOutputStream();

        FramedZstd(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i += 1 << 16) {
                frame.write(b, i, Math.min(1 << 16, off + len - i));
                flushFrame();
            }
        }

        private void flushFrame() throws IOException {
            try (OutputStream z = new ZstdOutputStream(new java.io.FilterOutputStream(out) {
                @Override
                public void close() {
                }
            })) {
                frame.writeTo(z);
            }
            frame.reset();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> aCutStreamIsAnalysedAsFarAsItGoes() throws IOException {
        byte[] log = fixture();
        return FORMATS.stream().map(f -> DynamicTest.dynamicTest((String) f[0], () -> {
            byte[] whole = compress(log, (Compressor) f[1]);
            LogAnalysis complete = Koops.create().analyze("whole", new ByteArrayInputStream(whole));
            assertThat(complete.truncated()).isNull();
            assertThat(complete.bytes()).isEqualTo(log.length);

            // Cut where the report's lines are all in the compressed part read: at 90% of the file.
            byte[] cut = Arrays.copyOf(whole, whole.length * 9 / 10);
            LogAnalysis partial = Koops.create().analyze("cut", new ByteArrayInputStream(cut));
            assertThat(partial.truncated()).as(f[0] + " cut").contains(f[0] + " data").contains("stops short");
            assertThat(partial.bytes()).as(f[0] + " bytes of " + partial.truncated()).isPositive().isLessThan(log.length);
            assertThat(partial.reports()).extracting(CrashReport::title)
                    .containsExactly(complete.reports().get(0).title());
        }));
    }

    @TestFactory
    Stream<DynamicTest> damagedOrCutAnywhereFailsOnlyWithAReason() throws IOException {
        byte[] log = fixture();
        return FORMATS.stream().map(f -> DynamicTest.dynamicTest((String) f[0], () -> {
            byte[] whole = compress(log, (Compressor) f[1]);
            Random random = new Random(((String) f[0]).hashCode());
            for (int i = 0; i < 30; i++) {
                byte[] mutant = i % 2 == 0 ? Arrays.copyOf(whole, random.nextInt(whole.length))
                        : whole.clone();
                if (i % 2 == 1) {
                    for (int k = 1 + random.nextInt(4); k > 0; k--) {
                        mutant[random.nextInt(mutant.length)] ^= (byte) (1 + random.nextInt(255));
                    }
                }
                LogAnalysis a;
                try {
                    a = Koops.create().analyze("mutant", new ByteArrayInputStream(mutant));
                } catch (IOException damaged) {
                    assertThat(damaged.getMessage()).as("a one-line reason").isNotBlank().doesNotContain("\n");
                    continue;
                }
                assertThat(a.bytes()).isLessThanOrEqualTo(log.length + 1L << 20);
                for (CrashReport r : a.reports()) {
                    assertThat(r.startOffset()).isLessThan(r.endOffset());
                    assertThat(r.endOffset()).isLessThanOrEqualTo(a.bytes());
                }
            }
        }));
    }

    @Test
    void aHeaderCutShortReadsAsEmpty() throws IOException {
        LogAnalysis a = Koops.create().analyze("cut", new ByteArrayInputStream(new byte[] {0x1f, (byte) 0x8b, 8}));
        assertThat(a.reports()).isEmpty();
        assertThat(a.bytes()).isZero();
        assertThat(a.truncated()).startsWith("the gzip data stops short after 3 compressed bytes");
    }

    @Test
    void damagedDataIsAnErrorThatSaysWhere() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Koops.create().analyze("bad",
                        new ByteArrayInputStream(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 7, 8, 9})))
                .isInstanceOf(IOException.class).hasMessageStartingWith("damaged gzip data: ").hasMessageEndingWith(" (near compressed byte 13)");
    }

    @Test
    void anErrorOfTheInputItselfIsStillThrown() throws IOException {
        byte[] whole = compress(fixture(), GZIPOutputStream::new);
        InputStream failing = new InputStream() {
            private int read;

            @Override
            public int read() throws IOException {
                if (read >= whole.length / 2) {
                    throw new IOException("Input/output error");
                }
                return whole[read++] & 0xff;
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Koops.create().analyze("failing", failing))
                .isInstanceOf(IOException.class).hasMessage("Input/output error");
    }

    @Test
    void plainTextIsNeverCut() {
        assertThat(Koops.create().analyze("plain", "no report here\n").truncated()).isNull();
    }

    private static byte[] fixture() throws IOException {
        try (InputStream in = CutInputsTest.class.getResourceAsStream("/fixtures/" + FIXTURE)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder log = new StringBuilder(text.substring(text.indexOf("\n\n") + 2));
            Random random = new Random(7);
            for (int i = 0; i < 12000; i++) {
                log.append(String.format("[  700.%06d] demo: tick %d, checksum %08x%n", i * 731, i, random.nextInt()));
            }
            return log.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static byte[] compress(byte[] data, Compressor c) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = c.wrap(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }
}
