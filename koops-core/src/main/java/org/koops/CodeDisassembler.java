package org.koops;

import org.koops.model.Arch;
import org.koops.model.CodeBytes;
import org.koops.model.Disassembly;

/**
 * Decodes a report's {@code Code:} bytes into instructions. The core has none: the koops-disasm
 * module provides one, found with {@link java.util.ServiceLoader} by {@link Koops#create()}
 * or passed to {@link Koops#withDisassembler(CodeDisassembler)}.
 */
public interface CodeDisassembler {
    /**
     * Decodes the code of a report of {@code arch}; never throws: a code line that cannot be decoded
     * gives a {@link Disassembly} with its {@code problem}.
     *
     * @param address the address of the faulting unit when the report prints it numerically, or {@code null}
     */
    Disassembly disassemble(Arch arch, CodeBytes code, Long address);
}
