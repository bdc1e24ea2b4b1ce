package org.koops.decode;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The arm64 system call numbers (the generic table, shared with riscv64, loongarch and others), e.g.
 * {@code x8} holding {@code 0x3f} in a user register dump is {@code read}.
 *
 * <p>Data: {@code syscalls-arm64.tbl}, taken from {@code scripts/syscall.tbl}, formerly
 * {@code include/uapi/asm-generic/unistd.h} (through 470 {@code listns}, Linux 6.18).
 */
public final class Arm64Syscalls {
    private static final SyscallTable TABLE = SyscallTable.load("syscalls-arm64.tbl");

    private Arm64Syscalls() {
    }

    /** The name of a 64-bit system call number, e.g. 63 is {@code read}. */
    public static Optional<String> name(int number) {
        return TABLE.name(number);
    }

    /** The number of a system call name. */
    public static OptionalInt number(String name) {
        return TABLE.number(name);
    }
}
