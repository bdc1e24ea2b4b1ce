package org.koops.debuginfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The index cache gives the same answers as a file opened afresh, and a damaged cache file is only rebuilt. */
class IndexCacheTest {
    private static final List<String> FUNCTIONS = List.of("main", "classify", "lookup", "no_such_function");

    @TempDir
    Path dir;

    @Test
    void aCachedIndexAnswersAsTheFileDoes() throws Exception {
        Path program = TestObjects.program();
        List<String> fresh = answers(Symbolizer.open(program));
        IndexCache cache = new IndexCache(dir.resolve("index"));

        List<String> stored = answers(Symbolizer.openPrepared(program, cache));
        assertThat(cacheFiles()).hasSize(1);
        List<String> loaded = answers(loadedFrom(cache, program));

        assertThat(stored).isEqualTo(fresh);
        assertThat(loaded).isEqualTo(fresh);
    }

    @Test
    void aDamagedCacheFileIsIgnoredAndRebuilt() throws Exception {
        Path program = TestObjects.program();
        List<String> fresh = answers(Symbolizer.open(program));
        IndexCache cache = new IndexCache(dir.resolve("index"));
        answers(Symbolizer.openPrepared(program, cache));
        Path file = cacheFiles().get(0);
        byte[] good = Files.readAllBytes(file);

        for (byte[] damaged : List.of(flipped(good, good.length / 2), java.util.Arrays.copyOf(good, good.length / 3),
                new byte[0], withNameOutOfRange(good))) {
            Files.write(file, damaged);
            try (ElfFile elf = ElfFile.open(program)) {
                assertThat(cache.load(elf)).isNull();
            }
            assertThat(answers(Symbolizer.openPrepared(program, cache))).isEqualTo(fresh);
            assertThat(Files.readAllBytes(file)).isEqualTo(good);
        }
    }

    private static Symbolizer loadedFrom(IndexCache cache, Path program) throws Exception {
        ElfFile elf = ElfFile.open(program);
        Symbolizer s = cache.load(elf);
        assertThat(s).as("loaded from the cache").isNotNull();
        return s;
    }

    private List<Path> cacheFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("index"))) {
            return files.toList();
        }
    }

    /** Every function's resolution and the location of the first bytes of code, as text. */
    private static List<String> answers(Symbolizer s) throws Exception {
        try (s) {
            List<String> answers = new ArrayList<>();
            for (String f : FUNCTIONS) {
                answers.add(f + " " + s.symbols(f) + " " + s.resolve(f, 0x4, null, true));
            }
            for (long a = 0x1000; a < 0x1400; a += 3) {
                answers.add(Long.toHexString(a) + " " + s.symbolize(a) + " " + s.symbolAt(a));
            }
            answers.add("functions " + s.functions());
            return answers;
        }
    }

    private static byte[] flipped(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] ^= 0x5a;
        return copy;
    }

    /** A well-formed file, its checksum right, whose first function's name lies past the string table. */
    private static byte[] withNameOutOfRange(byte[] good) {
        ByteBuffer in = ByteBuffer.wrap(good.clone());
        in.position("koops-index\n".length() + Integer.BYTES);
        in.position(in.position() + Short.BYTES + (in.getShort(in.position()) & 0xffff) + Long.BYTES);
        int n = in.getInt();
        int names = in.position() + 2 * n * Long.BYTES + n * Integer.BYTES;
        in.putInt(names, Integer.MAX_VALUE);
        CRC32 crc = new CRC32();
        crc.update(in.array(), 0, good.length - Long.BYTES);
        in.putLong(good.length - Long.BYTES, crc.getValue());
        return in.array();
    }
}
