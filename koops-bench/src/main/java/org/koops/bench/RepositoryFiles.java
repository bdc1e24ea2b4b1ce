package org.koops.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a file named relative to the repository's root from wherever the benchmarks run in it. */
final class RepositoryFiles {
    private RepositoryFiles() {
    }

    /** {@code name} as given when it exists, else under the nearest directory above that holds it. */
    static Path resolve(String name) {
        Path given = Path.of(name);
        if (given.isAbsolute() || Files.exists(given)) {
            return given;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        throw new IllegalArgumentException("no " + name + " here or in a directory above: run from the repository");
    }
}
