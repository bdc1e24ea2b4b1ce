package org.koops.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class X86SegmentsTest {

    @Test
    void linuxSelectors() {
        assertThat(X86Segments.decode(0x10).name()).isEqualTo("__KERNEL_CS");
        assertThat(X86Segments.decode(0x33).name()).isEqualTo("__USER_CS");
        assertThat(X86Segments.decode(0x18).name()).isEqualTo("__KERNEL_DS");
        assertThat(X86Segments.decode(0x2b).name()).isEqualTo("__USER_DS");
        assertThat(X86Segments.decode(0x23).meaning()).contains("32-bit");
        assertThat(X86Segments.decode(0x10).value()).isEqualTo("0010");
        assertThat(X86Segments.decodeI386(0x60).name()).isEqualTo("__KERNEL_CS");
    }

    @Test
    void otherSelectorsAreSplitIntoFields() {
        assertThat(X86Segments.decode(0x63).meaning()).isEqualTo("GDT entry 12, requested privilege level 3 (user)");
        assertThat(X86Segments.isUserMode(0x33)).isTrue();
        assertThat(X86Segments.isUserMode(0x10)).isFalse();
    }
}
