package org.koops.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.koops.model.Decoded;

class Arm32FsrTest {
    private static String field(long fsr, String name) {
        return Arm32Fsr.decode(fsr).stream().filter(d -> d.name().equals(name)).map(Decoded::value).findFirst().orElse(null);
    }

    @Test
    void writeToAnUnmappedSection() {
        long fsr = 0x805;
        assertThat(Arm32Fsr.faultStatus(fsr)).isEqualTo("section translation fault");
        assertThat(Arm32Fsr.access(fsr)).isEqualTo("write");
        assertThat(Arm32Fsr.isLongDescriptor(fsr)).isFalse();
        assertThat(field(fsr, "FS")).isEqualTo("0x05");
    }

    @Test
    void readOfAnUnmappedPageInDomainOne() {
        assertThat(Arm32Fsr.faultStatus(0x17)).isEqualTo("page translation fault");
        assertThat(Arm32Fsr.access(0x17)).isEqualTo("read");
        assertThat(field(0x17, "Domain")).isEqualTo("1");
    }

    @Test
    void prefetchAbortIsAnInstructionFetch() {
        long fsr = 0x8000000dL;
        assertThat(Arm32Fsr.isPrefetchAbort(fsr)).isTrue();
        assertThat(Arm32Fsr.access(fsr)).isEqualTo("instruction fetch");
        assertThat(Arm32Fsr.faultStatus(fsr)).isEqualTo("section permission fault");
        assertThat(Arm32Fsr.faultStatus(0x80000006L)).isEqualTo("page access flag fault");
    }

    @Test
    void lpaeStatusUsesTheLongDescriptorNames() {
        assertThat(Arm32Fsr.isLongDescriptor(0x207)).isTrue();
        assertThat(Arm32Fsr.faultStatus(0x207)).isEqualTo("level 3 translation fault");
        assertThat(Arm32Fsr.faultStatus(0xa0d)).isEqualTo("level 1 permission fault");
        assertThat(Arm32Fsr.access(0xa0d)).isEqualTo("write");
        assertThat(field(0x207, "Domain")).isNull();
    }

    @Test
    void impreciseExternalAbortUsesFs4() {
        // Unhandled fault: imprecise external abort (0x1406) at 0x00000000
        assertThat(Arm32Fsr.status(0x1406)).isEqualTo(0x16);
        assertThat(Arm32Fsr.faultStatus(0x1406)).isEqualTo("imprecise external abort");
        assertThat(field(0x1406, "ExT")).isEqualTo("1");
    }

    @Test
    void cacheMaintenanceCountsAsARead() {
        assertThat(Arm32Fsr.access(0x2807)).isEqualTo("read");
        assertThat(field(0x2807, "CM")).isEqualTo("1");
    }
}
