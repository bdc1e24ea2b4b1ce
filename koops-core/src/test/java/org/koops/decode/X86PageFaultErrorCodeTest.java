package org.koops.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.koops.model.Decoded;

class X86PageFaultErrorCodeTest {

    @Test
    void zeroIsAKernelReadOfANotPresentPage() {
        assertThat(X86PageFaultErrorCode.access(0)).isEqualTo("read");
        assertThat(X86PageFaultErrorCode.mode(0)).isEqualTo("kernel");
        assertThat(X86PageFaultErrorCode.reason(0)).isEqualTo("not-present page");
        assertThat(X86PageFaultErrorCode.decode(0)).extracting(Decoded::name).containsExactly("P", "W/R", "U/S");
    }

    @Test
    void twoIsAWrite() {
        assertThat(X86PageFaultErrorCode.access(0x2)).isEqualTo("write");
        assertThat(X86PageFaultErrorCode.reason(0x2)).isEqualTo("not-present page");
    }

    @Test
    void instructionFetchOfAPresentPage() {
        assertThat(X86PageFaultErrorCode.access(0x11)).isEqualTo("instruction fetch");
        assertThat(X86PageFaultErrorCode.reason(0x11)).isEqualTo("permissions violation");
        assertThat(X86PageFaultErrorCode.decode(0x11)).extracting(Decoded::name).contains("I/D");
    }

    @Test
    void reasonsFollowTheKernelsPrecedence() {
        assertThat(X86PageFaultErrorCode.reason(0x3)).isEqualTo("permissions violation");
        assertThat(X86PageFaultErrorCode.reason(0x9)).isEqualTo("reserved bit violation");
        assertThat(X86PageFaultErrorCode.reason(0x25)).isEqualTo("protection keys violation");
        assertThat(X86PageFaultErrorCode.reason(0x8000_0001L)).isEqualTo("RMP violation");
        assertThat(X86PageFaultErrorCode.mode(0x7)).isEqualTo("user");
    }

    @Test
    void undefinedBitIsReported() {
        assertThat(X86PageFaultErrorCode.decode(0x100)).extracting(Decoded::name).contains("bit 8");
    }

    @Test
    void parsesTheTwoPfLines() {
        var access = X86PageFaultErrorCode
                .parseAccessLine("[   12.3] #PF: supervisor read access in kernel mode").orElseThrow();
        assertThat(access).isEqualTo(new X86PageFaultErrorCode.AccessLine("supervisor", "read", "kernel"));
        assertThat(X86PageFaultErrorCode.parseAccessLine("#PF: user instruction fetch in user mode").orElseThrow()
                .access()).isEqualTo("instruction fetch");

        var code = X86PageFaultErrorCode.parseErrorCodeLine("#PF: error_code(0x0000) - not-present page")
                .orElseThrow();
        assertThat(code).isEqualTo(new X86PageFaultErrorCode.ErrorCodeLine(0, "not-present page"));
    }

    @Test
    void parsesTheLinux420Form() {
        assertThat(X86PageFaultErrorCode.parseErrorCodeLine("#PF error: [PROT] [WRITE]").orElseThrow().errorCode())
                .isEqualTo(3);
        assertThat(X86PageFaultErrorCode.parseErrorCodeLine("#PF error: [normal kernel read fault]").orElseThrow()
                .reason()).isEqualTo("not-present page");
        assertThat(X86PageFaultErrorCode.parseErrorCodeLine("RIP: 0010:foo+0x1/0x2")).isEmpty();
    }
}
