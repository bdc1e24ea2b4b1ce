package org.koops.debuginfo;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The kernel module files under a directory, by module name: {@code /lib/modules/<release>} with
 * {@code .ko}, {@code .ko.xz}, {@code .ko.zst} or {@code .ko.gz} files, and {@code /usr/lib/debug/lib/modules/<release>}
 * with {@code .ko} or {@code .ko.debug} ones. As for the kernel, {@code -} and {@code _} are the same in names.
 */
final class ModuleFiles {
    private static final List<String> SUFFIXES = List.of(".ko.debug", ".ko", ".ko.xz", ".ko.zst", ".ko.gz");
    private static final int MAX_DEPTH = 16;

    private final Path dir;
    private Map<String, List<Path>> byName;

    ModuleFiles(Path dir) {
        this.dir = dir;
    }

    /** The files that may hold {@code module}, the likeliest to have debug info first. */
    synchronized List<Path> candidates(String module) throws IOException {
        index();
        return byName.getOrDefault(normalize(module), List.of());
    }

    /** Lists the directory now, if not done yet: it may be done ahead, on another thread. */
    synchronized void index() throws IOException {
        if (byName == null) {
            byName = index(dir);
        }
    }

    private static Map<String, List<Path>> index(Path dir) throws IOException {
        Map<String, List<Path>> byName = new HashMap<>();
        Files.walkFileTree(dir, java.util.Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                String name = String.valueOf(file.getFileName());
                if (suffix(name) >= 0) {
                    byName.computeIfAbsent(normalize(name), k -> new ArrayList<>()).add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // an unreadable directory holds nothing we can use
            }
        });
        // Separate debug files first, then plain modules, then compressed ones, which must be inflated first.
        Comparator<Path> preference = Comparator.comparingInt(p -> suffix(String.valueOf(p.getFileName())));
        byName.values().forEach(paths -> paths.sort(preference.thenComparing(Path::toString)));
        return byName;
    }

    private static int suffix(String fileName) {
        for (int i = 0; i < SUFFIXES.size(); i++) {
            if (fileName.endsWith(SUFFIXES.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** {@code nf-conntrack.ko.xz} and {@code nf_conntrack} are both {@code nf_conntrack}. */
    static String normalize(String name) {
        int s = suffix(name);
        String base = s >= 0 ? name.substring(0, name.length() - SUFFIXES.get(s).length()) : name;
        return base.replace('-', '_').toLowerCase(Locale.ROOT);
    }
}
