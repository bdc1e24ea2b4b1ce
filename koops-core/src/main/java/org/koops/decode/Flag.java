package org.koops.decode;

import java.util.ArrayList;
import java.util.List;
import org.koops.model.Decoded;

/**
 * One single-bit flag of a register and what its state says.
 *
 * @param bit       bit number
 * @param name      the manual's mnemonic, e.g. {@code IF}
 * @param whenSet   meaning when the bit is 1
 * @param whenClear meaning when the bit is 0, or {@code null} when a clear bit is unremarkable
 */
record Flag(int bit, String name, String whenSet, String whenClear) {

    static Flag of(int bit, String name, String whenSet) {
        return new Flag(bit, name, whenSet, null);
    }

    /**
     * The set flags, plus the clear flags whose clear state is remarkable, in table order; then one
     * entry per set bit that the table does not define.
     */
    static List<Decoded> decode(long value, List<Flag> table, long otherDefinedBits, String register) {
        List<Decoded> out = new ArrayList<>();
        long defined = otherDefinedBits;
        for (Flag f : table) {
            defined |= 1L << f.bit();
            if (Bits.isSet(value, f.bit())) {
                out.add(new Decoded(f.name(), "1", f.whenSet()));
            } else if (f.whenClear() != null) {
                out.add(new Decoded(f.name(), "0", f.whenClear()));
            }
        }
        long undefined = value & ~defined;
        for (int bit = 0; bit < 64; bit++) {
            if (Bits.isSet(undefined, bit)) {
                out.add(new Decoded("bit " + bit, "1", "reserved or unknown " + register
                        + " bit set: the value may not be a " + register + " value, or the CPU is newer than this table"));
            }
        }
        return out;
    }
}
