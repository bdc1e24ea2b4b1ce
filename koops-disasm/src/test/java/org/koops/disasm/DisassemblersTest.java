package org.koops.disasm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DisassemblersTest {
    @Test
    void capstoneIsIgnoredWhenThePropertyOrElseTheVariableSaysOff() {
        assertThat(Disassemblers.switchedOff(null, null)).isNull();
        assertThat(Disassemblers.switchedOff(null, "off")).isEqualTo("Capstone is ignored (KOOPS_CAPSTONE=off)");
        assertThat(Disassemblers.switchedOff("OFF", null)).isEqualTo("Capstone is ignored (-Dkoops.capstone=off)");
        assertThat(Disassemblers.switchedOff("on", "off")).as("the property wins").isNull();
        assertThat(Disassemblers.switchedOff(null, "1")).isNull();
    }

    @Test
    void theSwitchIsTheReasonCapstoneIsMissing() {
        String off = Disassemblers.switchedOff(System.getProperty(Disassemblers.CAPSTONE_PROPERTY),
                System.getenv(Disassemblers.CAPSTONE_VARIABLE));
        if (off != null) {
            assertThat(Disassemblers.capstone()).isEmpty();
            assertThat(Disassemblers.capstoneProblem()).isEqualTo(off);
            assertThat(Disassemblers.installed().backends()).noneMatch(b -> b.name().startsWith("capstone"));
        }
    }
}
