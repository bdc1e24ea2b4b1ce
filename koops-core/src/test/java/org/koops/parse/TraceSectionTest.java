package org.koops.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.koops.Koops;
import org.koops.model.CrashReport;
import org.koops.model.Frame;

/** The {@code <IRQ>}, {@code <EOI>} ... markers of a call trace, alone on their line or with a frame after them. */
class TraceSectionTest {
    @Test
    void aFramePrintedOnTheLineOfItsSectionMarkerIsRead() {
        String log = """
                WARNING: at net/demo/demo_input.c:2776 demo_rx+0xc7a/0xd10()
                Modules linked in: demo
                Pid: 1797, comm: demo Not tainted 3.10.11-100.fc18.x86_64 #1
                Call Trace:
                 <IRQ>  [<ffffffff81656735>] dump_stack+0x19/0x1b
                 [<ffffffff8105d670>] warn_slowpath_common+0x70/0xa0
                 [<ffffffffa0000d19>] demo_rx+0xc7a/0xd10 [demo]
                 <EOI>  [<ffffffff8105e1a0>] do_softirq+0x30/0x40
                 [<ffffffff8105e2b0>] irq_exit+0x90/0xa0
                """;
        CrashReport r = Koops.create().withoutDisassembler().analyze("irq.log", log).reports().get(0);

        List<Frame> frames = r.details().frames();
        assertThat(frames).extracting(Frame::function)
                .containsExactly("dump_stack", "warn_slowpath_common", "demo_rx", "do_softirq", "irq_exit");
        assertThat(frames.get(0).context()).isEqualTo("IRQ");
        assertThat(frames.get(3).context()).isNull();
    }
}
