package org.koops.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The debuginfo module's C test sources compiled with gcc into {@code target/cli-test-objects}: a
 * kernel-module-like object and a program standing in for vmlinux. Tests using them are skipped
 * without gcc.
 */
final class DebugObjects {
    static final Path SOURCES = Path.of("..", "koops-debuginfo", "src", "test", "resources", "org", "koops", "debuginfo")
            .toAbsolutePath().normalize();
    private static final Path DIR = Path.of("target", "cli-test-objects").toAbsolutePath();

    private DebugObjects() {
    }

    static Path module() throws Exception {
        return build("module.o", "module.c", "-c");
    }

    static Path program() throws Exception {
        return build("program", "program.c");
    }

    /** {@code access.c} (structures reached through pointers) as a shared object with a GNU build id. */
    static Path access() throws Exception {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "the test objects are built for x86_64");
        return build("access.so", "access.c", "-shared", "-fPIC", "-fcf-protection=none", "-Wl,--build-id=sha1");
    }

    static boolean has(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static synchronized Path build(String name, String source, String... flags) throws Exception {
        assumeTrue(has("gcc"), "gcc is not installed");
        Path out = DIR.resolve(name);
        if (!Files.exists(out)) {
            Files.createDirectories(DIR);
            List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-g", "-gdwarf-5", "-I", SOURCES.toString()));
            cmd.addAll(List.of(flags));
            cmd.addAll(List.of(SOURCES.resolve(source).toString(), "-o", out.toString()));
            run(cmd);
        }
        return out;
    }

    /** Runs a tool and returns its standard output. */
    static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("failed: " + cmd);
        }
        return out;
    }
}
