package org.koops.acceptance;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/** Locates the shared seeds and corpus beside the repository; tests using them are skipped without it. */
final class SharedFiles {
    private SharedFiles() {
    }

    static Path shared() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("../shared").normalize();
            if (Files.isDirectory(candidate.resolve("seeds"))) {
                return candidate;
            }
        }
        return null;
    }

    static Path require(String relative) {
        Path shared = shared();
        Assumptions.assumeTrue(shared != null, "../shared is not present");
        Path p = shared.resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), relative + " is not present");
        return p;
    }
}
