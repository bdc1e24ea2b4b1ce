package org.koops.debuginfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * An ELF file of any bytes, opened and asked everything koops asks of a vmlinux or a module: its build id
 * and debug link, its symbols, the source lines and inline chains of addresses (those of its functions and
 * ones the fuzzer picks), functions by name and offset, a function's code with its relocations. Every
 * outcome is an answer or a one-line {@link DebugInfoException} naming an offset; nothing else is thrown.
 * The input is the file followed by the addresses: the fuzzer's integers are taken from the end of its
 * bytes. Replayed from {@code SymbolizerFuzzTestInputs/} (two small objects of the test sources, each
 * followed by four addresses) in every test run; fuzzed with {@code mvn -Pfuzz}.
 */
class SymbolizerFuzzTest {
    private static final int ADDRESSES = 4;
    /** Functions looked at closely per file, whatever its symbol table holds. */
    private static final int FUNCTIONS = 8;
    private static final Path FILE;

    static {
        try {
            Path dir = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : null;
            FILE = dir == null ? Files.createTempFile("koops-fuzz-", ".o") : Files.createTempFile(dir, "koops-fuzz-", ".o");
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest
    void symbolize(FuzzedDataProvider data) throws IOException {
        long[] addresses = new long[ADDRESSES];
        for (int i = ADDRESSES - 1; i >= 0; i--) {
            addresses[i] = data.consumeLong();
        }
        Files.write(FILE, data.consumeRemainingAsBytes());
        try (Symbolizer s = Symbolizer.open(FILE)) {
            s.buildId();
            s.debugLink();
            s.hasDebugInfo();
            for (long a : addresses) {
                s.symbolAt(a);
                s.symbolize(a);
            }
            List<Symbol> functions = s.functions();
            for (Symbol f : functions.subList(0, Math.min(FUNCTIONS, functions.size()))) {
                s.symbolize(f.address());
                s.resolve(f.name(), Math.floorMod(addresses[0], Math.max(1, f.size())), f.size(), true);
                s.code(f);
            }
        } catch (DebugInfoException e) {
            assertThat(e.getMessage()).as("the error").doesNotContain("\n").contains(" at offset 0x");
        } catch (IOException e) {
            // A compressed module that does not decompress: the decompressor's own one-line error.
            assertThat(e.getMessage()).as("the error").isNotBlank().doesNotContain("\n");
        }
    }
}
