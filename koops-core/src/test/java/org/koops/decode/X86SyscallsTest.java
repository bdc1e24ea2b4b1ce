package org.koops.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class X86SyscallsTest {

    @Test
    void knownNumbers() {
        assertThat(X86Syscalls.name(0)).contains("read");
        assertThat(X86Syscalls.name(1)).contains("write");
        assertThat(X86Syscalls.name(16)).contains("ioctl");
        assertThat(X86Syscalls.name(59)).contains("execve");
        assertThat(X86Syscalls.name(313)).contains("finit_module");
        assertThat(X86Syscalls.name(335)).contains("uretprobe");
        assertThat(X86Syscalls.name(424)).contains("pidfd_send_signal");
        assertThat(X86Syscalls.name(462)).contains("mseal");
        assertThat(X86Syscalls.name(470)).contains("listns");
    }

    @Test
    void gapsAndX32AreUnknown() {
        assertThat(X86Syscalls.name(400)).isEmpty();
        assertThat(X86Syscalls.name(-1)).isEmpty();
        assertThat(X86Syscalls.name(0x4000_0000)).isEmpty();
        assertThat(X86Syscalls.name(520)).isEmpty();
    }

    @Test
    void reverseLookup() {
        assertThat(X86Syscalls.number("openat")).hasValue(257);
        assertThat(X86Syscalls.number("no_such_call")).isEmpty();
    }
}
