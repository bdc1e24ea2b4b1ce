package org.koops.disasm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The installed disassembler backends: Capstone (libcapstone4) first, GNU objdump (binutils) as the
 * fallback.
 *
 * <p>The system property {@code koops.capstone=off}, or else the environment variable
 * {@code KOOPS_CAPSTONE=off}, makes koops ignore an installed Capstone, as on a machine without it: CI
 * runs the disassembly and server tests once that way, and a user can compare the two backends' output.
 *
 * <pre>{@code
 * LogAnalysis a = Koops.create().withDisassembler(Disassemblers.installed()).analyze(Path.of("dmesg.txt"));
 * }</pre>
 */
public final class Disassemblers {
    /** The system property that turns Capstone off; {@link #CAPSTONE_VARIABLE} when it is not set. */
    public static final String CAPSTONE_PROPERTY = "koops.capstone";
    /** The environment variable that turns Capstone off. */
    public static final String CAPSTONE_VARIABLE = "KOOPS_CAPSTONE";

    private static volatile Result capstone;
    private static volatile Result objdump;

    private Disassemblers() {
    }

    /** A backend or the reason it cannot be used. */
    private record Result(Disassembler backend, String problem) {
    }

    /** Capstone through libcapstone.so.4, or empty when it is not installed ({@link #capstoneProblem()}). */
    public static Optional<Disassembler> capstone() {
        return Optional.ofNullable(capstoneResult().backend());
    }

    /** Why Capstone cannot be used, or {@code null} when it can. */
    public static String capstoneProblem() {
        return capstoneResult().problem();
    }

    /** GNU objdump, or empty when it is not installed ({@link #objdumpProblem()}). */
    public static Optional<Disassembler> objdump() {
        return Optional.ofNullable(objdumpResult().backend());
    }

    /** Why objdump cannot be used, or {@code null} when it can. */
    public static String objdumpProblem() {
        return objdumpResult().problem();
    }

    /** Every installed backend, Capstone first; when none is, each disassembly says what to install. */
    public static CodeDecoder installed() {
        List<Disassembler> all = new ArrayList<>();
        capstone().ifPresent(all::add);
        objdump().ifPresent(all::add);
        return new CodeDecoder(all, "no disassembler is installed: " + capstoneProblem() + "; " + objdumpProblem());
    }

    /** A decoder with exactly these backends, tried in order. */
    public static CodeDecoder using(List<Disassembler> backends) {
        return new CodeDecoder(backends, "no disassembler was given");
    }

    private static Result capstoneResult() {
        Result r = capstone;
        if (r == null) {
            synchronized (Disassemblers.class) {
                if (capstone == null) {
                    capstone = loadCapstone();
                }
                r = capstone;
            }
        }
        return r;
    }

    private static Result loadCapstone() {
        String off = switchedOff(System.getProperty(CAPSTONE_PROPERTY), System.getenv(CAPSTONE_VARIABLE));
        if (off != null) {
            return new Result(null, off);
        }
        try {
            return new Result(CapstoneDisassembler.load(), null);
        } catch (Disassembler.DisassemblyException e) {
            return new Result(null, e.getMessage());
        }
    }

    /**
     * Why Capstone is not to be used although it may be installed, or {@code null}: the property's value
     * when it is set, else the variable's.
     */
    static String switchedOff(String property, String variable) {
        if (property != null) {
            return property.equalsIgnoreCase("off") ? "Capstone is ignored (-D" + CAPSTONE_PROPERTY + "=off)" : null;
        }
        return variable != null && variable.equalsIgnoreCase("off") ? "Capstone is ignored (" + CAPSTONE_VARIABLE + "=off)" : null;
    }

    private static Result objdumpResult() {
        Result r = objdump;
        if (r == null) {
            synchronized (Disassemblers.class) {
                if (objdump == null) {
                    try {
                        objdump = new Result(ObjdumpDisassembler.load(), null);
                    } catch (Disassembler.DisassemblyException e) {
                        objdump = new Result(null, e.getMessage());
                    }
                }
                r = objdump;
            }
        }
        return r;
    }
}
