package org.koops.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.koops.model.Decoded;

class Arm64EsrTest {

    private static Map<String, Decoded> fields(long esr) {
        return Arm64Esr.decode(esr).stream().collect(Collectors.toMap(Decoded::name, d -> d));
    }

    @Test
    void kernelReadOfUnmappedAddress() {
        long esr = 0x96000004L;
        assertThat(Arm64Esr.ec(esr)).isEqualTo(0x25);
        assertThat(Arm64Esr.exceptionClass(esr)).isEqualTo("DABT (current EL)");
        assertThat(Arm64Esr.faultStatus(esr)).isEqualTo("level 0 translation fault");
        assertThat(Arm64Esr.isDataAbort(esr)).isTrue();
        assertThat(Arm64Esr.isInstructionAbort(esr)).isFalse();
        assertThat(Arm64Esr.isCurrentEl(esr)).isTrue();
        assertThat(Arm64Esr.isCurrentEl(0x92000004L)).isFalse();
        assertThat(Arm64Esr.access(esr)).contains("read");

        Map<String, Decoded> f = fields(esr);
        assertThat(f.get("EC").value()).isEqualTo("0x25");
        assertThat(f.get("IL").meaning()).isEqualTo("32-bit instruction");
        assertThat(f.get("ISS").value()).isEqualTo("0x00000004");
        assertThat(f.get("DFSC").meaning()).startsWith("level 0 translation fault");
        assertThat(f.get("WnR").value()).isEqualTo("0");
        assertThat(f.get("ISV").value()).isEqualTo("0");
    }

    @Test
    void writeToUnmappedLevel1() {
        long esr = 0x96000045L;
        assertThat(Arm64Esr.faultStatus(esr)).isEqualTo("level 1 translation fault");
        assertThat(Arm64Esr.access(esr)).contains("write");
        assertThat(fields(esr).get("WnR").value()).isEqualTo("1");
    }

    @Test
    void permissionFaultAndCacheMaintenance() {
        assertThat(Arm64Esr.faultStatus(0x9600004fL)).isEqualTo("level 3 permission fault");
        // CM=1 with WnR=1: a cache maintenance operation, which the kernel treats as a read
        assertThat(Arm64Esr.access(0x96000144L)).contains("read");
    }

    @Test
    void syndromeWithIsv() {
        Map<String, Decoded> f = fields(0x93c08007L);
        assertThat(f.get("ISV").value()).isEqualTo("1");
        assertThat(f.get("SAS").meaning()).isEqualTo("access size 8 byte(s)");
        assertThat(f.get("SRT").meaning()).isEqualTo("the transfer register is x0");
        assertThat(f.get("SF").value()).isEqualTo("1");
    }

    @Test
    void instructionAbort() {
        long esr = 0x86000004L;
        assertThat(Arm64Esr.exceptionClass(esr)).isEqualTo("IABT (current EL)");
        assertThat(Arm64Esr.isInstructionAbort(esr)).isTrue();
        assertThat(Arm64Esr.access(esr)).contains("instruction fetch");
        assertThat(fields(esr).get("IFSC").meaning()).startsWith("level 0 translation fault");
    }

    @Test
    void bugBreakpoint() {
        long esr = 0xf2000800L;
        assertThat(Arm64Esr.exceptionClass(esr)).isEqualTo("BRK (AArch64)");
        assertThat(Arm64Esr.brkComment(esr)).hasValue(0x800);
        assertThat(fields(esr).get("comment").meaning()).contains("BUG() or WARN()");
        assertThat(Arm64Esr.access(esr)).isEmpty();
    }

    @Test
    void kasanAndCfiBreakpoints() {
        assertThat(fields(0xf2000913L).get("comment").meaning()).contains("KASAN").contains("write of 8 byte(s)");
        assertThat(fields(0xf2008228L).get("comment").meaning()).contains("control-flow integrity");
    }

    @Test
    void unallocatedCodes() {
        assertThat(Arm64Esr.faultStatus(0x96000012L)).isEqualTo("unknown 18");
        assertThat(Arm64Esr.exceptionClass(0x3fL << 26)).isEqualTo("UNRECOGNIZED EC");
        assertThat(Arm64Esr.exceptionClass(0x56000000L)).isEqualTo("SVC (AArch64)");
    }
}
