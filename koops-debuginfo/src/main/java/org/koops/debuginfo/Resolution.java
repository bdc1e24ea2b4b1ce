package org.koops.debuginfo;

import java.util.List;

/**
 * Where {@code func+offset} is: the symbol it was resolved through, the address, and the source
 * locations there, innermost first.
 *
 * <p>A call-trace entry is a return address: the instruction after the call, which may belong to
 * the next source line or even the next function. Such entries are looked up at {@code address - 1},
 * inside the call instruction, as {@code syzkaller} and {@code gdb} do; {@link #lookupAddress()}
 * says which address the locations are for.
 *
 * @param symbol        the function symbol
 * @param offset        the offset into it
 * @param address       {@code symbol.address() + offset}
 * @param lookupAddress the address looked up: {@code address - 1} for a return address, else {@code address}
 * @param sizeMatches   whether the size printed with the entry (if any) is the symbol's kallsyms size;
 *                      when not, the debug file may not match the running kernel
 * @param locations     source locations, innermost first; empty when the debug info has none
 */
public record Resolution(Symbol symbol, long offset, long address, long lookupAddress, boolean sizeMatches,
                         List<SourceLocation> locations) {

    /** Whether {@link #lookupAddress()} is one before {@link #address()}, a return address's call instruction. */
    public boolean returnAddress() {
        return lookupAddress != address;
    }
}
