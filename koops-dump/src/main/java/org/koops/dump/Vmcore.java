package org.koops.dump;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A kernel crash dump opened for reading its log without the kernel's vmlinux: only the dump's
 * VMCOREINFO is used, as {@code makedumpfile --dump-dmesg} and kexec-tools' {@code vmcore-dmesg} do.
 *
 * <pre>{@code
 * try (Vmcore dump = Vmcore.open(Path.of("/var/crash/202612061530/dump.202612061530"))) {
 *     dump.log().records().forEach(r -> System.out.println(r.text()));
 * }
 * }</pre>
 *
 * <p>Formats: ELF ({@code /proc/vmcore} as saved, {@code makedumpfile -E}, qemu's {@code dump-guest-memory}),
 * kdump compressed ({@code makedumpfile -c/-l/-p/-z}: zlib, LZO, Snappy and zstd pages; qemu's
 * {@code kdump-*} formats) and makedumpfile's flattened form of either, recognised by content. Machines:
 * x86-64 (4- and 5-level paging) and arm64. The kernel's log buffer is the lockless ring buffer of Linux
 * 5.10 and later, or the record buffer of 3.5 to 5.9.
 *
 * <p>Only the pages the log needs are read, so the time and memory do not grow with the dump's size.
 * A damaged dump gives what could be read: opening fails only when the file is not a dump or its
 * headers cannot be read; {@link KernelLog#problems()} says what of the log is missing.
 */
public final class Vmcore implements Closeable {
    /**
     * The most text of a log kept in memory: the kernel's own limit is 2 GiB (log_buf_len), real logs
     * are at most a few tens of MiB, and a damaged ring must not fill the heap.
     */
    static final long MAX_TEXT = 64L << 20;

    private final Storage storage;
    private final PhysicalMemory memory;
    private final DumpInfo info;
    private final Vmcoreinfo vmcoreinfo;
    private final ByteOrder order;
    private final long physBase;
    private final List<String> problems;

    private Vmcore(Storage storage, PhysicalMemory memory, DumpInfo info, Vmcoreinfo vmcoreinfo, ByteOrder order,
                   long physBase, List<String> problems) {
        this.storage = storage;
        this.memory = memory;
        this.info = info;
        this.vmcoreinfo = vmcoreinfo;
        this.order = order;
        this.physBase = physBase;
        this.problems = problems;
    }

    /** Whether a file starting with {@code head} is a dump this class reads: an ELF core file, kdump compressed, flattened. */
    public static boolean recognises(byte[] head) {
        return KdumpHeader.recognises(head) || FlattenedStorage.recognises(head)
                || (ElfCore.recognises(head) && head.length >= 18 && (head[5] == 2 ? head[17] : head[16]) == 4
                && (head[5] == 2 ? head[16] : head[17]) == 0);
    }

    /** Opens a dump: reads its headers, notes and VMCOREINFO (searched for in memory when the note is missing). */
    public static Vmcore open(Path file) throws IOException {
        Storage storage = FileStorage.open(file);
        try {
            return open(storage);
        } catch (IOException | RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    static Vmcore open(Storage file) throws IOException {
        List<String> problems = new ArrayList<>();
        byte[] head = new byte[16];
        file.read(0, head, 0, head.length);
        String flattened = "";
        if (FlattenedStorage.recognises(head)) {
            file = FlattenedStorage.open(file, problems);
            file.read(0, head, 0, head.length);
            flattened = "flattened ";
            if (!problems.isEmpty()) {
                try {
                    return open(file, flattened, head, problems);
                } catch (DumpException e) {
                    // What is missing is most likely missing because the file was cut: say both.
                    throw DumpException.truncated("flattened dump", -1, problems.get(0) + "; " + e.getMessage());
                }
            }
        }
        return open(file, flattened, head, problems);
    }

    private static Vmcore open(Storage file, String flattened, byte[] head, List<String> problems) throws IOException {
        if (KdumpHeader.recognises(head)) {
            KdumpHeader header = KdumpHeader.read(file);
            KdumpCompressed memory = new KdumpCompressed(file, header);
            byte[] text = header.vmcoreinfoSize() > 0 && header.vmcoreinfoSize() < (1 << 20)
                    ? file.readFully(header.vmcoreinfoOffset(), (int) header.vmcoreinfoSize(), "VMCOREINFO") : null;
            List<ElfNote> notes = header.notesSize() > 0 && header.notesSize() < (64 << 20)
                    ? ElfNote.parse(file.readFully(header.notesOffset(), (int) header.notesSize(), "notes"),
                    ByteOrder.LITTLE_ENDIAN, problems) : List.of();
            return build(file, memory, flattened + "kdump compressed", header.machine(), ByteOrder.LITTLE_ENDIAN,
                    notes, text, header.physBase(), header.currentCpu(), problems);
        }
        if (ElfCore.recognises(head)) {
            ElfCore core = ElfCore.open(file, problems);
            String machine = switch (core.machine()) {
                case ElfCore.EM_X86_64 -> "x86_64";
                case ElfCore.EM_AARCH64 -> "aarch64";
                default -> throw DumpException.unsupported("ELF header", 18, "a dump of machine " + core.machine()
                        + " (x86-64 and AArch64 are read)");
            };
            byte[] text = null;
            for (ElfNote n : core.notes()) {
                if (n.name().equals("VMCOREINFO") && text == null) {
                    text = n.desc();
                }
            }
            long physBase = core.textVirtual() == 0 ? 0 : core.textPhysical() - (core.textVirtual() - X86Paging.START_KERNEL_MAP);
            return build(file, core, flattened + "ELF", machine, core.order(), core.notes(), text, physBase, null, problems);
        }
        throw DumpException.invalid("dump", 0, "not a vmcore: neither ELF, kdump compressed nor flattened");
    }

    private static Vmcore build(Storage file, PhysicalMemory memory, String format, String machine, ByteOrder order,
                                List<ElfNote> notes, byte[] vmcoreinfoText, long headerPhysBase, Integer crashingCpu,
                                List<String> problems) throws IOException {
        String source = "note";
        if (vmcoreinfoText == null) {
            vmcoreinfoText = VmcoreinfoSearch.find(memory, 4096);
            source = "found in memory";
            if (vmcoreinfoText == null) {
                throw DumpException.missing("dump", -1, "no VMCOREINFO note, and no VMCOREINFO text in its memory"
                        + " (for a qemu dump-guest-memory dump: start qemu with -device vmcoreinfo and load the"
                        + " guest's qemu_fw_cfg module)");
            }
            problems.add("the dump has no VMCOREINFO note; the text was found in its memory");
        }
        Vmcoreinfo vmcoreinfo = Vmcoreinfo.parse(vmcoreinfoText);
        if (machine.equals("Unknown")) {
            // qemu 7.2 names no machine in its arm64 kdump headers: VMCOREINFO tells, by what only one exports.
            if (vmcoreinfo.number("kimage_voffset") != null) {
                machine = "aarch64";
            } else if (vmcoreinfo.symbol("init_top_pgt") != null || vmcoreinfo.number("phys_base") != null) {
                machine = "x86_64";
            } else {
                throw DumpException.unsupported("kdump header", -1, "the dump names no machine, and VMCOREINFO does not tell");
            }
        }
        List<CpuState> cpus = new ArrayList<>();
        for (ElfNote n : notes) {
            if (n.name().equals("CORE") && n.type() == ElfNote.NT_PRSTATUS) {
                CpuState cpu = Prstatus.of(cpus.size(), n.desc(), machine, order);
                if (cpu != null) {
                    cpus.add(cpu);
                }
            }
        }
        Long crashTime = vmcoreinfo.number("CRASHTIME") != null ? vmcoreinfo.number("CRASHTIME")
                : parseLong(vmcoreinfo.text("CRASHTIME"));
        // qemu 7.2 stores a phys_base misread from VMCOREINFO's decimal value: the note's own value wins.
        Long physBase = vmcoreinfo.number("phys_base");
        DumpInfo info = new DumpInfo(format, machine, vmcoreinfo.release(), vmcoreinfo.text("BUILD-ID"),
                crashTime == null ? null : Instant.ofEpochSecond(crashTime), vmcoreinfo.pageSize(), source,
                crashingCpu, cpus);
        return new Vmcore(file, memory, info, vmcoreinfo, order, physBase != null ? physBase : headerPhysBase, problems);
    }

    private static Long parseLong(String s) {
        try {
            return s == null ? null : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public DumpInfo info() {
        return info;
    }

    /** The kernel's log: the records that could be read, and what could not. */
    public KernelLog log() {
        List<LogRecord> records = new ArrayList<>();
        long[] kept = {0};
        List<String> logProblems = readLog(r -> {
            records.add(r.record());
            return (kept[0] += r.text().length + 64) < MAX_TEXT;
        });
        return new KernelLog(records, logProblems);
    }

    /**
     * The log as {@code makedumpfile --dump-dmesg} writes it, a record a line ({@code [    1.234567] text}),
     * with what could not be read.
     */
    public Dmesg dmesg() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        List<String> logProblems = readLog(r -> {
            DmesgText.append(out, r);
            return out.size() < MAX_TEXT;
        });
        return new Dmesg(out.toByteArray(), logProblems);
    }

    /** The log in {@code makedumpfile --dump-dmesg}'s form, and what could not be read of it. */
    public record Dmesg(byte[] text, List<String> problems) {
        public Dmesg {
            problems = List.copyOf(problems);
        }
    }

    private List<String> readLog(java.util.function.Predicate<RawRecord> sink) {
        List<String> logProblems = new ArrayList<>(problems);
        try {
            KernelMemory kernel = new KernelMemory(memory, paging(), info.pageSize(), order);
            if (PrintkRingbuffer.describedBy(vmcoreinfo)) {
                PrintkRingbuffer.read(kernel, vmcoreinfo, sink, logProblems);
            } else if (PrintkLogBuffer.describedBy(vmcoreinfo)) {
                PrintkLogBuffer.read(kernel, vmcoreinfo, sink, logProblems);
            } else {
                logProblems.add("VMCOREINFO describes no log buffer: neither SYMBOL(prb) (Linux 5.10 and later)"
                        + " nor SYMBOL(log_buf) with SYMBOL(log_first_idx) (3.5 to 5.9)");
            }
        } catch (IOException e) {
            logProblems.add("the log could not be read: " + e.getMessage());
        }
        return logProblems;
    }

    private Paging paging() throws DumpException {
        if (info.machine().equals("aarch64")) {
            long voffset = required(vmcoreinfo.number("kimage_voffset"), "NUMBER(kimage_voffset)");
            Long t1sz = vmcoreinfo.number("TCR_EL1_T1SZ");
            int vaBits = t1sz != null && t1sz > 0 && t1sz < 64 ? (int) (64 - t1sz)
                    : (int) required(vmcoreinfo.number("VA_BITS"), "NUMBER(VA_BITS)");
            long top = required(vmcoreinfo.symbol("swapper_pg_dir"), "SYMBOL(swapper_pg_dir)") - voffset;
            return new Arm64Paging(memory, top, info.pageSize(), vaBits, voffset, 0, 0, order);
        }
        Long top = vmcoreinfo.symbol("init_top_pgt");
        if (top == null) {
            top = vmcoreinfo.symbol("init_level4_pgt");
        }
        if (top == null) {
            top = vmcoreinfo.symbol("swapper_pg_dir");
        }
        Long l5 = vmcoreinfo.number("pgtable_l5_enabled");
        Long sme = vmcoreinfo.number("sme_mask");
        // Without the top table, addresses in the kernel image are still translated.
        return new X86Paging(memory, top == null ? X86Paging.NO_TABLE : X86Paging.imagePhysical(top, physBase),
                l5 != null && l5 == 1, physBase, sme == null ? 0 : sme);
    }

    private static long required(Long value, String key) throws DumpException {
        if (value == null) {
            throw DumpException.missing("VMCOREINFO", -1, "no " + key);
        }
        return value;
    }

    @Override
    public void close() throws IOException {
        storage.close();
    }
}
