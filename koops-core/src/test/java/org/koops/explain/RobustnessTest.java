package org.koops.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.koops.log.PrefixParser;
import org.koops.model.AnnotatedLine;
import org.koops.model.Arch;
import org.koops.model.LogLine;
import org.koops.model.ReportDetails;
import org.koops.parse.ReportParser;

/** Damaged and unknown lines: no exception, no invented meaning. */
class RobustnessTest {

    @Test
    void damagedLinesNeverThrow() {
        String damaged = """
                Oops: 0000 [#99999999999999999999] SMP
                #PF: error_code(0x11111111111111111111) - not-present page
                ESR = 0x11111111111111111111
                RIP: 0010:
                Code: <zz> 0f
                RAX: ffffffffffffffffff RBX: 12
                CR2: 00000000000000000000000000
                pstate: ffffffff (NZCV DAIF)
                note: x[99999999999999999999] exited with preempt_count 99999999999999999999
                Kernel panic - not syncing: Requested init /sbin/init failed (error -99999999999999999).
                index 99999999999999999999 is out of range for type 'int [99999999999999999999]'
                bash invoked oom-killer: gfp_mask=0x0, order=99999999999999999999, oom_score_adj=0
                 ? +0x10/0x20
                x0 :
                EC = 0xzz: ???, IL = 12 bits
                """;
        List<LogLine> lines = new ArrayList<>();
        String[] raw = damaged.split("\n");
        for (int i = 0; i < raw.length; i++) {
            lines.add(PrefixParser.parse(i + 1, 0, 0, raw[i]));
        }
        // The details come from a sound header: these lines test the explainer, not the parser.
        ReportDetails details = ReportParser.parse(List.of(PrefixParser.parse(1, 0, 0,
                "BUG: kernel NULL pointer dereference, address: 0000000000000008")), null, List.of());
        for (Arch arch : List.of(Arch.X86_64, Arch.ARM64, Arch.UNKNOWN)) {
            assertThatCode(() -> LineExplainer.explain(lines, details, arch, null)).doesNotThrowAnyException();
        }
    }

    @Test
    void unknownLinesGetNoMeaning() {
        Annotations a = Annotations.parsed("""
                BUG: kernel NULL pointer dereference, address: 0000000000000008
                my_driver: probing device 3 of 4
                ==================================================================
                """, Arch.X86_64);
        assertThat(a.line("my_driver").meanings()).isEmpty();
        assertThat(a.line("=====").meanings()).isEmpty();
        assertThat(a.all()).extracting(AnnotatedLine::meanings).first().asList().isNotEmpty();
    }
}
