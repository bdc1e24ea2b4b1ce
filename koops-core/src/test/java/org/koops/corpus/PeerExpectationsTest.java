package org.koops.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.koops.Koops;
import org.koops.model.CrashReport;

class PeerExpectationsTest {
    @Test
    void satyrsFrameExpectationsAreRead() {
        assertThat(PeerExpectations.expected("satyr tests/koops_stacktrace.c test_koops_stacktrace_parse: first frame"
                + " function dump_stack, last frame function kthread, 17 frames, 6 taint flags, 104 modules"))
                .containsExactly(Map.entry("frames", "17"), Map.entry("first_frame", "dump_stack"),
                        Map.entry("last_frame", "kthread"), Map.entry("taint_flags", "6"), Map.entry("modules", "104"));
    }

    @Test
    void nullFramesStateAnAbsence() {
        Map<String, String> expected = new HashMap<>();
        expected.put("frames", "0");
        expected.put("first_frame", null);
        expected.put("last_frame", null);
        expected.put("taint_flags", "0");
        expected.put("modules", "0");
        assertThat(PeerExpectations.expected("first frame function NULL, last frame function NULL, 0 frames,"
                + " 0 taint flags, 0 modules; no frames are parsed from this file")).isEqualTo(expected);
    }

    @Test
    void abrtsCountsVersionsAndTaintsAreRead() {
        assertThat(PeerExpectations.expected("abrt tests/examples/x.right (abrt-dump-oops expected output): Found oopses: 2;"
                + " Version: 4.0.3-201.fc21.i686+PAE; Kernel is tainted 'GD'"))
                .containsExactly(Map.entry("reports", "2"), Map.entry("version", "4.0.3-201.fc21.i686+PAE"),
                        Map.entry("taint", "GD"));
        assertThat(PeerExpectations.expected("abrt tests/koops-parser.at abrt_koops_extract_version expects 2.6.32-19.el6.x86_64"))
                .containsExactly(Map.entry("version", "2.6.32-19.el6.x86_64"));
        assertThat(PeerExpectations.expected("tests/koops-parser.at koops_tainted_short taint 'GB'"))
                .containsExactly(Map.entry("taint", "GB"));
        assertThat(PeerExpectations.expected("Found oopses: 1; Version: (empty); extracted: the MCE lines"))
                .containsEntry("version", null);
        assertThat(PeerExpectations.expected("x.right: Found oopses: 1; oops1.right not tainted"))
                .containsEntry("taint", null);
    }

    @Test
    void sentencesStatingNothingComparableAreLeftOut() {
        assertThat(PeerExpectations.expected("koops_hash_improve: same duphash as oops4.right")).isEmpty();
        assertThat(PeerExpectations.expected(null)).isEmpty();
        assertThat(PeerExpectations.expected("satyr koops_stacktrace_get_reason: reason 'general protection fault in f'"))
                .containsExactly(Map.entry("reason", "general protection fault in f"));
    }

    @Test
    void abrtsKernelIsTaintedIsSaidOfTheLogAndTaintLettersDropRhelsDashes() {
        String log = """
                BUG: unable to handle kernel NULL pointer dereference at 00000008
                IP: [<f83f9f24>] demo_detect+0x54/0x140 [demo]
                Oops: 0000 [#1] SMP
                CPU: 0 PID: 222 Comm: demod Not tainted 4.0.3-1.demo.i686 #1
                EIP: 0060:[<f83f9f24>] EFLAGS: 00010246 CPU: 0
                EIP is at demo_detect+0x54/0x140 [demo]
                Call Trace:
                 [<f833bb78>] demo_probe+0x2d8/0x4b0 [demo]
                ---[ end trace c37768228d821e9f ]---
                ------------[ cut here ]------------
                WARNING: CPU: 1 PID: 263 at lib/list_debug.c:62 __list_del_entry+0xf4/0x100()
                CPU: 1 PID: 263 Comm: demo Tainted: G      D -------------- 4.0.3-1.demo.i686 #1
                Call Trace:
                 [<c0a878b6>] dump_stack+0x41/0x52
                 [<c0466c1b>] warn_slowpath_common+0x8b/0xc0
                 [<c0712794>] __list_del_entry+0xf4/0x100
                 [<c04e8a63>] demo_exit+0x33/0x100 [demo]
                ---[ end trace c37768228d821ea0 ]---
                """;
        List<CrashReport> reports = Koops.create().withoutDisassembler().analyze("two.log", log).reports();
        assertThat(reports).hasSize(2);
        assertThat(PeerExpectations.actual("taint", "Kernel is tainted 'GD'", reports.get(0), reports)).isEqualTo("GD");
        assertThat(PeerExpectations.actual("taint", "koops_tainted_short taint 'GD'", reports.get(0), reports)).isNull();
        assertThat(PeerExpectations.actual("taint", "koops_tainted_short taint 'GD'", reports.get(1), reports)).isEqualTo("GD");
    }
}
