package org.koops.acceptance;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;

/**
 * The differences a corpus test knowingly has, one field of one file a line ({@code file field: why}),
 * kept as a resource of the test beside its source. A listed file is skipped with its reason; a
 * difference not listed fails, and so does a listed one that is gone, so that the list stays true. In
 * update mode ({@code -Dkoops.corpus.update=true}) the list is rewritten from the current results,
 * keeping the reasons of the entries that remain, for review.
 */
final class KnownDifferences {
    /** One file's differences: field → {@code "expected ≠ actual"}, only the fields that differ. */
    record Result(String file, Map<String, String> differing) {
    }

    private final Class<?> test;
    private final String resource;
    private final Path source;
    private final String header;
    private final Map<String, Map<String, String>> listed;

    /**
     * @param test     the test class, whose package holds the list as a resource
     * @param resource the list's file name
     * @param header   the comment written at the top of a rewritten list
     * @param results  the current results, used to rewrite the list in update mode
     */
    KnownDifferences(Class<?> test, String resource, String header, List<Result> results) throws IOException {
        this.test = test;
        this.resource = resource;
        this.source = Path.of("src/test/resources", test.getPackageName().replace('.', '/'), resource);
        this.header = header;
        Map<String, Map<String, String>> read = read();
        this.listed = Boolean.getBoolean("koops.corpus.update") ? update(results, read) : read;
    }

    /** Fails on a difference not listed or a listed one that is gone; skips a listed file with its reasons. */
    void check(Result result) {
        Map<String, String> reasons = listed.getOrDefault(result.file(), Map.of());
        StringBuilder problems = new StringBuilder();
        result.differing().forEach((field, diff) -> {
            if (!reasons.containsKey(field)) {
                problems.append(String.format("%n  %s differs: %s", field, diff));
            }
        });
        reasons.keySet().stream().filter(field -> !result.differing().containsKey(field)).forEach(field -> problems.append(
                String.format("%n  %s now agrees: remove it from %s", field, resource)));
        if (!problems.isEmpty()) {
            fail(result.file() + problems);
        }
        Assumptions.assumeTrue(reasons.isEmpty(), () -> reasons.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; ")));
    }

    /** {@code file field: reason} lines; {@code #} starts a comment. */
    private Map<String, Map<String, String>> read() throws IOException {
        Map<String, Map<String, String>> known = new TreeMap<>();
        try (InputStream in = test.getResourceAsStream(resource)) {
            if (in == null) {
                return known;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fileAndRest = line.split(" ", 2);
                String[] fieldAndReason = fileAndRest[1].split(": ", 2);
                known.computeIfAbsent(fileAndRest[0], f -> new LinkedHashMap<>())
                        .put(fieldAndReason[0], fieldAndReason.length > 1 ? fieldAndReason[1] : "");
            }
        }
        return known;
    }

    /** Rewrites the list in the source tree from the results; a new entry's reason is its difference. */
    private Map<String, Map<String, String>> update(List<Result> results, Map<String, Map<String, String>> old)
            throws IOException {
        Map<String, Map<String, String>> known = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder(header);
        for (Result r : results) {
            r.differing().forEach((field, diff) -> {
                String reason = old.getOrDefault(r.file(), Map.of()).getOrDefault(field, "differs: " + diff);
                known.computeIfAbsent(r.file(), f -> new LinkedHashMap<>()).put(field, reason);
                text.append(r.file()).append(' ').append(field).append(": ").append(reason).append('\n');
            });
        }
        Files.writeString(source, text, StandardCharsets.UTF_8);
        return known;
    }

    /** The fields of {@code differences} that differ (those whose value is not {@code null}). */
    static Map<String, String> differing(Map<String, String> differences) {
        Map<String, String> d = new LinkedHashMap<>();
        differences.forEach((field, diff) -> {
            if (diff != null) {
                d.put(field, diff);
            }
        });
        return d;
    }
}
