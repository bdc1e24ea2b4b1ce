package org.koops.explain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.koops.model.Arch;

/** The task line's older forms and the lines naming only the kernel are explained as the current form is. */
class TaskLineExplanationTest {

    @Test
    void oldPidLineNamesTaskTaintReleaseAndMachine() {
        Annotations a = Annotations.parsed("""
                Pid: 4711, comm: demo-worker Tainted: P           O 3.6.1-1.fc17.x86_64 #1 LENOVO 2356BG6/2356BG6
                Pid: 2210, comm: Xorg Not tainted (2.6.27.5-117.fc10.i686 #1)
                """, Arch.X86_64);
        assertThat(a.meaning("Pid: 4711")).contains("PID 4711, command \"demo-worker\"").doesNotContain("On CPU")
                .contains("P (bit 0").contains("O (bit 12").contains("Kernel release 3.6.1-1.fc17.x86_64, build #1")
                .contains("The machine as its firmware describes it");
        assertThat(a.meaning("Pid: 2210")).contains("command \"Xorg\"").contains("Not tainted")
                .contains("Kernel release 2.6.27.5-117.fc10.i686");
    }

    @Test
    void lockdepsKernelLineAndRhelDashes() {
        Annotations a = Annotations.parsed("""
                3.5.0-rc2-demo+ #14 Tainted: G        W
                CPU: 2 PID: 901 Comm: insmod Tainted: GF          O--------------   3.10.0-123.el7.s390x #1
                """, Arch.X86_64);
        assertThat(a.meaning("3.5.0-rc2")).contains("W (bit 9").contains("Kernel release 3.5.0-rc2-demo+, build #14");
        assertThat(a.meaning("CPU: 2")).contains("command \"insmod\"").contains("F (bit 1").contains("O (bit 12")
                .contains("Kernel release 3.10.0-123.el7.s390x");
    }
}
