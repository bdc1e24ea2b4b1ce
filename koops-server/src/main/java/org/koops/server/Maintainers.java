package org.koops.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The kernel's {@code MAINTAINERS} file: which subsystem a source file belongs to, who maintains it and
 * where to write. Each section is a title line then tagged lines: {@code M:} a maintainer, {@code R:} a
 * reviewer, {@code L:} a mailing list, {@code S:} its status, {@code F:} files ({@code *} and {@code ?}
 * within one path component; a trailing {@code /} takes in a directory at any depth), {@code X:} files
 * left out, {@code N:} a regular expression on the path. As {@code scripts/get_maintainer.pl} does, the
 * sections whose longest matching pattern is the longest win: {@code fs/ext4/inode.c} is EXT4 FILE
 * SYSTEM's, not FILESYSTEMS (VFS ...)'s.
 */
final class Maintainers {
    /** One section of the file, as a page shows it. */
    record Section(String subsystem, String status, List<String> maintainers, List<String> lists) {
    }

    /** A file pattern, and how much of a path it names: its length without wildcards. */
    private record Glob(Pattern pattern, int weight) {
        boolean matches(String file) {
            return pattern.matcher(file).matches();
        }
    }

    private record Parsed(Section section, List<Glob> files, List<Glob> excluded, List<Pattern> names) {
    }

    private static final Pattern TAG = Pattern.compile("^([A-Z]):\\s*(.*?)\\s*$");
    static final Maintainers NONE = new Maintainers(List.of());

    private final List<Parsed> sections;

    private Maintainers(List<Parsed> sections) {
        this.sections = sections;
    }

    /** Reads a MAINTAINERS file; {@link #NONE} for {@code null}. */
    static Maintainers load(Path file) throws IOException {
        return file == null ? NONE : parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    static Maintainers parse(List<String> lines) {
        List<Parsed> sections = new ArrayList<>();
        String title = null;
        List<String[]> tags = new ArrayList<>();
        for (String line : lines) {
            Matcher m = TAG.matcher(line);
            if (m.matches()) {
                if (title != null) {
                    tags.add(new String[] {m.group(1), m.group(2)});
                }
            } else if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                add(sections, title, tags);
                title = line.strip();
                tags = new ArrayList<>();
            }
        }
        add(sections, title, tags);
        return new Maintainers(List.copyOf(sections));
    }

    private static void add(List<Parsed> sections, String title, List<String[]> tags) {
        if (title == null) {
            return;
        }
        String status = null;
        List<String> people = new ArrayList<>();
        List<String> lists = new ArrayList<>();
        List<Glob> files = new ArrayList<>();
        List<Glob> excluded = new ArrayList<>();
        List<Pattern> names = new ArrayList<>();
        for (String[] t : tags) {
            switch (t[0]) {
                case "M", "R" -> people.add(t[1]);
                case "L" -> lists.add(t[1].split("\\s", 2)[0]);
                case "S" -> status = t[1];
                case "F" -> files.add(glob(t[1]));
                case "X" -> excluded.add(glob(t[1]));
                case "N" -> {
                    try {
                        names.add(Pattern.compile(t[1]));
                    } catch (PatternSyntaxException e) {
                        // a pattern Perl reads and Java does not: that section is found by its F: lines only
                    }
                }
                default -> { } // W: web, T: tree, Q: patchwork, B: bugs, C: chat, P: profile, K: content
            }
        }
        if (!files.isEmpty() || !names.isEmpty()) {
            sections.add(new Parsed(new Section(title, status, List.copyOf(people), List.copyOf(lists)),
                    List.copyOf(files), List.copyOf(excluded), List.copyOf(names)));
        }
    }

    /** A file pattern as a regular expression: a trailing slash takes in the directory's whole tree. */
    private static Glob glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            switch (ch) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                default -> re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return new Glob(Pattern.compile(re + (pattern.endsWith("/") ? ".*" : "")),
                pattern.replace("*", "").replace("?", "").length());
    }

    /** The sections of a source file, the most specific first; none for {@code null} or an unknown file. */
    List<Section> of(String file) {
        if (file == null || sections.isEmpty()) {
            return List.of();
        }
        record Match(Section section, int length) {
        }
        List<Match> matches = new ArrayList<>();
        for (Parsed p : sections) {
            if (p.excluded().stream().anyMatch(x -> x.matches(file))) {
                continue;
            }
            int longest = p.files().stream().filter(f -> f.matches(file)).mapToInt(Glob::weight).max().orElse(-1);
            if (longest < 0 && p.names().stream().anyMatch(n -> n.matcher(file).find())) {
                longest = 0;
            }
            if (longest >= 0) {
                matches.add(new Match(p.section(), longest));
            }
        }
        int best = matches.stream().mapToInt(Match::length).max().orElse(-1);
        return matches.stream().filter(m -> m.length() == best).sorted(Comparator.comparing(m -> m.section()
                .subsystem())).map(Match::section).toList();
    }
}
