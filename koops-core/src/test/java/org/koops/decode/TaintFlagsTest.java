package org.koops.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.koops.model.Taint;

class TaintFlagsTest {

    @Test
    void decodesCollapsedField() {
        assertThat(TaintFlags.decode("P OE")).extracting(Taint::letter).containsExactly('P', 'O', 'E');
        assertThat(TaintFlags.decode("P OE").get(0).meaning()).contains("proprietary");
        assertThat(TaintFlags.decode("P OE").get(1).meaning()).contains("out-of-tree");
        assertThat(TaintFlags.decode("P OE").get(2).meaning()).contains("unsigned");
    }

    @Test
    void decodesPositionalFieldAndStopsAtTheRelease() {
        assertThat(TaintFlags.decode("G        W  OE      6.8.0-45-generic #45-Ubuntu"))
                .extracting(Taint::letter).containsExactly('G', 'W', 'O', 'E');
        assertThat(TaintFlags.decode("Tainted: G    B              6.1.0"))
                .extracting(Taint::letter).containsExactly('G', 'B');
    }

    @Test
    void rhelDashColumnsAreBlanks() {
        assertThat(TaintFlags.decode("GF          O--------------   3.10.0-54.0.1.el7.s390x #1"))
                .extracting(Taint::letter).containsExactly('G', 'F', 'O');
        assertThat(TaintFlags.decode("G    B   W  OE    --------- ---  5.14.0-70.22.1.el9_0.x86_64+debug #1"))
                .extracting(Taint::letter).containsExactly('G', 'B', 'W', 'O', 'E');
    }

    @Test
    void gIsThePseudoFlagOfBitZeroClear() {
        Taint g = TaintFlags.byLetter('G').orElseThrow();
        assertThat(g.bit()).isEqualTo(TaintFlags.NO_BIT);
        assertThat(g.meaning()).contains("GPL");
    }

    @Test
    void decodesVerboseForm() {
        assertThat(TaintFlags.decode("Tainted: [W]=WARN, [O]=OOT_MODULE, [E]=UNSIGNED_MODULE"))
                .extracting(Taint::name).containsExactly("TAINT_WARN", "TAINT_OOT_MODULE", "TAINT_UNSIGNED_MODULE");
    }

    @Test
    void notTaintedIsEmpty() {
        assertThat(TaintFlags.decode("Not tainted")).isEmpty();
    }

    @Test
    void tableHasEveryBitThroughFwctl() {
        assertThat(TaintFlags.all()).hasSize(20);
        assertThat(TaintFlags.byBit(17).orElseThrow().letter()).isEqualTo('T');
        assertThat(TaintFlags.byBit(18).orElseThrow().letter()).isEqualTo('N');
        assertThat(TaintFlags.byLetter('J').orElseThrow().bit()).isEqualTo(19);
        assertThat(TaintFlags.byLetter('Z')).isEmpty();
    }

    @Test
    void decodesModuleMarkersAndLoadState() {
        assertThat(TaintFlags.decodeModule("POE")).extracting(Taint::letter).containsExactly('P', 'O', 'E');
        assertThat(TaintFlags.decodeModule("OE-")).extracting(Taint::letter).containsExactly('O', 'E');
        assertThat(TaintFlags.decodeModule("OEO")).extracting(Taint::letter).containsExactly('O', 'E');
        assertThat(TaintFlags.moduleState("OE-").orElseThrow().meaning()).contains("unloaded");
        assertThat(TaintFlags.moduleState("+").orElseThrow().meaning()).contains("loaded");
        assertThat(TaintFlags.moduleState("OE")).isEmpty();
    }

    @Test
    void decodesProcMask() {
        // 4609 = P + W + O, the example of tainted-kernels.rst
        assertThat(TaintFlags.decodeMask(4609)).extracting(Taint::letter).containsExactly('P', 'W', 'O');
    }
}
