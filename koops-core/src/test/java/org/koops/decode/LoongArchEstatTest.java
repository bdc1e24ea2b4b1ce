package org.koops.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoongArchEstatTest {
    @Test
    void pageInvalidCodesSayTheAccess() {
        assertThat(LoongArchEstat.ecode(0x00010000L)).isEqualTo(1);
        assertThat(LoongArchEstat.name(0x00010000L)).startsWith("PIL:");
        assertThat(LoongArchEstat.access(0x00010000L)).contains("read");
        assertThat(LoongArchEstat.access(0x00020000L)).contains("write");
        assertThat(LoongArchEstat.access(0x00030000L)).contains("instruction fetch");
        assertThat(LoongArchEstat.access(0x00080000L)).isEmpty();
    }
}
