package org.koops.disasm;

import java.util.List;

import org.koops.model.Arch;

/**
 * A disassembler backend: decodes raw machine code of one architecture.
 *
 * <p>Backends are Capstone ({@link Disassemblers#capstone()}) and GNU objdump ({@link Disassemblers#objdump()}).
 */
public interface Disassembler {
    /** What decodes, with its version, e.g. {@code capstone 4.0} or {@code objdump 2.40}. */
    String name();

    /** Whether this backend decodes {@code arch} code printed in units of {@code unitSize} bytes (2 for Thumb). */
    boolean supports(Arch arch, int unitSize);

    /**
     * Decodes {@code code} from byte {@code from} to its end, stopping at the first bytes that are not an
     * instruction (or an instruction cut by the end of the code).
     *
     * @throws DisassemblyException when the backend fails (the tool cannot be run), not for undecodable bytes
     */
    List<RawInstruction> decode(Arch arch, int unitSize, byte[] code, int from) throws DisassemblyException;

    /** An instruction as a backend decoded it. */
    record RawInstruction(int offset, int length, String mnemonic, String operands) {
    }

    /** A backend that could not decode at all: its library or tool failed. */
    final class DisassemblyException extends Exception {
        public DisassemblyException(String message) {
            super(message);
        }
    }
}
