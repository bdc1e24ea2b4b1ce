package org.koops.debuginfo;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small ELF files of either class and byte order, for tests of the layers below DWARF that
 * must not depend on a compiler for the target: a .text section, a build-id note, a .gnu_debuglink,
 * and a symbol table with the given function symbols.
 */
final class ElfWriter {
    /** A symbol in .text (section 1), or an object symbol when {@code function} is false. */
    record Sym(String name, long value, long size, boolean function) {
    }

    private final boolean is64;
    private final ByteOrder order;
    private final long textAddress;
    private final int textSize;
    private final List<Sym> symbols = new ArrayList<>();
    private byte[] buildId;
    private String debugLink;

    ElfWriter(boolean is64, ByteOrder order, long textAddress, int textSize) {
        this.is64 = is64;
        this.order = order;
        this.textAddress = textAddress;
        this.textSize = textSize;
    }

    ElfWriter symbol(String name, long value, long size) {
        symbols.add(new Sym(name, value, size, true));
        return this;
    }

    ElfWriter object(String name, long value, long size) {
        symbols.add(new Sym(name, value, size, false));
        return this;
    }

    ElfWriter buildId(byte[] id) {
        this.buildId = id;
        return this;
    }

    ElfWriter debugLink(String file) {
        this.debugLink = file;
        return this;
    }

    byte[] bytes() {
        int w = is64 ? 8 : 4;
        int headerSize = is64 ? 64 : 52;
        int shentsize = is64 ? 64 : 40;
        List<byte[]> data = new ArrayList<>();
        List<String> names = List.of("", ".text", ".note.gnu.build-id", ".gnu_debuglink", ".symtab", ".strtab", ".shstrtab");
        data.add(new byte[0]);
        data.add(new byte[textSize]);
        data.add(buildId == null ? new byte[0] : note(buildId));
        data.add(debugLink == null ? new byte[0] : debugLinkBytes());
        ByteArrayOutputStream strtab = new ByteArrayOutputStream();
        strtab.write(0);
        ByteBuffer symtab = buf((symbols.size() + 1) * (is64 ? 24 : 16));
        symtab.position(is64 ? 24 : 16);
        for (Sym s : symbols) {
            int name = strtab.size();
            strtab.writeBytes((s.name() + "\0").getBytes(StandardCharsets.UTF_8));
            int info = 0x10 | (s.function() ? 2 : 1); // STB_GLOBAL, STT_FUNC or STT_OBJECT
            if (is64) {
                symtab.putInt(name).put((byte) info).put((byte) 0).putShort((short) 1).putLong(s.value()).putLong(s.size());
            } else {
                symtab.putInt(name).putInt((int) s.value()).putInt((int) s.size()).put((byte) info).put((byte) 0).putShort((short) 1);
            }
        }
        data.add(symtab.array());
        data.add(strtab.toByteArray());
        ByteArrayOutputStream shstrtab = new ByteArrayOutputStream();
        int[] nameOffsets = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            nameOffsets[i] = shstrtab.size();
            shstrtab.writeBytes((names.get(i) + "\0").getBytes(StandardCharsets.UTF_8));
        }
        data.add(shstrtab.toByteArray());

        long[] offsets = new long[data.size()];
        long pos = headerSize;
        for (int i = 0; i < data.size(); i++) {
            offsets[i] = pos;
            pos += data.get(i).length;
        }
        long shoff = (pos + 7) & ~7L;
        ByteBuffer out = buf((int) shoff + shentsize * data.size());
        out.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1), (byte) (order == ByteOrder.LITTLE_ENDIAN ? 1 : 2), 1});
        out.position(16);
        out.putShort((short) 2).putShort((short) 62).putInt(1); // ET_EXEC, EM_X86_64, EV_CURRENT
        putWord(out, textAddress);
        putWord(out, 0);
        putWord(out, shoff);
        out.putInt(0).putShort((short) headerSize).putShort((short) 0).putShort((short) 0)
                .putShort((short) shentsize).putShort((short) data.size()).putShort((short) (data.size() - 1));
        for (int i = 0; i < data.size(); i++) {
            out.position((int) offsets[i]).put(data.get(i));
        }
        int[] types = {0, 1, 7, 1, 2, 3, 3};
        long[] flags = {0, 6, 2, 0, 0, 0, 0};
        for (int i = 0; i < data.size(); i++) {
            out.position((int) shoff + i * shentsize);
            out.putInt(nameOffsets[i]).putInt(types[i]);
            putWord(out, flags[i]);
            putWord(out, i == 1 ? textAddress : 0);
            putWord(out, i == 0 ? 0 : offsets[i]);
            putWord(out, data.get(i).length);
            out.putInt(i == 4 ? 5 : 0).putInt(i == 4 ? 1 : 0);
            putWord(out, 1);
            putWord(out, i == 4 ? (is64 ? 24 : 16) : 0);
        }
        return out.array();
    }

    private byte[] note(byte[] id) {
        ByteBuffer b = buf(16 + ((id.length + 3) & ~3));
        b.putInt(4).putInt(id.length).putInt(3).put("GNU\0".getBytes(StandardCharsets.US_ASCII)).put(id);
        return b.array();
    }

    private byte[] debugLinkBytes() {
        byte[] name = (debugLink + "\0").getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = buf(((name.length + 3) & ~3) + 4);
        b.put(name).position(b.capacity() - 4);
        b.putInt(0xcafe1234);
        return b.array();
    }

    private void putWord(ByteBuffer b, long v) {
        if (is64) {
            b.putLong(v);
        } else {
            b.putInt((int) v);
        }
    }

    private ByteBuffer buf(int size) {
        return ByteBuffer.allocate(size).order(order);
    }
}
