package org.koops.dump;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/** The committed crash-lab dump (see {@link FixtureUpdate}) and what the tests make of it. */
final class Fixtures {
    static final String SCENARIO = "sysrq-crash";
    /** Booted with log_buf_len=1M: its log is in memory the kernel allocated, found through its page tables. */
    static final String OUTSIDE_IMAGE = "proc-null-read";
    static final java.util.List<String> SCENARIOS = java.util.List.of(SCENARIO, OUTSIDE_IMAGE);

    private Fixtures() {
    }

    static byte[] resource(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return name.endsWith(".gz") ? new GZIPInputStream(in).readAllBytes() : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reduced ELF vmcore of the lab's kdump. */
    static byte[] vmcore() {
        return vmcore(SCENARIO);
    }

    static byte[] vmcore(String scenario) {
        return resource(scenario + ".vmcore.gz");
    }

    /** makedumpfile --dump-dmesg of the whole dump, run in the capture kernel. */
    static String makedumpfileDmesg() {
        return makedumpfileDmesg(SCENARIO);
    }

    static String makedumpfileDmesg(String scenario) {
        return new String(resource(scenario + ".makedumpfile-dmesg.txt"), StandardCharsets.ISO_8859_1);
    }

    /** The fixture's memory and notes, to be written again in other forms. */
    record Parts(SortedMap<Long, byte[]> pages, byte[] vmcoreinfo, byte[] notes, String release) {
        static Parts of(byte[] elf) throws IOException {
            Storage storage = new Bytes(elf);
            ElfCore core = ElfCore.open(storage, new ArrayList<>());
            SortedMap<Long, byte[]> pages = new TreeMap<>();
            for (ElfCore.Segment s : core.segments()) {
                for (long a = s.physical(); a < s.physical() + s.fileSize(); a += DumpWriter.PAGE) {
                    byte[] page = new byte[DumpWriter.PAGE];
                    core.read(a, page, 0, page.length);
                    pages.put(a, page);
                }
            }
            byte[] vmcoreinfo = null;
            java.io.ByteArrayOutputStream notes = new java.io.ByteArrayOutputStream();
            for (ElfNote n : core.notes()) {
                if (n.name().equals("VMCOREINFO")) {
                    vmcoreinfo = n.desc();
                }
                notes.writeBytes(DumpWriter.note(n.name(), (int) n.type(), n.desc()));
            }
            return new Parts(pages, vmcoreinfo, notes.toByteArray(), Vmcoreinfo.parse(vmcoreinfo).release());
        }

        long maxPfn() {
            return pages.lastKey() / DumpWriter.PAGE + 1;
        }
    }

    /** A dump in memory. */
    static final class Bytes implements Storage {
        private final byte[] bytes;

        Bytes(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public int read(long offset, byte[] dst, int pos, int length) {
            if (offset < 0 || offset >= bytes.length) {
                return 0;
            }
            int n = (int) Math.min(length, bytes.length - offset);
            System.arraycopy(bytes, (int) offset, dst, pos, n);
            return n;
        }

        @Override
        public void close() {
        }
    }

    static Path write(Path dir, String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
