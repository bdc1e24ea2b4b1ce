package org.koops.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Makes the committed dump fixtures from a crash-lab kdump ({@code lab/kdump.sh}): the pages of
 * {@code /proc/vmcore} that reading the log touches, with the dump's notes, as a small ELF vmcore
 * (gzip), beside makedumpfile's {@code --dump-dmesg} of the whole dump and the first kernel's console.
 * Run only when asked:
 * {@code mvn -B test -pl koops-dump -Dtest=FixtureUpdate -Dkoops.dump.fixtures=$HOME/.cache/koops-lab/x86_64/kdump/SCENARIO}
 */
@EnabledIfSystemProperty(named = "koops.dump.fixtures", matches = ".+")
class FixtureUpdate {
    static final Path FIXTURES = Path.of("src", "test", "resources", "org", "koops", "dump");

    @Test
    void writeFixtures() throws IOException {
        Path lab = Path.of(System.getProperty("koops.dump.fixtures"));
        String scenario = lab.getFileName().toString();
        Recording storage = new Recording(FileStorage.open(lab.resolve("vmcore")));
        byte[] notes;
        try (Vmcore dump = Vmcore.open(storage)) {
            assertThat(dump.dmesg().problems()).isEmpty();
            ElfCore core = ElfCore.open(storage, new ArrayList<>());
            ByteArrayOutputStream n = new ByteArrayOutputStream();
            core.notes().forEach(note -> n.writeBytes(DumpWriter.note(note.name(), (int) note.type(), note.desc())));
            notes = n.toByteArray();
            SortedMap<Long, byte[]> pages = new TreeMap<>();
            for (long offset : new ArrayList<>(storage.pages)) {
                for (ElfCore.Segment s : core.segments()) {
                    long delta = offset - s.offset();
                    if (delta >= 0 && delta < s.fileSize()) {
                        long physical = (s.physical() + delta) / DumpWriter.PAGE * DumpWriter.PAGE;
                        byte[] page = new byte[DumpWriter.PAGE];
                        core.read(physical, page, 0, page.length);
                        pages.put(physical, page);
                    }
                }
            }
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(FIXTURES.resolve(scenario + ".vmcore.gz")))) {
                out.write(DumpWriter.elf(notes, pages));
            }
        }
        Files.copy(lab.resolve("makedumpfile-dmesg.txt"), FIXTURES.resolve(scenario + ".makedumpfile-dmesg.txt"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String console = Files.readString(lab.resolve("console.log"), java.nio.charset.StandardCharsets.ISO_8859_1);
        // The capture kernel's console follows: it starts with its own banner.
        int capture = console.indexOf("Linux version", console.indexOf("Linux version") + 1);
        Files.writeString(FIXTURES.resolve(scenario + ".console.log"),
                capture < 0 ? console : console.substring(0, console.lastIndexOf('\n', capture) + 1),
                java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** A file whose reads are noted, by the file offset of each page they touch. */
    private static final class Recording implements Storage {
        private final Storage file;
        final java.util.Set<Long> pages = new java.util.TreeSet<>();

        Recording(Storage file) {
            this.file = file;
        }

        @Override
        public long size() {
            return file.size();
        }

        @Override
        public int read(long offset, byte[] dst, int pos, int length) throws IOException {
            for (long at = offset; at < offset + length; at += DumpWriter.PAGE) {
                pages.add(at);
            }
            pages.add(offset + length - 1);
            return file.read(offset, dst, pos, length);
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
