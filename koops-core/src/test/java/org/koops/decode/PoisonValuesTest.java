package org.koops.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PoisonValuesTest {

    @Test
    void slabUseAfterFree() {
        AddressInfo exact = PoisonValues.identify(0x6b6b6b6b6b6b6b6bL).orElseThrow();
        assertThat(exact.kind()).isEqualTo(AddressClass.POISON_PATTERN);
        assertThat(exact.description()).startsWith("POISON_FREE").contains("use-after-free");
        assertThat(exact.offset()).isZero();

        AddressInfo field = PoisonValues.identify(0x6b6b6b6b6b6b6bd3L).orElseThrow();
        assertThat(field.description()).startsWith("POISON_FREE pattern 0x6b6b6b6b6b6b6b6b + 0x68");
        assertThat(field.offset()).isEqualTo(0x68L);
    }

    @Test
    void thirtyTwoBitPoisonPlusAFieldOffset() {
        AddressInfo field = PoisonValues.identify32(0x6b6b6b6fL).orElseThrow();
        assertThat(field.description()).startsWith("POISON_FREE pattern 0x6b6b6b6b + 0x4");
        assertThat(field.offset()).isEqualTo(4L);
        assertThat(Split32Addresses.classify(0x6b6b6b6fL).kind()).isEqualTo(AddressClass.POISON_PATTERN);
        assertThat(Split32Addresses.classify(0x6b6b0000L).kind()).isNotEqualTo(AddressClass.POISON_PATTERN);
        assertThat(PoisonValues.identify(0x6b6b6b6fL)).isEmpty();
    }

    @Test
    void lastWordOfAFreedObject() {
        assertThat(PoisonValues.identify(0xa56b6b6b6b6b6b6bL).orElseThrow().description()).contains("POISON_END");
    }

    @Test
    void otherPatterns() {
        assertThat(PoisonValues.identify(0x5a5a5a5a5a5a5a5aL).orElseThrow().description()).startsWith("POISON_INUSE");
        assertThat(PoisonValues.identify(0xccccccccccccccccL).orElseThrow().description())
                .startsWith("SLUB_RED_ACTIVE");
        assertThat(PoisonValues.identify(0xaaaaaaaaaaaaaaaaL).orElseThrow().description()).startsWith("PAGE_POISON");
        assertThat(PoisonValues.identify(0xffffffffffff4111L).orElseThrow().description())
                .startsWith("STACKLEAK_POISON");
    }

    @Test
    void listPoison() {
        AddressInfo p1 = PoisonValues.identify(0xdead000000000100L).orElseThrow();
        assertThat(p1.kind()).isEqualTo(AddressClass.POISON_POINTER);
        assertThat(p1.description()).startsWith("LIST_POISON1:");
        assertThat(PoisonValues.identify(0xdead000000000122L).orElseThrow().description()).startsWith("LIST_POISON2:");
        AddressInfo field = PoisonValues.identify(0xdead00000000012aL).orElseThrow();
        assertThat(field.description()).startsWith("LIST_POISON2 + 0x8");
        assertThat(field.offset()).isEqualTo(8L);
        assertThat(PoisonValues.identify(0xdead000000000050L).orElseThrow().description())
                .startsWith("POISON_POINTER_DELTA + 0x50");
    }

    @Test
    void ordinaryValuesAreNotPoison() {
        assertThat(PoisonValues.identify(0xffff888100a3c000L)).isEmpty();
        assertThat(PoisonValues.identify(0x6b6b6b6bL)).isEmpty();
        assertThat(PoisonValues.identify(0)).isEmpty();
    }
}
