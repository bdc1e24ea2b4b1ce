package org.koops;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kernel log dump kept by pstore ({@code /sys/fs/pstore/dmesg-ramoops-N}, {@code dmesg-efi-*},
 * {@code dmesg-erst-*}), put back together from its parts. The kernel's pstore_dump() writes the log
 * from its end backwards, a part per record, each starting with a header line such as
 * {@code Panic#1 Part2}: Part1 holds the newest lines, so the parts are joined from the highest down.
 */
final class PstoreRecord implements LogInput {
    /** The header pstore_dump() writes before each part: the kmsg dump reason, the dump count and the part. */
    static final Pattern HEADER = Pattern.compile(
            "\\A(Oops|Panic|Emergency|Restart|Halt|Poweroff|Shutdown|Unknown)#(\\d{1,9}) Part(\\d{1,6})\r?\n");

    /** One part: its file, the bytes after the header, and its header's fields. */
    record Part(Path file, byte[] body, String reason, int count, int number) {
        /** The part of a record's text, or {@code null} when the text does not start with a pstore header. */
        static Part of(Path file, byte[] text) {
            String head = new String(text, 0, Math.min(text.length, 64), StandardCharsets.ISO_8859_1);
            Matcher m = HEADER.matcher(head);
            if (!m.lookingAt()) {
                return null;
            }
            byte[] body = java.util.Arrays.copyOfRange(text, m.end(), text.length);
            return new Part(file, body, m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        }
    }

    private final List<Part> parts;

    /** A record of {@code parts}, all of the same dump. */
    PstoreRecord(List<Part> parts) {
        List<Part> sorted = new ArrayList<>(parts);
        sorted.sort(Comparator.comparingInt(Part::number).reversed());
        this.parts = List.copyOf(sorted);
    }

    @Override
    public String name() {
        return parts.get(parts.size() - 1).file().toString();
    }

    @Override
    public String kind() {
        Part first = parts.get(0);
        StringBuilder s = new StringBuilder("pstore record ").append(first.reason()).append('#').append(first.count());
        if (parts.size() > 1) {
            s.append(", parts ").append(first.number()).append("..").append(parts.get(parts.size() - 1).number())
                    .append(" from");
            parts.forEach(p -> s.append(' ').append(p.file().getFileName()));
        }
        return s.toString();
    }

    @Override
    public long size() {
        return parts.stream().mapToLong(p -> p.body().length).sum();
    }

    @Override
    public InputStream open() {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (Part p : parts) {
            text.writeBytes(p.body());
            if (p.body().length > 0 && p.body()[p.body().length - 1] != '\n') {
                text.write('\n');
            }
        }
        return new ByteArrayInputStream(text.toByteArray());
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        int expected = parts.get(0).number();
        for (Part p : parts) {
            for (; expected > p.number(); expected--) {
                problems.add("Part" + expected + " of " + p.reason() + "#" + p.count() + " is missing");
            }
            expected = p.number() - 1;
        }
        for (; expected >= 1; expected--) {
            problems.add("Part" + expected + " of " + parts.get(0).reason() + "#" + parts.get(0).count()
                    + " (the newest lines) is missing");
        }
        return problems;
    }
}
