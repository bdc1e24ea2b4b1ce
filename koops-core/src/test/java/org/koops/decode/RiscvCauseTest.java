package org.koops.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RiscvCauseTest {
    @Test
    void pageFaultsSayTheAccess() {
        assertThat(RiscvCause.name(0xd)).isEqualTo("load page fault");
        assertThat(RiscvCause.access(0xd)).contains("read");
        assertThat(RiscvCause.access(0xf)).contains("write");
        assertThat(RiscvCause.access(0xc)).contains("instruction fetch");
    }

    @Test
    void trapsWithoutMemoryAccessAndInterrupts() {
        assertThat(RiscvCause.name(3)).startsWith("breakpoint");
        assertThat(RiscvCause.access(3)).isEmpty();
        assertThat(RiscvCause.name(0x8000000000000005L)).isEqualTo("interrupt 5");
        assertThat(RiscvCause.access(0x8000000000000005L)).isEmpty();
    }
}
