package org.koops.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.koops.model.Decoded;

class Arm64PstateTest {

    @Test
    void vheKernel() {
        long pstate = 0x20400009L;
        assertThat(Arm64Pstate.exceptionLevel(pstate)).isEqualTo("EL2h");
        assertThat(Arm64Pstate.decode(pstate)).extracting(Decoded::name).containsExactly("M", "C", "PAN");
    }

    @Test
    void kernelWithInterruptsMasked() {
        assertThat(Arm64Pstate.decode(0x604000c5L)).extracting(Decoded::name)
                .containsExactly("M", "Z", "C", "PAN", "I", "F");
        assertThat(Arm64Pstate.exceptionLevel(0x604000c5L)).isEqualTo("EL1h");
        assertThat(Arm64Pstate.exceptionLevel(0x80001000L)).isEqualTo("EL0t");
    }

    @Test
    void btype() {
        Decoded btype = Arm64Pstate.decode(0x20000c05L).stream().filter(d -> d.name().equals("BTYPE")).findFirst()
                .orElseThrow();
        assertThat(btype.value()).isEqualTo("j-");
    }

    @Test
    void printedForm() {
        assertThat(Arm64Pstate.decodePrinted("pstate: 20400009 (nzCv daif +PAN -UAO -TCO -DIT -SSBS BTYPE=--)"))
                .extracting(Decoded::name).containsExactly("M", "C", "PAN");
        assertThat(Arm64Pstate.parsePrinted("60000005 (nZCv daif -PAN -UAO)")).contains(0x60000005L);
        assertThat(Arm64Pstate.decodePrinted("nothing here")).isEmpty();
    }

    @Test
    void compatTask() {
        long pstate = 0x600001d0L;
        assertThat(Arm64Pstate.isAArch32(pstate)).isTrue();
        assertThat(Arm64Pstate.exceptionLevel(pstate)).isEqualTo("usr");
        assertThat(Arm64Pstate.decode(pstate)).extracting(Decoded::name).contains("Z", "C", "I", "F");
    }
}
