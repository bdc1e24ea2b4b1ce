package org.koops.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class X86AddressesTest {

    @Test
    void canonicalForms() {
        assertThat(X86Addresses.isCanonical48(0x00007fffffffffffL)).isTrue();
        assertThat(X86Addresses.isCanonical48(0xffff800000000000L)).isTrue();
        assertThat(X86Addresses.isCanonical48(0x0000800000000000L)).isFalse();
        assertThat(X86Addresses.isCanonical48(0xdead000000000100L)).isFalse();
        assertThat(X86Addresses.isCanonical57(0x00ff000000000000L)).isTrue();
        assertThat(X86Addresses.isCanonical57(0x0100000000000000L)).isFalse();
    }

    @Test
    void nullPlusOffset() {
        AddressInfo info = X86Addresses.classify(0x1);
        assertThat(info.kind()).isEqualTo(AddressClass.NULL_POINTER);
        assertThat(info.offset()).isEqualTo(1L);
        assertThat(info.description()).startsWith("NULL pointer + 0x1");
        assertThat(X86Addresses.classify(0x10).description()).contains("ZERO_SIZE_PTR");
    }

    @Test
    void poisonBeforeCanonicalCheck() {
        assertThat(X86Addresses.classify(0x6b6b6b6b6b6b6b6bL).kind()).isEqualTo(AddressClass.POISON_PATTERN);
        assertThat(X86Addresses.classify(0x6b6b6b6b6b6b6b6bL).description()).contains("use-after-free");
        assertThat(X86Addresses.classify(0xdead000000000100L).description()).startsWith("LIST_POISON1");
    }

    @Test
    void kasanShadowOfNull() {
        AddressInfo info = X86Addresses.classify(0xdffffc0000000000L);
        assertThat(info.kind()).isEqualTo(AddressClass.KASAN_SHADOW_ACCESS);
        assertThat(info.description()).contains("non-canonical").contains("null-ptr-deref").contains("[0x0-0x7]");
        assertThat(info.offset()).isZero();
        // syzbot: "general protection fault, probably for non-canonical address 0xdffffc0000000001"
        assertThat(X86Addresses.classify(0xdffffc0000000001L).description()).contains("[0x8-0xf]");
    }

    @Test
    void kasanShadowOfWildPointer() {
        AddressInfo info = X86Addresses.classify(0xfbd59c0000000000L + 0x1234);
        assertThat(info.kind()).isEqualTo(AddressClass.KASAN_SHADOW_ACCESS);
        assertThat(info.description()).contains("wild-memory access");
    }

    @Test
    void plainNonCanonical() {
        assertThat(X86Addresses.classify(0x4141414141414141L).kind()).isEqualTo(AddressClass.NON_CANONICAL);
    }

    @Test
    void userSpace() {
        assertThat(X86Addresses.classify(0x7ffd1234L).kind()).isEqualTo(AddressClass.USER);
        AddressInfo low = X86Addresses.classify(0x2000);
        assertThat(low.description()).contains("mmap_min_addr");
        assertThat(low.offset()).isEqualTo(0x2000L);
    }

    @Test
    void kernelRegions() {
        assertThat(X86Addresses.classify(0xffff888100a3c000L).kind()).isEqualTo(AddressClass.DIRECT_MAP);
        assertThat(X86Addresses.classify(0xffffc90000123000L).kind()).isEqualTo(AddressClass.VMALLOC);
        assertThat(X86Addresses.classify(0xffffea0004028000L).kind()).isEqualTo(AddressClass.VMEMMAP);
        assertThat(X86Addresses.classify(0xfffffbfff0000000L).kind()).isEqualTo(AddressClass.KASAN_SHADOW);
        assertThat(X86Addresses.classify(0xffffffff81234567L).kind()).isEqualTo(AddressClass.KERNEL_TEXT);
        assertThat(X86Addresses.classify(0xffffffffa0012345L).kind())
                .isEqualTo(AddressClass.KERNEL_IMAGE_OR_MODULES);
        assertThat(X86Addresses.classify(0xffffffffc0a01000L).kind()).isEqualTo(AddressClass.MODULES);
        assertThat(X86Addresses.classify(0xffffffffff600000L).kind()).isEqualTo(AddressClass.VSYSCALL);
        assertThat(X86Addresses.classify(0xfffffe0000001000L).kind()).isEqualTo(AddressClass.CPU_ENTRY_AREA);
    }

    @Test
    void errPtr() {
        AddressInfo info = X86Addresses.classify(0xfffffffffffffff4L);
        assertThat(info.kind()).isEqualTo(AddressClass.ERR_PTR);
        assertThat(info.description()).startsWith("ERR_PTR(-12)");
    }

    @Test
    void fiveLevelLayout() {
        assertThat(X86Addresses.classify(0x00ff000000000000L, true).kind()).isEqualTo(AddressClass.USER);
        assertThat(X86Addresses.classify(0xff11000012345000L, true).kind()).isEqualTo(AddressClass.DIRECT_MAP);
        assertThat(X86Addresses.classify(0xffa0000000001000L, true).kind()).isEqualTo(AddressClass.VMALLOC);
        assertThat(X86Addresses.classify(0xffffffff81000000L, true).kind()).isEqualTo(AddressClass.KERNEL_TEXT);
    }
}
