package org.koops.debuginfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import io.airlift.compress.zstd.ZstdOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

/** {@code .ko.xz}, {@code .ko.zst} and {@code .ko.gz} modules read as the module itself; damage is named. */
class CompressedModulesTest {
    @TempDir
    Path dir;

    @Test
    void compressedModulesSymboliseLikeTheModule() throws Exception {
        Path module = TestObjects.module();
        String expected = answer(module);
        assertThat(expected).contains("function=demo_show").contains("module.c, line=");
        for (String suffix : new String[] {"xz", "zst", "gz"}) {
            assertThat(answer(compress(module, suffix))).as(suffix).isEqualTo(expected);
        }
    }

    @Test
    void aCutOrCorruptStreamIsReportedAsSuch() throws Exception {
        byte[] xz = Files.readAllBytes(compress(TestObjects.module(), "xz"));
        Path cut = Files.write(dir.resolve("cut.ko.xz"), Arrays.copyOf(xz, xz.length / 2));
        assertThatThrownBy(() -> Symbolizer.open(cut)).isInstanceOf(DebugInfoException.class)
                .hasMessageMatching("truncated cut.ko.xz xz data at offset 0x[0-9a-f]+: the compressed data ends early");
        byte[] bad = xz.clone();
        bad[bad.length / 2] ^= 0x55;
        Path corrupt = Files.write(dir.resolve("corrupt.ko.xz"), bad);
        assertThatThrownBy(() -> Symbolizer.open(corrupt)).isInstanceOf(DebugInfoException.class)
                .hasMessageStartingWith("invalid corrupt.ko.xz xz data at offset 0x");
    }

    @Test
    void aDamagedStreamHeaderIsReportedAsSuch() throws Exception {
        byte[] xz = Files.readAllBytes(compress(TestObjects.module(), "xz"));
        byte[] header = Arrays.copyOf(xz, 12);
        header[7] = 0x7f; // stream flags no xz version has
        Path damaged = Files.write(dir.resolve("damaged.ko.xz"), header);
        assertThatThrownBy(() -> Symbolizer.open(damaged)).isInstanceOf(DebugInfoException.class)
                .hasMessageStartingWith("invalid damaged.ko.xz xz data at offset 0x0: corrupt compressed data (")
                .hasMessageNotContaining("null");
    }

    private Path compress(Path file, String suffix) throws Exception {
        Path out = dir.resolve("module.ko." + suffix);
        try (OutputStream raw = Files.newOutputStream(out);
             OutputStream c = switch (suffix) {
                 case "xz" -> new XZOutputStream(raw, new LZMA2Options(), XZ.CHECK_CRC32);
                 case "zst" -> new ZstdOutputStream(raw);
                 default -> new GZIPOutputStream(raw);
             }) {
            Files.copy(file, c);
        }
        return out;
    }

    private static String answer(Path file) throws Exception {
        try (Symbolizer s = Symbolizer.open(file)) {
            StringBuilder out = new StringBuilder();
            for (Resolution r : s.resolve("demo_show", 0x10, null, true)) {
                out.append(r.lookupAddress()).append(' ').append(r.locations()).append('\n');
            }
            return out.toString();
        }
    }
}
