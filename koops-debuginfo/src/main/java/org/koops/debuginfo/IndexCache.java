package org.koops.debuginfo;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * An on-disk cache of what opening a large ELF file computes before its first lookup: the entries
 * of its symbol table with the index of their names, and its DWARF units with the map from addresses
 * to units. One file per GNU build id, also matched on the ELF file's size. A cache file is checked
 * whole (CRC-32) and in every count, index and order before use; one that does not fit is ignored
 * and rebuilt. It is written aside and renamed into place, so that a reader never sees half of one.
 */
public final class IndexCache {
    private static final byte[] MAGIC = "koops-index\n".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 2;
    /** Far above a distribution vmlinux's (about 3 MB): a larger file is not one of ours. */
    private static final long MAX_SIZE = 256L << 20;

    private final Path dir;

    public IndexCache(Path dir) {
        this.dir = dir;
    }

    /** {@code $XDG_CACHE_HOME/koops/index}, else {@code ~/.cache/koops/index}. */
    public static Path defaultDir(Map<String, String> env) {
        String xdg = env.getOrDefault("XDG_CACHE_HOME", "");
        Path base = xdg.isEmpty() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg);
        return base.resolve("koops").resolve("index");
    }

    /** The symbolizer of {@code elf} built from its cache file, or {@code null} if there is none that fits. */
    Symbolizer load(ElfFile elf) {
        try {
            String buildId = ElfNotes.buildId(elf);
            Path file = buildId == null ? null : dir.resolve(buildId + ".idx");
            if (file == null || !Files.isRegularFile(file) || Files.size(file) > MAX_SIZE) {
                return null;
            }
            return read(elf, buildId, ByteBuffer.wrap(Files.readAllBytes(file)));
        } catch (IOException | RuntimeException e) {
            return null; // unreadable or damaged: built again from the file
        }
    }

    /** Writes the cache file of {@code elf}, which {@code symbolizer} has opened and prepared; failures are ignored. */
    void store(ElfFile elf, Symbolizer symbolizer) {
        try {
            String buildId = ElfNotes.buildId(elf);
            Dwarf dwarf = symbolizer.dwarfOrNull();
            Dwarf.UnitIndex units = dwarf == null ? null : dwarf.unitIndex();
            if (buildId == null || dwarf != null && units == null) {
                return;
            }
            byte[] bytes = write(buildId, elf.size(), symbolizer.symbolTable().parts(), units);
            Files.createDirectories(dir);
            Path temporary = Files.createTempFile(dir, buildId, ".tmp");
            try {
                Files.write(temporary, bytes);
                Files.move(temporary, dir.resolve(buildId + ".idx"), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException | RuntimeException e) {
            // a cache that cannot be written only costs the next run the time to build it again
        }
    }

    private static byte[] write(String buildId, long fileSize, SymbolTable.Parts symbols, Dwarf.UnitIndex units)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4 << 20);
        CheckedOutputStream checked = new CheckedOutputStream(bytes, new CRC32());
        DataOutputStream out = new DataOutputStream(checked);
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(buildId);
        out.writeLong(fileSize);
        SymbolEntries e = symbols.entries();
        out.writeInt(e.n);
        writeLongs(out, e.address, e.n);
        writeLongs(out, e.elfSize, e.n);
        writeInts(out, e.section, e.n);
        writeInts(out, e.name, e.n);
        for (int i = 0; i < e.n; i++) {
            out.writeBoolean(e.function[i]);
        }
        writeInts(out, symbols.functions());
        writeInts(out, symbols.byName().heads());
        writeInts(out, symbols.byName().next());
        out.writeBoolean(units != null);
        if (units != null) {
            writeInts(out, units.offsets());
            out.writeInt(units.map().starts().length);
            writeLongs(out, units.map().starts(), units.map().starts().length);
            writeInts(out, units.map().values());
        }
        out.writeLong(checked.getChecksum().getValue());
        return bytes.toByteArray();
    }

    private static Symbolizer read(ElfFile elf, String buildId, ByteBuffer in) throws DebugInfoException {
        CRC32 crc = new CRC32();
        crc.update(in.array(), 0, in.limit() - Long.BYTES);
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (crc.getValue() != in.getLong(in.limit() - Long.BYTES) || !Arrays.equals(magic, MAGIC)
                || in.getInt() != VERSION || !buildId.equals(readUtf(in)) || in.getLong() != elf.size()) {
            return null;
        }
        int n = count(in, 25);
        SymbolEntries entries = new SymbolEntries(elf, SymbolTable.names(elf), longs(in, n), longs(in, n), ints(in, n),
                ints(in, n), booleans(in, n));
        SymbolTable symbols = SymbolTable.of(entries, ints(in, count(in, 4)), ints(in, count(in, 4)), ints(in, count(in, 4)));
        Dwarf dwarf = null;
        if (in.get() != 0) {
            int[] offsets = ints(in, count(in, 4));
            int segments = count(in, 12);
            AddressMap map = AddressMap.of(longs(in, segments), ints(in, count(in, 4)));
            dwarf = map == null ? null : Dwarf.of(elf, new Dwarf.UnitIndex(offsets, map));
            if (dwarf == null) {
                return null;
            }
        }
        return symbols == null ? null : Symbolizer.of(elf, symbols, dwarf);
    }

    /** A count read from the file, which the bytes left must be able to hold at {@code width} bytes each. */
    private static int count(ByteBuffer in, int width) {
        int count = in.getInt();
        if (count < 0 || (long) count * width > in.remaining()) {
            throw new BufferUnderflowException();
        }
        return count;
    }

    private static String readUtf(ByteBuffer in) {
        byte[] utf = new byte[in.getShort() & 0xffff];
        in.get(utf);
        return new String(utf, StandardCharsets.UTF_8);
    }

    private static long[] longs(ByteBuffer in, int n) {
        long[] values = new long[n];
        in.asLongBuffer().get(values);
        in.position(in.position() + n * Long.BYTES);
        return values;
    }

    private static int[] ints(ByteBuffer in, int n) {
        int[] values = new int[n];
        in.asIntBuffer().get(values);
        in.position(in.position() + n * Integer.BYTES);
        return values;
    }

    private static boolean[] booleans(ByteBuffer in, int n) {
        boolean[] values = new boolean[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.get() != 0;
        }
        return values;
    }

    private static void writeLongs(DataOutputStream out, long[] values, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            out.writeLong(values[i]);
        }
    }

    private static void writeInts(DataOutputStream out, int[] values, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            out.writeInt(values[i]);
        }
    }

    private static void writeInts(DataOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        writeInts(out, values, values.length);
    }
}
