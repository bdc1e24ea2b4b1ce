package org.koops;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The kernel logs in a directory, found by content: {@code /sys/fs/pstore} (records put back together
 * from their parts, compressed {@code .enc.z} ones inflated), systemd-pstore's
 * {@code /var/lib/systemd/pstore}, kdump's {@code /var/crash} (vmcores through a {@link LogExtractor},
 * kdump-tools' {@code dmesg.*} and {@code vmcore-dmesg.txt} as text) or any folder of saved logs.
 * Files that are neither logs, dumps nor pstore records are passed over.
 */
final class LogDirectory {
    /** How deep below the directory files are looked for: /var/lib/systemd/pstore/ID/RECORD is two down. */
    private static final int MAX_DEPTH = 4;
    /** A directory with more files than this is not a crash directory; the rest are not looked at. */
    private static final int MAX_FILES = 10_000;
    /** The bytes of a file read to decide what it is. */
    private static final int SNIFF = 1 << 16;
    /** A pstore record is at most a few hundred KiB; a larger inflated one is not a record. */
    private static final int MAX_RECORD = 16 << 20;
    /** A line of a kernel log: a time stamp or a syslog level in front, or the banner. */
    private static final Pattern KERNEL_TEXT = Pattern.compile(
            "(?m)^(?:<\\d{1,3}>)?\\[ *\\d{1,10}\\.\\d{1,9}\\]|^Linux version \\d| kernel: ");

    private LogDirectory() {
    }

    static List<LogInput> find(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.find(dir, MAX_DEPTH, (p, a) -> a.isRegularFile())) {
            files = walk.sorted().limit(MAX_FILES).toList();
        }
        List<LogInput> logs = new ArrayList<>();
        Map<List<Object>, List<PstoreRecord.Part>> records = new LinkedHashMap<>();
        for (Path file : files) {
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(SNIFF);
            } catch (IOException e) {
                continue; // unreadable files in /sys/fs/pstore or /var/crash are not the user's logs
            }
            byte[] magic = java.util.Arrays.copyOf(head, Math.min(head.length, LogExtractor.HEAD_LENGTH));
            if (ClassPathExtractors.of(magic) != null) {
                logs.add(FileLogInput.of(file, magic));
                continue;
            }
            byte[] text = textOf(file, head);
            if (text == null) {
                continue;
            }
            PstoreRecord.Part part = PstoreRecord.Part.of(file, text);
            if (part != null) {
                records.computeIfAbsent(List.of(file.getParent(), part.reason(), part.count()), k -> new ArrayList<>()).add(part);
            } else if (KERNEL_TEXT.matcher(new String(text, 0, Math.min(text.length, SNIFF), StandardCharsets.ISO_8859_1)).find()) {
                logs.add(FileLogInput.of(file, magic));
            }
        }
        for (List<PstoreRecord.Part> parts : records.values()) {
            for (List<PstoreRecord.Part> dump : byDump(parts)) {
                logs.add(new PstoreRecord(dump));
            }
        }
        logs.sort(java.util.Comparator.comparing(LogInput::name));
        return logs;
    }

    /**
     * The parts of one reason and count, split into dumps: records of several boots can share them
     * (each boot counts from 1), and then the file times, which pstore sets to the dump's time, tell
     * them apart. Parts of one dump are written within a second.
     */
    private static List<List<PstoreRecord.Part>> byDump(List<PstoreRecord.Part> parts) throws IOException {
        if (parts.stream().map(PstoreRecord.Part::number).distinct().count() == parts.size()) {
            return List.of(parts);
        }
        Map<Long, List<PstoreRecord.Part>> byTime = new java.util.TreeMap<>();
        for (PstoreRecord.Part p : parts) {
            long second = Files.readAttributes(p.file(), BasicFileAttributes.class).lastModifiedTime().toMillis() / 1000;
            byTime.computeIfAbsent(second, k -> new ArrayList<>()).add(p);
        }
        return List.copyOf(byTime.values());
    }

    /**
     * The first bytes of the file's text: the file itself when it is text, decompressed when gzip, xz
     * or zstd, inflated when it is a compressed pstore record (whole: records are small); {@code null}
     * for anything else.
     */
    private static byte[] textOf(Path file, byte[] head) throws IOException {
        if (LogInputs.compressed(head)) {
            try (InputStream in = LogInputs.open(file)) {
                return in.readNBytes(SNIFF);
            } catch (IOException e) {
                return null;
            }
        }
        if (looksLikeText(head)) {
            boolean record = PstoreRecord.HEADER.matcher(new String(head, 0, Math.min(head.length, 64),
                    StandardCharsets.ISO_8859_1)).lookingAt();
            // A record is read whole, to be joined with its other parts.
            return record && head.length == SNIFF && Files.size(file) <= MAX_RECORD ? Files.readAllBytes(file) : head;
        }
        return Files.size(file) <= MAX_RECORD ? inflated(Files.readAllBytes(file)) : null;
    }

    private static boolean looksLikeText(byte[] head) {
        int n = Math.min(head.length, 4096);
        for (int i = 0; i < n; i++) {
            int b = head[i] & 0xff;
            if (b == 0 || (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != 0x1b)) {
                return false;
            }
        }
        return n > 0;
    }

    /**
     * A pstore record the kernel could not decompress, shown as {@code NAME.enc.z}: deflate data, raw
     * (the kernel's crypto "deflate") or with a zlib header. {@code null} when it is neither.
     */
    static byte[] inflated(byte[] data) {
        for (boolean raw : new boolean[] {true, false}) {
            Inflater inflater = new Inflater(raw);
            try {
                inflater.setInput(data);
                ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 4);
                byte[] buffer = new byte[1 << 16];
                while (!inflater.finished() && out.size() <= MAX_RECORD) {
                    int n = inflater.inflate(buffer);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        break;
                    }
                    out.write(buffer, 0, n);
                }
                byte[] text = out.toByteArray();
                if (inflater.finished() && looksLikeText(text)) {
                    return text;
                }
            } catch (DataFormatException e) {
                // not this kind of deflate data
            } finally {
                inflater.end();
            }
        }
        return null;
    }
}
