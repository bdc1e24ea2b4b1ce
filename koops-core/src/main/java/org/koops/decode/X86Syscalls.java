package org.koops.decode;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The x86-64 system call numbers, e.g. {@code ORIG_RAX: 0000000000000010} is {@code ioctl}.
 *
 * <p>Data: {@code syscalls-x86_64.tbl}, taken from {@code arch/x86/entry/syscalls/syscall_64.tbl}
 * (through 470 {@code listns}, Linux 6.18).
 */
public final class X86Syscalls {
    private static final SyscallTable TABLE = SyscallTable.load("syscalls-x86_64.tbl");
    /** Set in the number by x32 processes; the rest of the number indexes the same table. */
    private static final int X32_SYSCALL_BIT = 0x4000_0000;

    private X86Syscalls() {
    }

    /**
     * The name of a 64-bit system call number, e.g. 0 is {@code read}. An x32 number (with
     * {@code __X32_SYSCALL_BIT}) is not resolved: x32 reuses some numbers for other calls.
     */
    public static Optional<String> name(int number) {
        if ((number & X32_SYSCALL_BIT) != 0) {
            return Optional.empty();
        }
        return TABLE.name(number);
    }

    /** The number of a system call name. */
    public static OptionalInt number(String name) {
        return TABLE.number(name);
    }
}
