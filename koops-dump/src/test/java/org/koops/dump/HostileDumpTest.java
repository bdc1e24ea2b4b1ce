package org.koops.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and crafted dumps: each gives a one-line {@link DumpException} when it is opened, or a log
 * with what could be read and the problems said; never another exception, a hang or a huge allocation.
 */
class HostileDumpTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** Opens and reads the dump; returns the log's text, or the message of the DumpException that stopped it. */
    private String read(byte[] bytes) {
        return assertTimeoutPreemptively(LIMIT, () -> {
            Path file = Fixtures.write(dir, "dump", bytes);
            try (Vmcore dump = Vmcore.open(file)) {
                Vmcore.Dmesg d = dump.dmesg();
                KernelLog log = dump.log();
                assertThat(log.problems()).isEqualTo(d.problems());
                return new String(d.text(), StandardCharsets.ISO_8859_1) + String.join("\n", d.problems());
            } catch (DumpException e) {
                assertThat(e.getMessage()).doesNotContain("\n");
                return e.getMessage();
            }
        });
    }

    @Test
    void truncatedElfDumps() {
        byte[] elf = Fixtures.vmcore();
        for (int length : new int[] {0, 4, 20, 63, 64, 100, 200, 1000, 5000, elf.length / 4, elf.length / 2, elf.length - 1}) {
            String result = read(Arrays.copyOf(elf, length));
            assertThat(result).as("cut at " + length).isNotEmpty();
            if (length > 5000) {
                assertThat(result).as("cut at " + length).contains("could not be read").contains("truncated");
            }
        }
    }

    @Test
    void truncatedKdumpFiles() throws IOException {
        Fixtures.Parts parts = Fixtures.Parts.of(Fixtures.vmcore());
        byte[] kdump = DumpWriter.kdump(parts.release(), parts.vmcoreinfo(), parts.notes(), parts.pages(), parts.maxPfn(),
                DumpWriter.Codec.ZLIB);
        for (int length : new int[] {8, 400, 4096, 5000, 9000, kdump.length / 2, kdump.length - 10}) {
            assertThat(read(Arrays.copyOf(kdump, length))).as("cut at " + length).isNotEmpty();
        }
        String cut = read(Arrays.copyOf(kdump, kdump.length - kdump.length / 3));
        assertThat(cut).contains("the log could not be read: truncated page of frame");
        byte[] flat = DumpWriter.flattened(kdump, 4096);
        assertThat(read(Arrays.copyOf(flat, flat.length / 2))).startsWith("truncated flattened dump: the flattened dump ends");
    }

    @Test
    void aReadAcrossTwoPagesOfAKdumpGetsBoth() throws IOException {
        Fixtures.Parts parts = Fixtures.Parts.of(Fixtures.vmcore());
        byte[] kdump = DumpWriter.kdump(parts.release(), parts.vmcoreinfo(), parts.notes(), parts.pages(), parts.maxPfn(),
                DumpWriter.Codec.ZLIB);
        Long first = parts.pages().keySet().stream().filter(a -> parts.pages().containsKey(a + 4096)).findFirst().orElseThrow();
        Storage file = new Fixtures.Bytes(kdump);
        byte[] across = new byte[32];
        new KdumpCompressed(file, KdumpHeader.read(file)).read(first + 4096 - 16, across, 0, 32);
        assertThat(across).startsWith(Arrays.copyOfRange(parts.pages().get(first), 4096 - 16, 4096))
                .endsWith(Arrays.copyOf(parts.pages().get(first + 4096), 16));
    }

    @Test
    void offsetsAndCountsThatPointOutside() {
        byte[] elf = Fixtures.vmcore();
        ByteBuffer b = ByteBuffer.wrap(elf.clone()).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(56, (short) 0xfffe);
        assertThat(read(b.array())).startsWith("truncated program headers");

        b = ByteBuffer.wrap(elf.clone()).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(56, (short) 0xffff).putLong(40, 1L << 40);
        assertThat(read(b.array())).startsWith("truncated section header 0");

        b = ByteBuffer.wrap(elf.clone()).order(ByteOrder.LITTLE_ENDIAN);
        // Every PT_LOAD's offset beyond the file, its size huge.
        int phnum = b.getShort(56);
        for (int i = 1; i < phnum; i++) {
            b.putLong(64 + 56 * i + 8, Long.MAX_VALUE / 2).putLong(64 + 56 * i + 32, Long.MAX_VALUE / 4);
        }
        assertThat(read(b.array())).contains("the log could not be read");

        b = ByteBuffer.wrap(elf.clone()).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(64 + 32, 1L << 40); // the note segment's size
        assertThat(read(b.array())).startsWith("missing dump: no VMCOREINFO note");
    }

    @Test
    void aDumpWithoutItsNoteHasItsVmcoreinfoFoundInMemory() throws IOException {
        Fixtures.Parts parts = Fixtures.Parts.of(Fixtures.vmcore());
        TreeMap<Long, byte[]> pages = new TreeMap<>(parts.pages());
        byte[] noNotes = DumpWriter.elf(new byte[0], pages);
        assertThat(read(noNotes)).startsWith("missing dump: no VMCOREINFO note, and no VMCOREINFO text in its memory")
                .contains("-device vmcoreinfo");
        byte[] page = Arrays.copyOf(parts.vmcoreinfo(), DumpWriter.PAGE);
        pages.put(pages.lastKey() + 16 * DumpWriter.PAGE, page);
        assertThat(read(DumpWriter.elf(new byte[0], pages))).startsWith(Fixtures.makedumpfileDmesg())
                .endsWith("the dump has no VMCOREINFO note; the text was found in its memory");
    }

    @Test
    void vmcoreinfoThatLiesAboutTheRing() throws IOException {
        Fixtures.Parts parts = Fixtures.Parts.of(Fixtures.vmcore());
        String info = new String(parts.vmcoreinfo(), StandardCharsets.ISO_8859_1);
        for (String lie : new String[] {"OFFSET(printk_ringbuffer.desc_ring)=99999999", "SIZE(prb_desc)=-1",
                "SYMBOL(prb)=ffffffffffffff00", "OFFSET(prb_desc_ring.count_bits)=8"}) {
            String key = lie.substring(0, lie.indexOf('=') + 1);
            String changed = info.replaceAll("(?m)^" + java.util.regex.Pattern.quote(key) + ".*$", lie);
            byte[] notes = DumpWriter.note("VMCOREINFO", 0, changed.getBytes(StandardCharsets.ISO_8859_1));
            assertThat(read(DumpWriter.elf(notes, new TreeMap<>(parts.pages())))).as(lie).contains("the log could not be read");
        }
        byte[] noRing = DumpWriter.note("VMCOREINFO", 0, info.replace("SYMBOL(prb)", "SYMBOL(nothing)").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(read(DumpWriter.elf(noRing, new TreeMap<>(parts.pages())))).contains("describes no log buffer");
    }

    @Test
    void pageTablesThatPointAtThemselvesEndTheWalk() throws IOException {
        long top = 0x5000;
        byte[] table = new byte[DumpWriter.PAGE];
        ByteBuffer t = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 512; i++) {
            t.putLong(i * 8, top | 0x63); // present and writable: every entry is the table itself
        }
        TreeMap<Long, byte[]> pages = new TreeMap<>();
        pages.put(top, table);
        PhysicalMemory memory = ElfCore.open(new Fixtures.Bytes(DumpWriter.elf(new byte[0], pages)), new java.util.ArrayList<>());
        for (boolean fiveLevel : new boolean[] {false, true}) {
            X86Paging paging = new X86Paging(memory, top, fiveLevel, 0, 0);
            long physical = assertTimeoutPreemptively(LIMIT, () -> paging.physical(0xff11000012345678L));
            assertThat(physical).isEqualTo(top | 0x678);
        }
        t.putLong(0, 0);
        PhysicalMemory holed = ElfCore.open(new Fixtures.Bytes(DumpWriter.elf(new byte[0], pages)), new java.util.ArrayList<>());
        X86Paging paging = new X86Paging(holed, top, false, 0, 0);
        assertThatThrownBy(() -> paging.physical(0x1234)).isInstanceOf(DumpException.class)
                .hasMessageContaining("not mapped (level-4 entry at physical 0x5000 is not present)");
        Arm64Paging arm = new Arm64Paging(holed, top, 4096, 48, 0, 0, 0, ByteOrder.LITTLE_ENDIAN);
        assertThatThrownBy(() -> arm.physical(0xffff000000000000L)).isInstanceOf(DumpException.class)
                .hasMessageContaining("is invalid");
    }

    @Test
    void randomDamageNeverEscapes() {
        byte[] elf = Fixtures.vmcore();
        Random random = new Random(14);
        for (int round = 0; round < 60; round++) {
            byte[] damaged = elf.clone();
            for (int i = 0; i < 40; i++) {
                int at = round % 3 == 0 ? random.nextInt(Math.min(elf.length, 8192)) : random.nextInt(elf.length);
                damaged[at] = (byte) random.nextInt(256);
            }
            assertThat(read(damaged)).as("round " + round).isNotNull();
        }
    }

    @Test
    void notADump() {
        assertThatThrownBy(() -> Vmcore.open(Fixtures.write(dir, "text", "hello\n".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(DumpException.class).hasMessage("invalid dump at 0x0: not a vmcore: neither ELF, kdump compressed nor flattened");
        byte[] vmlinux = Arrays.copyOf(Fixtures.vmcore(), 4096);
        vmlinux[16] = 2; // ET_EXEC
        assertThat(Vmcore.recognises(vmlinux)).isFalse();
        assertThat(read(vmlinux)).startsWith("invalid ELF header at 0x10: e_type 2 is not a core dump");
    }
}
