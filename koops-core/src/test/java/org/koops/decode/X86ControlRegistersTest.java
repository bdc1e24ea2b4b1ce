package org.koops.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;
import org.koops.model.Decoded;

class X86ControlRegistersTest {

    @Test
    void cr0OfARunningKernel() {
        assertThat(X86ControlRegisters.decodeCr0(0x80050033L)).extracting(Decoded::name)
                .containsExactly("PE", "MP", "ET", "NE", "WP", "AM", "PG");
    }

    @Test
    void clearedWriteProtectIsFlagged() {
        Decoded wp = X86ControlRegisters.decodeCr0(0x80040033L).stream().filter(d -> d.name().equals("WP"))
                .findFirst().orElseThrow();
        assertThat(wp.value()).isEqualTo("0");
        assertThat(wp.meaning()).contains("OFF");
    }

    @Test
    void cr4() {
        assertThat(X86ControlRegisters.decodeCr4(0x3706f0L)).extracting(Decoded::name).containsExactly(
                "PSE", "PAE", "MCE", "PGE", "OSFXSR", "OSXMMEXCPT", "FSGSBASE", "PCIDE", "OSXSAVE", "SMEP", "SMAP");
        assertThat(X86ControlRegisters.isFiveLevelPaging(0x3706f0L)).isFalse();
        assertThat(X86ControlRegisters.decodeCr4(1L << 32)).extracting(Decoded::name).containsExactly("FRED");
    }

    @Test
    void cr3WithPcid() {
        assertThat(X86ControlRegisters.decodeCr3(0x000000010a48e006L, 0x3706f0L))
                .extracting(Decoded::name, Decoded::value)
                .containsExactly(tuple("page-table base", "0x10a48e000"),
                        tuple("PCID", "0x6"));
        assertThat(X86ControlRegisters.decodeCr3(0x10a48e018L, 0x6f0L)).extracting(Decoded::name)
                .containsExactly("page-table base", "PWT", "PCD");
    }

    @Test
    void cr2SaysWhatTheAddressIs() {
        assertThat(X86ControlRegisters.describeCr2(0x8).meaning()).contains("NULL pointer + 0x8");
    }
}
