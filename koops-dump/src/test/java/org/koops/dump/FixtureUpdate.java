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
class FixtureUpdate {
    static final Path FIXTURES = Path.of("src", "test", "resources", "org", "koops", "dump");

    @Test
    @EnabledIfSystemProperty(named = "koops.dump.fixtures", matches = ".+")
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
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(FIXTURES.resolve(scenario + ".vmcore.gz")))) {
                out.write(DumpWriter.elf(notes, pagesRead(storage, core)));
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

    /**
     * A qemu {@code dump-guest-memory} ELF file of {@code lab/dump.sh} ({@code -Dkoops.dump.qemu=FILE},
     * written as {@code ARCH-SCENARIO.qemu.vmcore.gz}, {@code ARCH} from the file's directory): its own ELF
     * header and section headers (qemu 7.2's, e_ehsize 8 included) and notes kept byte for byte, its
     * segments (p_vaddr 0) reduced to the pages reading the log touches; beside it the console, the oracle.
     */
    @Test
    @EnabledIfSystemProperty(named = "koops.dump.qemu", matches = ".+")
    void writeQemuFixture() throws IOException {
        Path file = Path.of(System.getProperty("koops.dump.qemu"));
        String scenario = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        String name = file.toAbsolutePath().getParent().getParent().getFileName() + "-" + scenario;
        Recording storage = new Recording(FileStorage.open(file));
        try (Vmcore dump = Vmcore.open(storage)) {
            assertThat(dump.dmesg().problems()).isEmpty();
            ElfCore core = ElfCore.open(storage, new ArrayList<>());
            byte[] head = storage.readFully(0, 64, "ELF header");
            java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(head).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            long phoff = h.getLong(32);
            byte[] before = storage.readFully(0, (int) phoff, "headers");
            java.nio.ByteBuffer ph = java.nio.ByteBuffer.wrap(storage.readFully(phoff, 56, "note header")).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            byte[] notes = storage.readFully(ph.getLong(8), (int) ph.getLong(32), "notes");
            byte[] reduced = DumpWriter.elf(notes, pagesRead(storage, core));
            // qemu's ELF and section headers in place of the writer's, the table of segments after them.
            java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(before.length + reduced.length - 64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            out.put(before).put(reduced, 64, reduced.length - 64);
            int phnum = java.nio.ByteBuffer.wrap(reduced).order(java.nio.ByteOrder.LITTLE_ENDIAN).getShort(56);
            out.putShort(56, (short) phnum);
            for (int i = 0; i < phnum; i++) {
                int at = (int) phoff + 56 * i + 8;
                out.putLong(at, out.getLong(at) + before.length - 64); // every offset moves by the longer headers
            }
            try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(FIXTURES.resolve(name + ".qemu.vmcore.gz")))) {
                o.write(out.array());
            }
        }
        Files.copy(file.resolveSibling(scenario + ".log"), FIXTURES.resolve(name + ".qemu.console.log"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The physical pages of the dump's segments that the reads noted by {@code storage} touched, by address. */
    private static SortedMap<Long, byte[]> pagesRead(Recording storage, ElfCore core) throws IOException {
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
        return pages;
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
