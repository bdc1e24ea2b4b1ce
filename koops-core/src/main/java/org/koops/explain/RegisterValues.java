package org.koops.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.koops.decode.AddressClass;
import org.koops.decode.PointerMatch;
import org.koops.decode.PointerTokens;
import org.koops.model.Arch;

/**
 * What a general-purpose register's value says about the crash: it equals the fault address, lies
 * just below it (the base of a field access), is NULL near a NULL dereference, is poison, an
 * {@code ERR_PTR}, or ASCII text where a pointer was expected.
 */
final class RegisterValues {
    /** With more zero registers than this, naming them as possible NULL bases tells the reader nothing. */
    private static final long NULL_CANDIDATES = 3;

    private RegisterValues() {
    }

    static List<Note> kernel(String name, long value, LineContext c) {
        List<Note> out = new ArrayList<>();
        String shown = Hex.of(value);
        Long fault = c.report().faultAddress();
        if (fault != null) {
            faultRelation(name, value, fault, c, out);
        }
        var special = Addresses.special(value, c.report()).filter(i -> i.kind() != AddressClass.NULL_POINTER);
        long signed = value > 0 && value <= 0xffff_ffffL ? (int) value : value; // a 32-bit register's, sign-extended
        special.ifPresent(i -> out.add(Note.finding(name, shown, i.kind() != AddressClass.ERR_PTR ? i.description()
                : Errno.exists(signed) ? "ERR_PTR(" + Errno.name(signed) + "): an error code in place of a pointer"
                // IS_ERR() would take it for an error, but no errno has that number: a negative integer, most likely.
                : signed + " as a signed number, which no errno is: most likely a negative integer, not a pointer")));
        if (special.isEmpty()) {
            ascii(value).ifPresent(text -> out.add(Note.finding(name, shown, "the bytes read \"" + text
                    + "\" in memory order: text where a number or pointer was expected")));
        }
        return out;
    }

    private static void faultRelation(String name, long value, long fault, LineContext c, List<Note> out) {
        if (value == fault && (fault != 0 || c.report().zeroRegisters() <= NULL_CANDIDATES)) {
            out.add(Note.finding(name, Hex.of(value), fault == 0
                    ? "equals the fault address: it may be the NULL pointer that was dereferenced"
                    : "equals " + faultName(c.report()) + ": it probably held the bad pointer" + small(fault)));
        } else if (value != fault && !c.report().faultAddressInRegister() && !kasanShadow(fault, c.report())) {
            // Without a register holding the address itself, look for the base the faulting field access used.
            basePointer(name, value, fault, c.report().zeroRegisters() <= NULL_CANDIDATES, c.report().arch(), out);
        }
    }

    /** A pointer in the first page held as such is that small value itself, unless NULL + offset was computed. */
    private static String small(long value) {
        if (Long.compareUnsigned(value, PointerMatch.FIELD_REACH) >= 0) {
            return "";
        }
        return ", the small value " + Hex.of(value) + " itself" + PointerTokens.name(value).map(t -> " (" + t + ")")
                .orElse("") + " rather than NULL plus an offset, unless the code computed that into it";
    }

    private static void basePointer(String name, long value, long fault, boolean nullBases, Arch arch, List<Note> out) {
        String shown = Hex.of(value);
        if (value == 0 && Long.compareUnsigned(fault, PointerMatch.FIELD_REACH) < 0) {
            if (nullBases) {
                out.add(Note.finding(name, shown, "NULL; the fault at NULL + " + Hex.of(fault)
                        + " may have used one of these as its base pointer"));
            }
            return;
        }
        PointerMatch.of(arch, value, fault).ifPresent(m -> {
            if (m.kind() == PointerMatch.Kind.BASE) {
                out.add(Note.finding(name, shown, "the fault address is " + name + " " + Hex.offset(m.offset())
                        + ": " + name + " may be the base pointer of the faulting access (a field at offset "
                        + Hex.of(m.offset()) + ")"));
            } else if (m.kind() == PointerMatch.Kind.LOW_BITS) {
                out.add(Note.finding(name, shown, "its low " + m.bits() + " bits are those of the fault address minus "
                        + Hex.of(m.offset()) + ": a copy of the bad pointer with corrupted high bits, read at offset "
                        + Hex.of(m.offset()) + " (" + m.offset() + ")"));
            }
        });
    }

    /** A KASAN shadow address is computed from the checked pointer, not reached from a base by an offset. */
    private static boolean kasanShadow(long fault, ReportContext report) {
        return Addresses.classify(fault, report).filter(i -> i.kind() == AddressClass.KASAN_SHADOW_ACCESS).isPresent();
    }

    private static String faultName(ReportContext report) {
        return report.arch() == Arch.ARM64 ? "the fault address (FAR)"
                : report.generalProtection() ? "the address in the general protection fault line" : "CR2, the fault address";
    }

    /** Eight printable bytes, little-endian, as a string: a register loaded from a text buffer. */
    private static Optional<String> ascii(long value) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            int b = (int) (value >>> (8 * i)) & 0xff;
            if (b < 0x20 || b > 0x7e) {
                return Optional.empty();
            }
            s.append((char) b);
        }
        return Optional.of(s.toString());
    }
}
