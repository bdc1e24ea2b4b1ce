package org.koops.disasm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.koops.CodeDisassembler;
import org.koops.model.Arch;
import org.koops.model.CodeBytes;
import org.koops.model.Disassembly;
import org.koops.model.Instruction;

/**
 * Decodes {@code Code:} lines with the first backend that supports their architecture, the faulting
 * instruction marked.
 *
 * <p>An x86 {@code Code:} line starts a fixed number of bytes before the faulting instruction, often
 * inside an instruction, and decoding from its first byte can run through the faulting one. Like
 * {@code scripts/decodecode}, the decoder then starts one byte later, and so on, until an instruction
 * begins exactly at the marked byte; the bytes before that start are reported as skipped. Fixed-width
 * instruction sets (arm64, arm) need no search.
 */
public final class CodeDecoder implements CodeDisassembler {
    /** Longer than the longest x86 instruction (15 bytes): a start this far in has tried every split. */
    private static final int MAX_RESYNC = 16;

    private final List<Disassembler> backends;
    private final String missing;

    CodeDecoder(List<Disassembler> backends, String missing) {
        this.backends = List.copyOf(backends);
        this.missing = missing;
    }

    /** The backends in the order they are tried. */
    public List<Disassembler> backends() {
        return backends;
    }

    @Override
    public Disassembly disassemble(Arch arch, CodeBytes code, Long address) {
        if (code.unavailable() != null) {
            return Disassembly.unavailable(arch, "the kernel printed no code: " + code.unavailable(), code.line());
        }
        if (code.bytes().length == 0) {
            return Disassembly.unavailable(arch, "the Code: line holds no bytes", code.line());
        }
        Optional<Disassembler> backend = backends.stream().filter(b -> b.supports(arch, code.unitSize())).findFirst();
        if (backend.isEmpty()) {
            return Disassembly.unavailable(arch, backends.isEmpty() ? missing
                    : "no installed disassembler decodes " + arch.id() + " code"
                    + (code.unitSize() == 2 && arch == Arch.ARM ? " (Thumb)" : "") + " (tried "
                    + String.join(", ", backends.stream().map(Disassembler::name).toList())
                    + "; objdump needs binutils-multiarch or the architecture's cross binutils)", code.line());
        }
        try {
            return decode(backend.get(), arch, code, address);
        } catch (Disassembler.DisassemblyException e) {
            return Disassembly.unavailable(arch, e.getMessage(), code.line());
        }
    }

    private static Disassembly decode(Disassembler backend, Arch arch, CodeBytes code, Long address)
            throws Disassembler.DisassemblyException {
        byte[] bytes = code.bytes();
        int fault = code.faultOffset();
        boolean variable = arch == Arch.X86_64 || arch == Arch.X86 || code.unitSize() == 2;
        List<Disassembler.RawInstruction> raw = null;
        int start = 0;
        if (fault > 0 && variable) {
            raw = backend.decode(arch, code.unitSize(), bytes, 0);
            if (raw.stream().noneMatch(i -> i.offset() == fault)) {
                raw = resynchronise(backend, arch, code.unitSize(), bytes, fault);
                start = raw.isEmpty() ? fault : raw.get(0).offset();
            }
        } else {
            raw = backend.decode(arch, code.unitSize(), bytes, 0);
        }
        List<Instruction> out = new ArrayList<>(raw.size());
        int faulting = -1;
        int end = start;
        for (Disassembler.RawInstruction r : raw) {
            if (r.offset() == fault) {
                faulting = out.size();
            }
            Long at = address == null || fault < 0 ? null : address + (r.offset() - fault);
            out.add(new Instruction(r.offset(), at, hex(bytes, r.offset(), r.length(), code.unitSize()), r.mnemonic(),
                    r.operands(), OperandParser.parse(arch, r.mnemonic(), r.operands())));
            end = r.offset() + r.length();
        }
        String problem = null;
        if (fault >= 0 && faulting < 0) {
            problem = fault >= end ? "the bytes at the marked one do not decode as an instruction"
                    : "no decoding of the bytes lands on the marked byte";
        } else if (fault < 0) {
            problem = "the Code: line marks no faulting byte";
        }
        return new Disassembly(arch, backend.name(), List.copyOf(out), faulting, start, problem, code.line());
    }

    /**
     * Decoding from the first byte ran through the faulting instruction: finds the first later start from
     * which the bytes before the marked one decode into whole instructions, then decodes from the marked
     * byte on. Only the bytes before the marker are decoded for each start tried.
     */
    private static List<Disassembler.RawInstruction> resynchronise(Disassembler backend, Arch arch, int unit, byte[] bytes,
                                                                   int fault) throws Disassembler.DisassemblyException {
        byte[] before = java.util.Arrays.copyOf(bytes, fault);
        List<Disassembler.RawInstruction> out = new ArrayList<>();
        for (int s = 1; s < fault && s <= MAX_RESYNC; s++) {
            List<Disassembler.RawInstruction> prefix = backend.decode(arch, unit, before, s);
            if (!prefix.isEmpty() && prefix.get(prefix.size() - 1).offset() + prefix.get(prefix.size() - 1).length() == fault) {
                out.addAll(prefix);
                break;
            }
        }
        out.addAll(backend.decode(arch, unit, bytes, fault));
        return out;
    }

    /** The instruction's bytes as objdump prints them: x86 bytes, arm words and half-words as numbers. */
    static String hex(byte[] b, int at, int length, int unit) {
        StringBuilder s = new StringBuilder(length * 3);
        int step = unit == 1 ? 1 : (length % 4 == 0 && unit == 4 ? 4 : 2);
        for (int i = at; i + step <= at + length && i + step <= b.length; i += step) {
            if (s.length() > 0) {
                s.append(' ');
            }
            for (int k = step - 1; k >= 0; k--) {
                s.append(Character.forDigit((b[i + k] >> 4) & 0xf, 16)).append(Character.forDigit(b[i + k] & 0xf, 16));
            }
        }
        return s.toString();
    }
}
