package org.koops.debuginfo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressMapTest {
    @Test
    void laterPaintCoversEarlierAndLeavesTheRest() {
        AddressMap.Painter p = new AddressMap.Painter();
        p.paint(0x100, 0x200, 1); // a function
        p.paint(0x120, 0x140, 2); // inlined in it
        p.paint(0x130, 0x138, 3); // inlined in that
        p.paint(0x300, 0x300, 4); // empty: ignored
        AddressMap m = p.build();

        assertThat(m.get(0xff)).isEqualTo(AddressMap.NONE);
        assertThat(m.get(0x100)).isEqualTo(1);
        assertThat(m.get(0x12f)).isEqualTo(2);
        assertThat(m.get(0x130)).isEqualTo(3);
        assertThat(m.get(0x138)).isEqualTo(2);
        assertThat(m.get(0x140)).isEqualTo(1);
        assertThat(m.get(0x1ff)).isEqualTo(1);
        assertThat(m.get(0x200)).isEqualTo(AddressMap.NONE);
        assertThat(m.get(0x300)).isEqualTo(AddressMap.NONE);
    }

    @Test
    void addressesAreUnsigned() {
        AddressMap.Painter p = new AddressMap.Painter();
        p.paint(0x1000, 0x2000, 1);
        p.paint(0xffffffff81000000L, 0xffffffff81001000L, 2);
        AddressMap m = p.build();

        assertThat(m.get(0xffffffff81000800L)).isEqualTo(2);
        assertThat(m.get(0x1800)).isEqualTo(1);
        assertThat(m.get(0x7fffffffffffffffL)).isEqualTo(AddressMap.NONE);
    }
}
