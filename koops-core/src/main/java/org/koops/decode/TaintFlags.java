package org.koops.decode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.koops.model.Decoded;
import org.koops.model.Taint;

/**
 * The kernel taint flags: the {@code Tainted:} field of a report, the per-module markers of
 * {@code Modules linked in:} and {@code /proc/modules}, and the numeric {@code /proc/sys/kernel/tainted}.
 *
 * <p>Source: {@code kernel/panic.c} ({@code taint_flags[]}, bits 0-19 up to {@code TAINT_FWCTL} 'J')
 * and {@code Documentation/admin-guide/tainted-kernels.rst}.
 *
 * <p>{@code 'G'} is not a taint flag: it is what the kernel prints in position 0 when bit 0
 * ({@code P}, proprietary module) is clear, i.e. all modules are GPL-compatible. It is decoded as a
 * {@link Taint} with bit {@link #NO_BIT} so a printed field decodes letter for letter.
 */
public final class TaintFlags {
    /** The bit of the {@code 'G'} pseudo-flag: it has none. */
    public static final int NO_BIT = -1;

    /**
     * One row of {@code taint_flags[]}.
     *
     * @param module whether the flag can also be a per-module taint ({@code taint_flag.module})
     */
    private record Row(Taint taint, boolean module) {
    }

    private static final Taint GPL_ONLY = new Taint('G', NO_BIT, "GPL_MODULES_ONLY",
            "no proprietary module was loaded: every module has a GPL-compatible license");

    private static final List<Row> ROWS = List.of(
            row('P', 0, "PROPRIETARY_MODULE", true,
                    "a proprietary (non-GPL or unlicensed) module was loaded; kernel developers cannot see its code"),
            row('F', 1, "FORCED_MODULE", true,
                    "a module was force-loaded (insmod -f), skipping version checks"),
            row('S', 2, "CPU_OUT_OF_SPEC", false,
                    "the kernel runs on an out-of-specification system (unsupported CPU setup, mismatched CPU features, "
                            + "late microcode load, MSR writes from user space)"),
            row('R', 3, "FORCED_RMMOD", false,
                    "a module was force-unloaded (rmmod -f)"),
            row('M', 4, "MACHINE_CHECK", false,
                    "a CPU reported a machine check exception: suspect hardware"),
            row('B', 5, "BAD_PAGE", false,
                    "the page allocator found a bad page reference or unexpected page flags: memory corruption or "
                            + "failing hardware"),
            row('U', 6, "USER", false,
                    "user space asked for the taint (e.g. by writing /proc/sys/kernel/tainted)"),
            row('D', 7, "DIE", false,
                    "the kernel already died earlier (an oops or BUG happened before this report)"),
            row('A', 8, "OVERRIDDEN_ACPI_TABLE", false,
                    "an ACPI table was overridden by the user"),
            row('W', 9, "WARN", false,
                    "a kernel warning (WARN) was issued earlier"),
            row('C', 10, "CRAP", true,
                    "a staging driver (drivers/staging, lower quality) was loaded"),
            row('I', 11, "FIRMWARE_WORKAROUND", false,
                    "the kernel works around a severe firmware (BIOS/UEFI) bug"),
            row('O', 12, "OOT_MODULE", true,
                    "an externally built (out-of-tree) module was loaded"),
            row('E', 13, "UNSIGNED_MODULE", true,
                    "an unsigned module was loaded into a kernel that supports module signatures"),
            row('L', 14, "SOFTLOCKUP", false,
                    "a soft lockup was detected earlier"),
            row('K', 15, "LIVEPATCH", true,
                    "the kernel was live-patched"),
            row('X', 16, "AUX", true,
                    "auxiliary taint, defined and used by Linux distributions"),
            row('T', 17, "RANDSTRUCT", true,
                    "the kernel was built with the randstruct plugin: structure layouts are randomised"),
            row('N', 18, "TEST", true,
                    "an in-kernel test (such as a KUnit test) has been run"),
            row('J', 19, "FWCTL", true,
                    "user space used a mutating debug operation of fwctl on a device"));

    /** {@code [W]=WARN} items of the verbose form printed by {@code print_tainted_verbose()}. */
    private static final Pattern VERBOSE_ITEM = Pattern.compile("\\[(.)\\]=");
    private static final Pattern BLANKS = Pattern.compile("\\s+");
    private static final Pattern TAINTED_PREFIX = Pattern.compile("^\\s*(?:Not\\s+)?[Tt]ainted:?\\s*");

    private TaintFlags() {
    }

    private static Row row(char letter, int bit, String name, boolean module, String meaning) {
        return new Row(new Taint(letter, bit, "TAINT_" + name, meaning), module);
    }

    /** Every taint flag, bit 0 first; {@code 'G'} is not included. */
    public static List<Taint> all() {
        return ROWS.stream().map(Row::taint).toList();
    }

    /** The flag printed as {@code letter}, including the {@code 'G'} pseudo-flag. */
    public static Optional<Taint> byLetter(char letter) {
        if (letter == GPL_ONLY.letter()) {
            return Optional.of(GPL_ONLY);
        }
        for (Row row : ROWS) {
            if (row.taint().letter() == letter) {
                return Optional.of(row.taint());
            }
        }
        return Optional.empty();
    }

    /** The flag of a {@code /proc/sys/kernel/tainted} bit. */
    public static Optional<Taint> byBit(int bit) {
        return ROWS.stream().map(Row::taint).filter(t -> t.bit() == bit).findFirst();
    }

    /**
     * Decodes the {@code Tainted:} field of a report in any of the kernel's forms:
     * <ul>
     * <li>positional, one column per bit, blank for clear bits: {@code G        W  OE} (may be
     *     followed by the kernel release, which ends the field);</li>
     * <li>the same with the blanks collapsed by a log tool: {@code P OE}, {@code G B};</li>
     * <li>RHEL's, whose own flags' columns print {@code -} when clear: {@code GF          O--------------};</li>
     * <li>verbose, since Linux 6.12 on its own line: {@code [W]=WARN, [O]=OOT_MODULE}.</li>
     * </ul>
     * A leading {@code Tainted:} is skipped; {@code Not tainted} gives an empty list. Letters this
     * table does not know (distribution-specific flags) are left out.
     *
     * @return the flags in printed order, without duplicates
     */
    public static List<Taint> decode(String printed) {
        if (printed == null || printed.isBlank() || printed.strip().startsWith("Not tainted")) {
            return List.of();
        }
        String field = TAINTED_PREFIX.matcher(printed).replaceFirst("");
        Set<Character> letters = new LinkedHashSet<>();
        Matcher verbose = VERBOSE_ITEM.matcher(field);
        if (verbose.find()) {
            do {
                letters.add(verbose.group(1).charAt(0));
            } while (verbose.find());
        } else {
            // The positional field ends at the first word that is not all taint letters: the release. RHEL prints
            // its own flags' columns as '-' when clear: blanks of the field, not letters.
            for (String word : BLANKS.split(field.strip())) {
                String flags = word.replace("-", "");
                if (!allLetters(flags)) {
                    break;
                }
                for (int i = 0; i < flags.length(); i++) {
                    letters.add(flags.charAt(i));
                }
            }
        }
        List<Taint> taints = new ArrayList<>(letters.size());
        for (char letter : letters) {
            byLetter(letter).ifPresent(taints::add);
        }
        return List.copyOf(taints);
    }

    /** Whether every character of {@code flags} is a taint letter. */
    private static boolean allLetters(String flags) {
        for (int i = 0; i < flags.length(); i++) {
            if (byLetter(flags.charAt(i)).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Decodes the taint letters of one module, e.g. {@code OE} from {@code my_mod(OE)} or {@code OE-}
     * from {@code /proc/modules}. Only flags a module can carry ({@code taint_flag.module}) count; the
     * load-state markers {@code -} and {@code +} are read by {@link #moduleState(String)}.
     */
    public static List<Taint> decodeModule(String flags) {
        if (flags == null) {
            return List.of();
        }
        List<Taint> out = new ArrayList<>();
        for (int i = 0; i < flags.length(); i++) {
            char c = flags.charAt(i);
            // A letter printed twice is one taint; telling letters apart, not taints, spares the first
            // record hashCode its start-up cost.
            if (flags.indexOf(c) == i) {
                ROWS.stream().filter(r -> r.module() && r.taint().letter() == c).findFirst()
                        .ifPresent(r -> out.add(r.taint()));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The load state that {@code module_flags()} appends to a module's taint letters: {@code -} while
     * the module is being unloaded ({@code MODULE_STATE_GOING}), {@code +} while it is being loaded
     * ({@code MODULE_STATE_COMING}). Empty for a live module.
     */
    public static Optional<Decoded> moduleState(String flags) {
        if (flags == null) {
            return Optional.empty();
        }
        if (flags.indexOf('-') >= 0) {
            return Optional.of(new Decoded("module state", "-",
                    "the module is being unloaded (MODULE_STATE_GOING); stuck here, its exit code is still running "
                            + "or waiting"));
        }
        if (flags.indexOf('+') >= 0) {
            return Optional.of(new Decoded("module state", "+",
                    "the module is being loaded (MODULE_STATE_COMING): its init function has not returned yet"));
        }
        return Optional.empty();
    }

    /**
     * Decodes a {@code /proc/sys/kernel/tainted} value, lowest bit first. Bits beyond this table are
     * left out; {@code 'G'} is not a reason and is never returned.
     */
    public static List<Taint> decodeMask(long mask) {
        return ROWS.stream().map(Row::taint).filter(t -> Bits.isSet(mask, t.bit())).toList();
    }
}
