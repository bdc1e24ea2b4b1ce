package org.koops.disasm;

import org.koops.CodeDisassembler;
import org.koops.model.Arch;
import org.koops.model.CodeBytes;
import org.koops.model.Disassembly;

/**
 * The {@link CodeDisassembler} that {@link org.koops.Koops#create()} finds with
 * {@link java.util.ServiceLoader}: {@link Disassemblers#installed()}, looked up on first use.
 */
public final class InstalledDisassembler implements CodeDisassembler {
    private volatile CodeDecoder decoder;

    @Override
    public Disassembly disassemble(Arch arch, CodeBytes code, Long address) {
        CodeDecoder d = decoder;
        if (d == null) {
            d = Disassemblers.installed();
            decoder = d;
        }
        return d.disassemble(arch, code, address);
    }
}
