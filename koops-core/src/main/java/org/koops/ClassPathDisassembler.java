package org.koops;

import java.util.ServiceLoader;

import org.koops.model.Disassembly;

/** The {@link CodeDisassembler} on the class path ({@link ServiceLoader}), looked up once, or a note that there is none. */
final class ClassPathDisassembler {
    static final CodeDisassembler INSTANCE = ServiceLoader.load(CodeDisassembler.class, Koops.class.getClassLoader())
            .findFirst()
            .orElse((arch, code, address) -> Disassembly.unavailable(arch, "no disassembler is on the class path"
                    + " (the koops-disasm module decodes Code: lines with Capstone or GNU objdump)", code.line()));

    private ClassPathDisassembler() {
    }
}
