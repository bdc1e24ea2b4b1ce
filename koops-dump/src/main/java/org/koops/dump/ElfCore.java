package org.koops.dump;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * An ELF core dump of a machine's memory: {@code /proc/vmcore} as kdump saves it, {@code makedumpfile -E},
 * qemu's {@code dump-guest-memory}. Its PT_NOTE segments hold the notes; its PT_LOAD segments map
 * physical addresses ({@code p_paddr}) to file offsets. {@code p_vaddr} is not trusted (qemu 7.2 writes
 * 0 in every segment), nor are {@code e_ehsize} (qemu writes 8) and the section headers, except the
 * first one's {@code sh_info} when {@code e_phnum} is PN_XNUM (more than 65534 segments).
 *
 * @param machine   e_machine: 62 x86-64, 183 AArch64
 * @param order     the byte order of the file (and of the machine)
 * @param segments  the PT_LOAD segments by physical address
 * @param notes     the notes of all PT_NOTE segments
 * @param textVirtual  p_vaddr of the segment mapping the kernel's text when the dump says (kexec's
 *                     vmcores do), else 0; with {@code textPhysical} it gives phys_base on old kernels
 * @param textPhysical its p_paddr
 */
record ElfCore(Storage file, int machine, ByteOrder order, List<Segment> segments, List<ElfNote> notes,
               long textVirtual, long textPhysical) implements PhysicalMemory {
    static final int EM_X86_64 = 62;
    static final int EM_AARCH64 = 183;
    private static final int ET_CORE = 4;
    private static final int PT_LOAD = 1;
    private static final int PT_NOTE = 4;
    private static final int PN_XNUM = 0xffff;
    private static final int PHDR_SIZE = 56;
    /** The kernel's notes are a few KiB a CPU; more than this is not a note segment. */
    private static final long MAX_NOTES = 64L << 20;
    private static final long START_KERNEL_MAP = 0xffffffff80000000L;

    /** A PT_LOAD segment: physical memory at {@code physical}, {@code fileSize} of its {@code memorySize} bytes in the file. */
    record Segment(long physical, long offset, long fileSize, long memorySize) {
    }

    static boolean recognises(byte[] head) {
        return head.length >= 5 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
    }

    static ElfCore open(Storage file, List<String> problems) throws IOException {
        byte[] ident = file.readFully(0, 64, "ELF header");
        if (ident[4] != 2) {
            throw DumpException.unsupported("ELF header", 4, ident[4] == 1 ? "a 32-bit dump (only 64-bit machines are read)"
                    : "unknown ELF class " + ident[4]);
        }
        if (ident[5] != 1 && ident[5] != 2) {
            throw DumpException.invalid("ELF header", 5, "unknown data encoding " + ident[5]);
        }
        ByteOrder order = ident[5] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        ByteBuffer h = ByteBuffer.wrap(ident).order(order);
        int type = Short.toUnsignedInt(h.getShort(16));
        int machine = Short.toUnsignedInt(h.getShort(18));
        if (type != ET_CORE) {
            throw DumpException.invalid("ELF header", 16, "e_type " + type + " is not a core dump (4)");
        }
        long phoff = h.getLong(32);
        long shoff = h.getLong(40);
        int phentsize = Short.toUnsignedInt(h.getShort(54));
        long phnum = Short.toUnsignedInt(h.getShort(56));
        if (phnum == PN_XNUM && shoff > 0) {
            // The real count is in the first section header's sh_info.
            phnum = Integer.toUnsignedLong(ByteBuffer.wrap(file.readFully(shoff, 64, "section header 0")).order(order).getInt(44));
        }
        if (phentsize < PHDR_SIZE) {
            throw DumpException.invalid("ELF header", 54, "program header size " + phentsize + " is below " + PHDR_SIZE);
        }
        if (phoff <= 0 || phoff > file.size() || phnum > (file.size() - phoff) / phentsize) {
            throw DumpException.truncated("program headers", phoff, phnum + " headers of " + phentsize
                    + " bytes do not fit in the file (" + file.size() + " bytes)");
        }
        List<Segment> segments = new ArrayList<>();
        List<ElfNote> notes = new ArrayList<>();
        long textVirtual = 0;
        long textPhysical = 0;
        byte[] table = file.readFully(phoff, (int) Math.min(phnum * phentsize, Integer.MAX_VALUE - 8), "program headers");
        ByteBuffer p = ByteBuffer.wrap(table).order(order);
        for (int i = 0; i < phnum; i++) {
            int at = i * phentsize;
            int ptype = p.getInt(at);
            long offset = p.getLong(at + 8);
            long vaddr = p.getLong(at + 16);
            long paddr = p.getLong(at + 24);
            long filesz = p.getLong(at + 32);
            long memsz = p.getLong(at + 40);
            if (ptype == PT_NOTE) {
                notes.addAll(readNotes(file, offset, filesz, order, problems));
            } else if (ptype == PT_LOAD) {
                if (offset < 0 || filesz < 0 || memsz < 0) {
                    problems.add("segment " + i + " has a negative offset or size; it is not read");
                    continue;
                }
                if (Long.compareUnsigned(vaddr, START_KERNEL_MAP) >= 0 && textVirtual == 0) {
                    textVirtual = vaddr;
                    textPhysical = paddr;
                }
                if (offset + filesz > file.size() || offset + filesz < 0) {
                    problems.add("the file ends inside segment " + i + " (physical 0x" + Long.toHexString(paddr)
                            + "): its pages after 0x" + Long.toHexString(paddr + Math.max(0, file.size() - offset)) + " are missing");
                }
                segments.add(new Segment(paddr, offset, filesz, Math.max(memsz, filesz)));
            }
        }
        return new ElfCore(file, machine, order, disjoint(segments), List.copyOf(notes), textVirtual, textPhysical);
    }

    /**
     * The segments by address, less those inside another: kexec maps the kernel's text a second time,
     * and a search by address needs ranges that do not nest.
     */
    private static List<Segment> disjoint(List<Segment> segments) {
        List<Segment> sorted = new ArrayList<>(segments);
        sorted.sort(Comparator.comparingLong(Segment::physical).thenComparing(Comparator.comparingLong(Segment::memorySize).reversed()));
        List<Segment> kept = new ArrayList<>();
        long end = 0;
        for (Segment s : sorted) {
            long sEnd = s.physical() + s.memorySize();
            if (!kept.isEmpty() && sEnd <= end) {
                continue;
            }
            kept.add(s);
            end = Math.max(end, sEnd);
        }
        return List.copyOf(kept);
    }

    private static List<ElfNote> readNotes(Storage file, long offset, long size, ByteOrder order, List<String> problems)
            throws IOException {
        if (offset < 0 || size < 0 || size > MAX_NOTES) {
            problems.add("a note segment of 0x" + Long.toHexString(size) + " bytes at 0x" + Long.toHexString(offset)
                    + " is not read");
            return List.of();
        }
        byte[] bytes = new byte[(int) size];
        int n = file.read(offset, bytes, 0, bytes.length);
        if (n < size) {
            problems.add("the file ends inside the notes");
            bytes = Arrays.copyOf(bytes, n);
        }
        return ElfNote.parse(bytes, order, problems);
    }

    @Override
    public void read(long address, byte[] dst, int pos, int length) throws IOException {
        Segment s = segmentOf(address);
        if (s == null) {
            throw DumpException.missing("physical memory", address, "no segment of the dump holds it");
        }
        long delta = address - s.physical();
        if (delta + length > s.fileSize()) {
            // Between p_filesz and p_memsz: memory the dump left out as zero.
            if (delta >= s.fileSize()) {
                Arrays.fill(dst, pos, pos + length, (byte) 0);
                return;
            }
        }
        int inFile = (int) Math.min(length, s.fileSize() - delta);
        int n = file.read(s.offset() + delta, dst, pos, inFile);
        if (n < inFile) {
            throw DumpException.truncated("physical memory", address, "the file ends before this page");
        }
        Arrays.fill(dst, pos + inFile, pos + length, (byte) 0);
    }

    private Segment segmentOf(long address) {
        int lo = 0;
        int hi = segments.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Segment s = segments.get(mid);
            if (Long.compareUnsigned(address, s.physical()) < 0) {
                hi = mid - 1;
            } else if (Long.compareUnsigned(address - s.physical(), s.memorySize()) >= 0) {
                lo = mid + 1;
            } else {
                return s;
            }
        }
        return null;
    }

    @Override
    public void ranges(RangeVisitor visitor) throws IOException {
        for (Segment s : segments) {
            // What the file holds of the segment: a segment the file ends inside (or whose size is past any
            // file) has no more pages to search, and going through the pages it claims could take for ever.
            long held = Math.min(s.fileSize(), Math.max(0, file.size() - s.offset()));
            if (held > 0 && !visitor.range(s.physical(), held)) {
                return;
            }
        }
    }
}
