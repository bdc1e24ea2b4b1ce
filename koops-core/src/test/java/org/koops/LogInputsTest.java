package org.koops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.koops.model.CrashReport;

/** Compressed logs: cut short, and zstd frames with long windows. */
class LogInputsTest {
    private static final Path SAMPLE = Path.of("..", "samples", "null-deref-proc-read.log");
    private static final String TITLE = "BUG: unable to handle kernel NULL pointer dereference in demo_show";

    /** The sample, then 4 MB of ordinary lines that compress to more than the sample does. */
    private static byte[] sampleThenLines() throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        log.writeBytes(Files.readAllBytes(SAMPLE));
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int i = 0; log.size() < 4 << 20; i++) {
            log.writeBytes(String.format("[ %5d.%06d] eth0: rx %d tx %d%n", 400 + i / 1000, i % 1000000,
                    random.nextInt(), random.nextInt()).getBytes(StandardCharsets.US_ASCII));
        }
        return log.toByteArray();
    }

    @Test
    void aGzipCutShortIsReadUpToTheCutAndItsCrashIsFound() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(sampleThenLines());
        }
        byte[] cut = Arrays.copyOf(gz.toByteArray(), gz.size() / 2);
        AtomicInteger cuts = new AtomicInteger();

        long read;
        try (InputStream in = LogInputs.decompress(new ByteArrayInputStream(cut), cuts::incrementAndGet)) {
            read = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertThat(cuts.get()).isEqualTo(1);
        assertThat(read).isBetween(1L << 20, 4L << 20);
        assertThat(Koops.create().withoutDisassembler().analyze("cut.gz", new ByteArrayInputStream(cut)).reports())
                .extracting(CrashReport::title).containsExactly(TITLE);
    }

    @Test
    void aLogCutInsideItsCompressedHeaderIsAnEmptyLogCutThere() throws IOException {
        for (byte[] head : new byte[][] {{0x1f, (byte) 0x8b, 8}, {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}}) {
            boolean[] cut = {false};
            try (InputStream in = LogInputs.decompress(new ByteArrayInputStream(head), () -> cut[0] = true)) {
                assertThat(in.readAllBytes()).isEmpty();
            }
            assertThat(cut[0]).isTrue();
        }
    }

    @Test
    void closingTheLogClosesItsDecoderWhoseNativeMemoryOnlyCloseFrees() throws IOException {
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        java.io.InputStream decoded = new java.io.FilterInputStream(new java.io.ByteArrayInputStream("BUG: x\n".getBytes())) {
            @Override
            public void close() throws IOException {
                closed.set(true);
                super.close();
            }
        };
        try (DecompressedInput in = DecompressedInput.of("test", new java.io.ByteArrayInputStream(new byte[1]), s -> decoded, () -> { })) {
            assertThat(in.readAllBytes()).hasSize(7);
        }
        assertThat(closed).isTrue();
    }

    @Test
    void aDecompressorsErrorIsOneLineWithAMessage() {
        byte[] notGzip = {0x1f, (byte) 0x8b, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> LogInputs.decompress(new ByteArrayInputStream(notGzip)).readAllBytes())
                .isInstanceOf(IOException.class).message().isNotBlank().doesNotContain("\n");
    }

    @Test
    void aZstdFrameTheDecoderRefusesIsAnIOErrorNotACrash() {
        // Frame header descriptor 0x01: a one-byte dictionary id, which aircompressor refuses unchecked.
        byte[] withDictionary = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x01, 0x07, 0, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> LogInputs.decompress(new ByteArrayInputStream(withDictionary)).readAllBytes())
                .isInstanceOf(IOException.class).hasMessageStartingWith("damaged zstd data: ");
    }

    @Test
    void damageInsideAGzipIsStillAnError() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(sampleThenLines());
        }
        byte[] damaged = gz.toByteArray();
        for (int i = damaged.length / 3; i < damaged.length / 3 + 64; i++) {
            damaged[i] ^= 0x55;
        }
        assertThatThrownBy(() -> {
            try (InputStream in = LogInputs.decompress(new ByteArrayInputStream(damaged))) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void zstdWithALongWindowAsZstdLongAndUltraWriteIsRead() throws IOException {
        byte[] log = sampleThenLines();
        ByteArrayOutputStream zst = new ByteArrayOutputStream();
        try (com.github.luben.zstd.ZstdOutputStreamNoFinalizer out = new com.github.luben.zstd.ZstdOutputStreamNoFinalizer(zst)) {
            out.setLevel(3).setLong(27); // zstd --long: a window of 2^27 bytes, whatever the size
            out.write(log);
        }
        byte[] frame = zst.toByteArray();
        assertThat(LogInputs.zstdWindow(Arrays.copyOf(frame, 18))).isEqualTo(128L << 20);

        try (InputStream in = LogInputs.decompress(new ByteArrayInputStream(frame))) {
            assertThat(in.readAllBytes()).isEqualTo(log);
        }
        AtomicInteger cuts = new AtomicInteger();
        try (InputStream in = LogInputs.decompress(new ByteArrayInputStream(Arrays.copyOf(frame, frame.length / 2)),
                cuts::incrementAndGet)) {
            assertThat(in.readAllBytes().length).isLessThan(log.length);
        }
        assertThat(cuts.get()).isEqualTo(1);
    }

    @Test
    void theWindowOfAZstdFrameHeaderIsReadAsRfc8878Says() {
        // Window descriptor 0x58: exponent 11, mantissa 0: 2^21 bytes; 0x9a: exponent 19, mantissa 2: 2^29 * 1.25.
        assertThat(LogInputs.zstdWindow(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x00, 0x58})).isEqualTo(1L << 21);
        assertThat(LogInputs.zstdWindow(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x00, (byte) 0x9a}))
                .isEqualTo((1L << 29) + (1L << 29) / 8 * 2);
        // Single segment, 2-byte content size 0x0100 + 256.
        assertThat(LogInputs.zstdWindow(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x60, 0x00, 0x01}))
                .isEqualTo(512);
        assertThatThrownBy(() -> LogInputs.decompress(new ByteArrayInputStream(new byte[] {0x28, (byte) 0xb5, 0x2f,
                (byte) 0xfd, 0x00, (byte) 0x9a, 0, 0, 0}))).hasMessageContaining("is larger than 128 MB");
    }
}
