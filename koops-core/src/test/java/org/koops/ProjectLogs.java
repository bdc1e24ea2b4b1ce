package org.koops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The project's own crash logs, for tests that check a property of every analysis: the samples, the core's
 * fixtures ({@code koops-core/src/test/resources/fixtures}) and the crash lab's consoles of every architecture
 * ({@code lab/fixtures/ARCH/*.log}). Paths are relative to a module's directory, where the tests run; shared
 * through the core's test jar.
 */
public final class ProjectLogs {
    private static final Path ROOT = Path.of("..");
    private static final String FIXTURES = "koops-core/src/test/resources/fixtures";

    private ProjectLogs() {
    }

    /** Every log of the three sets, each set sorted by name. */
    public static List<Path> all() {
        List<Path> logs = new ArrayList<>(logsIn(ROOT.resolve("samples")));
        logs.addAll(logsIn(ROOT.resolve(FIXTURES)));
        try (Stream<Path> arches = Files.list(ROOT.resolve("lab/fixtures"))) {
            arches.filter(Files::isDirectory).sorted().forEach(dir -> logs.addAll(logsIn(dir)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return logs;
    }

    /** A console of the crash lab: {@code lab/fixtures/ARCH/SCENARIO.log}. */
    public static Path lab(String fixture) {
        return ROOT.resolve("lab/fixtures").resolve(fixture);
    }

    /** The log of one of the core's fixtures, without its header (the expected result and a blank line). */
    public static String fixture(String name) {
        try {
            String text = Files.readString(ROOT.resolve(FIXTURES).resolve(name), StandardCharsets.UTF_8);
            return text.substring(text.indexOf("\n\n") + 2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> logsIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
