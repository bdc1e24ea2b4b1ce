package org.koops.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.koops.debuginfo.SourceLocation;

/** The source lines around a location, as {@code faddr2line --list} shows them: five each side, the line itself marked. */
final class SourceListing {
    private static final int CONTEXT = 5;

    private SourceListing() {
    }

    static void print(PrintWriter out, Path tree, SourceLocation location) {
        if (location.file() == null || location.line() == 0) {
            return;
        }
        Path file = tree.resolve(location.shortFile());
        if (!Files.isReadable(file) && location.file().startsWith("/")) {
            file = Path.of(location.file());
        }
        List<String> lines;
        try {
            // Decoded leniently: a stray Latin-1 byte in a comment must not hide the listing.
            lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            out.println("  (no source: cannot read " + tree.resolve(location.shortFile()) + ")");
            return;
        }
        int n = location.line();
        for (int i = Math.max(1, n - CONTEXT); i <= Math.min(lines.size(), n + CONTEXT); i++) {
            out.println((i == n ? ">" + i + "<" : " " + i + " ") + "\t" + lines.get(i - 1));
        }
    }
}
