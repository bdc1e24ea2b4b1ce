package org.koops.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Arm64SyscallsTest {

    @Test
    void genericTable() {
        assertThat(Arm64Syscalls.name(29)).contains("ioctl");
        assertThat(Arm64Syscalls.name(56)).contains("openat");
        assertThat(Arm64Syscalls.name(63)).contains("read");
        assertThat(Arm64Syscalls.name(64)).contains("write");
        assertThat(Arm64Syscalls.name(221)).contains("execve");
        assertThat(Arm64Syscalls.name(273)).contains("finit_module");
        assertThat(Arm64Syscalls.name(294)).contains("kexec_file_load");
        assertThat(Arm64Syscalls.name(435)).contains("clone3");
        assertThat(Arm64Syscalls.name(470)).contains("listns");
    }

    @Test
    void gaps() {
        assertThat(Arm64Syscalls.name(42)).isEmpty();
        assertThat(Arm64Syscalls.name(250)).isEmpty();
        assertThat(Arm64Syscalls.name(403)).isEmpty();
        assertThat(Arm64Syscalls.number("fstat")).hasValue(80);
    }
}
