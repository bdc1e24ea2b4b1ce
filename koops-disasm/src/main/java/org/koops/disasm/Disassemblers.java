package org.koops.disasm;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The installed disassembler backends: Capstone (libcapstone4) first, GNU objdump (binutils) as the
 * fallback.
 *
 * <pre>{@code
 * LogAnalysis a = Koops.create().withDisassembler(Disassemblers.installed()).analyze(Path.of("dmesg.txt"));
 * }</pre>
 */
public final class Disassemblers {
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
                    try {
                        capstone = new Result(CapstoneDisassembler.load(), null);
                    } catch (Disassembler.DisassemblyException e) {
                        capstone = new Result(null, e.getMessage());
                    }
                }
                r = capstone;
            }
        }
        return r;
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
