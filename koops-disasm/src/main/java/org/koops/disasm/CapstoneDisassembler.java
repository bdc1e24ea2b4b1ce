package org.koops.disasm;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import org.koops.model.Arch;

/**
 * Capstone 4 ({@code libcapstone.so.4}, Debian package libcapstone4) bound through JNA.
 *
 * <p>Design: {@code cs_disasm} returns an array of {@code cs_insn}; in Capstone 4 the structure is
 * {@code id} (u32), {@code address} (u64, offset 8), {@code size} (u16, offset 16), {@code bytes[16]}
 * (offset 18), {@code mnemonic[32]} (offset 34), {@code op_str[160]} (offset 66), {@code detail}
 * (pointer, offset 232): 240 bytes. The array is copied into Java with one read and the strings cut at
 * their NUL. Capstone 5 changed the layout, so only major version 4 is accepted, and the layout is
 * checked once on two known instructions. Detail mode stays off: operands are read from the text.
 * A handle is not thread-safe, so decoding is serialised per instance.
 */
final class CapstoneDisassembler implements Disassembler {
    private static final int INSN_SIZE = 240;
    private static final int ADDRESS = 8;
    private static final int SIZE = 16;
    private static final int MNEMONIC = 34;
    private static final int MNEMONIC_LENGTH = 32;
    private static final int OP_STR = 66;
    private static final int OP_STR_LENGTH = 160;

    private static final int ARCH_ARM = 0;
    private static final int ARCH_ARM64 = 1;
    private static final int ARCH_X86 = 3;
    private static final int MODE_ARM = 0;
    private static final int MODE_THUMB = 1 << 4;
    private static final int MODE_32 = 1 << 2;
    private static final int MODE_64 = 1 << 3;
    private static final int OPT_SYNTAX = 1;
    private static final int OPT_SYNTAX_INTEL = 1;

    private final CapstoneLibrary cs;
    private final String version;
    private final Map<Integer, Long> handles = new HashMap<>();

    private CapstoneDisassembler(CapstoneLibrary cs, String version) {
        this.cs = cs;
        this.version = version;
    }

    /** Loads the system library; the exception's message says why it cannot be used. */
    static CapstoneDisassembler load() throws DisassemblyException {
        CapstoneLibrary cs = null;
        Throwable failure = null;
        for (String name : List.of("libcapstone.so.4", "capstone")) {
            try {
                cs = Native.load(name, CapstoneLibrary.class);
                break;
            } catch (LinkageError e) {
                failure = e;
            }
        }
        if (cs == null) {
            throw new DisassemblyException("Capstone is not installed (libcapstone.so.4, Debian package libcapstone4): "
                    + firstLine(failure));
        }
        IntByReference major = new IntByReference();
        IntByReference minor = new IntByReference();
        cs.cs_version(major, minor);
        if (major.getValue() != 4) {
            throw new DisassemblyException("Capstone " + major.getValue() + "." + minor.getValue()
                    + " is installed; koops reads the structures of Capstone 4 (libcapstone4)");
        }
        CapstoneDisassembler d = new CapstoneDisassembler(cs, "capstone " + major.getValue() + "." + minor.getValue());
        List<RawInstruction> probe = d.decode(Arch.X86_64, 1, new byte[] {(byte) 0x8b, 0x33, (byte) 0x90}, 0);
        if (probe.size() != 2 || probe.get(1).offset() != 2 || !probe.get(0).mnemonic().equals("mov")) {
            throw new DisassemblyException("libcapstone.so.4 returned instructions in an unexpected layout: " + probe);
        }
        return d;
    }

    @Override
    public String name() {
        return version;
    }

    @Override
    public boolean supports(Arch arch, int unitSize) {
        return switch (arch) {
            case X86_64, X86 -> unitSize == 1;
            case ARM64 -> unitSize == 4;
            case ARM -> unitSize == 4 || unitSize == 2;
            default -> false;
        };
    }

    @Override
    public synchronized List<RawInstruction> decode(Arch arch, int unitSize, byte[] code, int from)
            throws DisassemblyException {
        int key = switch (arch) {
            case X86_64 -> ARCH_X86 << 8 | MODE_64;
            case X86 -> ARCH_X86 << 8 | MODE_32;
            case ARM64 -> ARCH_ARM64 << 8;
            case ARM -> ARCH_ARM << 8 | (unitSize == 2 ? MODE_THUMB : MODE_ARM);
            default -> throw new DisassemblyException("Capstone 4 cannot decode " + arch.id() + " code");
        };
        long handle = handle(key);
        byte[] part = from == 0 ? code : Arrays.copyOfRange(code, from, code.length);
        PointerByReference insns = new PointerByReference();
        long count = cs.cs_disasm(handle, part, part.length, from, 0, insns);
        List<RawInstruction> out = new ArrayList<>((int) count);
        if (count <= 0) {
            return out;
        }
        Pointer p = insns.getValue();
        try {
            byte[] all = p.getByteArray(0, (int) count * INSN_SIZE);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(all).order(java.nio.ByteOrder.nativeOrder());
            for (int i = 0; i < count; i++) {
                int base = i * INSN_SIZE;
                int offset = (int) b.getLong(base + ADDRESS);
                int size = b.getShort(base + SIZE) & 0xffff;
                out.add(new RawInstruction(offset, size, cString(all, base + MNEMONIC, MNEMONIC_LENGTH),
                        cString(all, base + OP_STR, OP_STR_LENGTH)));
            }
        } finally {
            cs.cs_free(p, count);
        }
        return out;
    }

    private long handle(int key) throws DisassemblyException {
        Long h = handles.get(key);
        if (h != null) {
            return h;
        }
        LongByReference ref = new LongByReference();
        int err = cs.cs_open(key >>> 8, key & 0xff, ref);
        if (err != 0) {
            throw new DisassemblyException("Capstone could not open a decoder: " + cs.cs_strerror(err));
        }
        if ((key >>> 8) == ARCH_X86) {
            cs.cs_option(ref.getValue(), OPT_SYNTAX, OPT_SYNTAX_INTEL);
        }
        handles.put(key, ref.getValue());
        return ref.getValue();
    }

    private static String cString(byte[] b, int at, int max) {
        int end = at;
        while (end < at + max && b[end] != 0) {
            end++;
        }
        return new String(b, at, end - at, StandardCharsets.US_ASCII);
    }

    private static String firstLine(Throwable t) {
        if (t == null || t.getMessage() == null) {
            return "not found";
        }
        return t.getMessage().lines().findFirst().orElse("not found");
    }
}
