package org.koops.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.koops.decode.PointerMatch;
import org.koops.decode.PointerTokens;
import org.koops.model.Claim;
import org.koops.model.Register;

/**
 * What the register dump says about the fault address without the code, on any architecture: a register that holds
 * the address itself held the bad pointer; failing that, a register the address is a field offset above is the base
 * of the access, and one that shares the address's low bits at such an offset is a copy of the pointer with corrupted
 * high bits ({@link PointerMatch}).
 */
final class AddressRegisters {
    /** More candidates than this say nothing: zeroed or look-alike registers. */
    private static final int CANDIDATES = 3;
    private static final long FIRST_PAGE = 0x1000;

    private AddressRegisters() {
    }

    static List<Claim> claims(Evidence e, long fault) {
        long line = e.details().kernelRegisters().map(d -> d.line()).orElse(e.headerLine());
        List<Register> general = e.generalRegisters();
        List<Register> same = new ArrayList<>();
        List<String> bases = new ArrayList<>();
        List<String> lowBits = new ArrayList<>();
        for (Register r : general) {
            Optional<PointerMatch.Match> m = PointerMatch.of(e.arch(), r.value(), fault);
            if (m.isEmpty()) {
                continue;
            }
            switch (m.get().kind()) {
                case SAME -> same.add(r);
                case BASE -> bases.add(String.format("%s = 0x%x plus 0x%x", r.name(), r.value(), m.get().offset()));
                case LOW_BITS -> lowBits.add(String.format("the fault address minus 0x%x (%d) is 0x%x, which equals %s "
                                + "(0x%x) in its low %d bits: the access was most likely at offset 0x%x from a pointer with "
                                + "%s's value and corrupted high bits", m.get().offset(), m.get().offset(),
                        fault - m.get().offset(), r.name(), r.value(), m.get().bits(), m.get().offset(), r.name()));
            }
        }
        List<Claim> out = new ArrayList<>();
        if (!same.isEmpty() && (fault != 0 || same.size() <= CANDIDATES)) {
            Register r = same.get(0);
            String others = same.size() == 1 ? "" : " (so does " + String.join(", ", same.subList(1, same.size())
                    .stream().map(Register::name).toList()) + ")";
            out.add(Claim.of(String.format("%s holds 0x%x, the faulting address%s: the bad pointer was most likely in %s",
                    r.name(), fault, others, r.name()) + small(fault) + ".", line));
            return out;
        }
        if (!bases.isEmpty() && bases.size() <= CANDIDATES) {
            out.add(Claim.of("The faulting address is " + String.join(", or ", bases) + ": "
                    + (bases.size() == 1 ? "that register is" : "one of them is") + " most likely the base pointer of the "
                    + "access, and the offset the field it read or wrote.", line));
        }
        if (!lowBits.isEmpty() && lowBits.size() <= CANDIDATES) {
            out.add(Claim.of(capitalise(String.join("; ", lowBits)) + ".", line));
        }
        return out;
    }

    /** A small pointer value is the value itself rather than NULL plus an offset, and may be a kernel token. */
    private static String small(long value) {
        if (value == 0 || Long.compareUnsigned(value, FIRST_PAGE) >= 0) {
            return "";
        }
        return String.format("; it held 0x%x itself, so unless the code computed NULL + 0x%x into it, the pointer was "
                + "that small value%s, not NULL", value, value, PointerTokens.name(value).map(t -> " (" + t + ")").orElse(""));
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
