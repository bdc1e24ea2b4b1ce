package org.koops.debuginfo;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test objects compiled from the C sources in the test resources, once per test run, into
 * {@code target/test-objects}; tests that need them are skipped when gcc is missing.
 */
final class TestObjects {
    private static final Path DIR = Path.of("target", "test-objects").toAbsolutePath();
    private static final Map<String, Path> BUILT = new HashMap<>();

    private TestObjects() {
    }

    /** The kernel-module-like relocatable object, x86_64, DWARF 5. */
    static Path module() throws Exception {
        return build("module.o", List.of("-gdwarf-5", "-c"), "module.c");
    }

    /** The test program, x86_64, DWARF 5. */
    static Path program() throws Exception {
        return build("program", List.of("-gdwarf-5"), "program.c");
    }

    static synchronized Path build(String name, List<String> flags, String... sources) throws Exception {
        assumeTrue(Toolchain.find("gcc").isPresent(), "gcc is not installed");
        Path out = BUILT.get(name);
        if (out == null) {
            Files.createDirectories(DIR);
            out = DIR.resolve(name);
            List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-g", "-I", Toolchain.sources().toString()));
            cmd.addAll(flags);
            for (String source : sources) {
                cmd.add(Toolchain.sources().resolve(source).toString());
            }
            cmd.addAll(List.of("-o", out.toString()));
            Toolchain.run(DIR, "", cmd);
            BUILT.put(name, out);
        }
        return out;
    }

    /** A copy of {@code file} named {@code name} in {@code dir}, for tests that change or compress it. */
    static Path copy(Path file, Path dir, String name) throws IOException {
        return Files.copy(file, dir.resolve(name));
    }
}
