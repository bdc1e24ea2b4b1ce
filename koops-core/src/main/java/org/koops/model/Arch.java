package org.koops.model;

/** The CPU architecture a report was printed by, as far as the report's lines tell. */
public enum Arch {
    X86_64, X86, ARM64, ARM, RISCV64, POWERPC, S390, MIPS, LOONGARCH, UNKNOWN;

    /** Lower-case name as used in JSON and on the command line, e.g. {@code x86_64}. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
