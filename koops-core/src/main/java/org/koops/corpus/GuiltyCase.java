package org.koops.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One file of syzkaller's guilty-file corpus ({@code pkg/report/testdata/linux/guilty/N}): a header
 * naming the expected file, an empty line, and an already symbolised report.
 *
 * @param name        the file name
 * @param file        the expected guilty file, or {@code null} when none is expected ({@code FILE: })
 * @param log         the report, from the empty line after the header on, as syzkaller parses it
 * @param unknownKeys header lines that are not part of the format
 */
public record GuiltyCase(String name, String file, String log, List<String> unknownKeys) {

    public static GuiltyCase read(Path path) throws IOException {
        String text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8).replace("\r", "");
        int blank = text.indexOf("\n\n");
        String header = blank < 0 ? text : text.substring(0, blank);
        String file = null;
        List<String> unknown = new ArrayList<>();
        for (String line : header.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("FILE:")) {
                String value = line.substring("FILE:".length()).strip();
                file = value.isEmpty() ? null : value;
            } else {
                unknown.add(line);
            }
        }
        return new GuiltyCase(path.getFileName().toString(), file, blank < 0 ? "" : text.substring(blank),
                List.copyOf(unknown));
    }
}
