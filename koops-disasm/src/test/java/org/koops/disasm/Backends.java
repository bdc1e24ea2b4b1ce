package org.koops.disasm;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/** The backends and files the tests need; a test is skipped, saying why, when one is missing. */
final class Backends {
    private Backends() {
    }

    static Disassembler capstone() {
        Assumptions.assumeTrue(Disassemblers.capstone().isPresent(), () -> "skipped: " + Disassemblers.capstoneProblem());
        return Disassemblers.capstone().get();
    }

    static Disassembler objdump() {
        Assumptions.assumeTrue(Disassemblers.objdump().isPresent(), () -> "skipped: " + Disassemblers.objdumpProblem());
        return Disassemblers.objdump().get();
    }

    /** A directory of the shared seeds and corpus beside the repository. */
    static Path shared(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("../shared").normalize();
            if (Files.isDirectory(candidate.resolve("seeds"))) {
                Path p = candidate.resolve(relative);
                Assumptions.assumeTrue(Files.exists(p), relative + " is not present");
                return p;
            }
        }
        Assumptions.abort("../shared is not present");
        return null;
    }

    /** The crash lab's fixtures, in the repository. */
    static Path labFixtures() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("lab/fixtures/manifest.tsv");
            if (Files.exists(candidate)) {
                return candidate.getParent();
            }
        }
        Assumptions.abort("lab/fixtures is not present");
        return null;
    }
}
