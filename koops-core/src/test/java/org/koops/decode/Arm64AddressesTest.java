package org.koops.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Arm64AddressesTest {

    @Test
    void betweenUserAndKernelRanges() {
        AddressInfo info = Arm64Addresses.classify(0x000232bfa8c17cc5L);
        assertThat(info.kind()).isEqualTo(AddressClass.NON_CANONICAL);
        assertThat(info.description()).startsWith("address between user and kernel address ranges");
    }

    @Test
    void userAndKernel() {
        assertThat(Arm64Addresses.classify(0x0000ffffa1b2c3d4L).kind()).isEqualTo(AddressClass.USER);
        assertThat(Arm64Addresses.classify(0xffff800008123456L).kind()).isEqualTo(AddressClass.KERNEL);
        assertThat(Arm64Addresses.classify(0xffff000012345678L).kind()).isEqualTo(AddressClass.KERNEL);
        assertThat(Arm64Addresses.classify(0xfff0000012345678L).kind()).isEqualTo(AddressClass.NON_CANONICAL);
        assertThat(Arm64Addresses.classify(0xfff0000012345678L, 52).kind()).isEqualTo(AddressClass.KERNEL);
        assertThat(Arm64Addresses.classify(0x0000008000000000L, 39).kind()).isEqualTo(AddressClass.NON_CANONICAL);
    }

    @Test
    void sharedReadings() {
        assertThat(Arm64Addresses.classify(0x0).kind()).isEqualTo(AddressClass.NULL_POINTER);
        assertThat(Arm64Addresses.classify(0xdead000000000122L).description()).startsWith("LIST_POISON2");
        assertThat(Arm64Addresses.classify(-22L).description()).startsWith("ERR_PTR(-22)");
    }
}
