package org.koops.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PowerpcDsisrTest {
    @Test
    void storeAndWhy() {
        assertThat(PowerpcDsisr.access(0x40000000L)).isEqualTo("read");
        assertThat(PowerpcDsisr.reason(0x40000000L)).startsWith("no translation");
        assertThat(PowerpcDsisr.access(0x42000000L)).isEqualTo("write");
        assertThat(PowerpcDsisr.reason(0x0a000000L)).startsWith("protection fault");
        assertThat(PowerpcDsisr.reason(0)).isNull();
    }
}
