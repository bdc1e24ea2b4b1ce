package org.koops.debuginfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;

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

    @Test
    void disjointRangesMapAsPaintedWhateverTheirOrder() {
        AddressMap.Painter p = new AddressMap.Painter();
        p.paint(0x300, 0x380, 3);
        p.paint(0x100, 0x200, 1);
        p.paint(0x200, 0x280, 2); // touches the one before
        p.paint(0x280, 0x300, 2); // continues the same value
        AddressMap m = p.build();

        assertThat(m.get(0x1ff)).isEqualTo(1);
        assertThat(m.get(0x200)).isEqualTo(2);
        assertThat(m.get(0x2ff)).isEqualTo(2);
        assertThat(m.get(0x37f)).isEqualTo(3);
        assertThat(m.get(0x380)).isEqualTo(AddressMap.NONE);
        assertThat(m.segments()).isEqualTo(4);
    }

    @Test
    void agreesWithPaintingAddressByAddress() {
        Random random = new Random(42);
        for (int round = 0; round < 500; round++) {
            AddressMap.Painter p = new AddressMap.Painter();
            int[] painted = new int[256];
            Arrays.fill(painted, AddressMap.NONE);
            boolean overlapping = round % 2 == 0;
            int next = 0;
            for (int r = 0; r < 1 + random.nextInt(12); r++) {
                int start = overlapping ? random.nextInt(256) : next + random.nextInt(4);
                int end = Math.min(256, start + random.nextInt(overlapping ? 64 : 24));
                next = end;
                p.paint(start, end, r % 3);
                Arrays.fill(painted, Math.min(start, end), end, r % 3);
            }
            AddressMap m = p.build();
            for (int address = 0; address < 256; address++) {
                assertThat(m.get(address)).as("round %d, address %d", round, address).isEqualTo(painted[address]);
            }
        }
    }
}
