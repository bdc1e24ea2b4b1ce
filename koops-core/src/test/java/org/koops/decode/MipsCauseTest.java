package org.koops.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MipsCauseTest {
    @Test
    void tlbMissOnLoadOrFetch() {
        long cause = 0x50800008L; // (ExcCode 02)
        assertThat(MipsCause.excCode(cause)).isEqualTo(2);
        assertThat(MipsCause.name(cause)).startsWith("TLBL:");
        assertThat(MipsCause.access(cause, false)).contains("read");
        assertThat(MipsCause.access(cause, true)).contains("instruction fetch");
    }

    @Test
    void storesAndTheBranchDelaySlot() {
        assertThat(MipsCause.access(0x0000000cL, false)).contains("write"); // TLBS
        assertThat(MipsCause.decode(0x8000000cL)).anySatisfy(d -> assertThat(d.name() + "=" + d.value()).isEqualTo("BD=1"));
    }
}
