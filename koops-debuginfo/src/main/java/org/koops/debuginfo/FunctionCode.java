package org.koops.debuginfo;

import java.util.List;

/**
 * A function's machine code as the file holds it, for a disassembler, and the places the loader fills in.
 *
 * @param symbol       the function
 * @param shownAddress the address tools show for it: in a relocatable object its offset in its section
 *                     (each section starts at 0 for objdump), else its address
 * @param bytes        its bytes: as many as the symbol table gives it, or up to the next symbol when it gives none
 * @param relocations  the relocations that patch these bytes at load time (a {@code .ko}, or a vmlinux
 *                     linked with {@code --emit-relocs}), in address order
 */
public record FunctionCode(Symbol symbol, long shownAddress, byte[] bytes, List<Relocation> relocations) {
    /**
     * One relocation.
     *
     * @param address where it writes, in the layout of {@link Symbol#address()}
     * @param width   how many bytes it writes (a 32-bit instruction word for arm64's instruction relocations)
     * @param type    its name, {@code R_X86_64_PLT32}, or {@code type N} when this reader does not know it
     * @param target  the symbol and addend, as objdump prints them: {@code __fentry__-0x4}, {@code .bss+0x10}
     */
    public record Relocation(long address, int width, String type, String target) {
    }
}
