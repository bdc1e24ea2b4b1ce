package org.koops.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.koops.Koops;
import org.koops.model.Cause;

/** The cause a sanitizer's first line names; the same on every run, whatever the words it holds. */
class SanitizerCauseTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "BUG: KASAN: double-free or invalid-free in lab_release+0x2c/0x40 [lab]   | INVALID_FREE",
            "BUG: KASAN: invalid-free in lab_release+0x2c/0x40 [lab]                  | INVALID_FREE",
            "BUG: KASAN: slab-use-after-free in lab_read+0x44/0x80 [lab]              | USE_AFTER_FREE",
            "BUG: KASAN: global-out-of-bounds in lab_read+0x44/0x80 [lab]             | OUT_OF_BOUNDS",
            "BUG: KASAN: wild-memory-access in lab_read+0x44/0x80 [lab]               | WILD_POINTER",
            "BUG: KASAN: invalid-access in lab_read+0x44/0x80 [lab]                   | WILD_POINTER"})
    void namesTheCause(String header, Cause cause) {
        var report = Koops.create().analyze("kasan.log", """
                [   44.201100] ==================================================================
                [   44.201200] %s
                [   44.201400] CPU: 1 PID: 733 Comm: lab Tainted: G           O       6.7.0 #2
                [   44.201500] Call Trace:
                [   44.201600]  <TASK>
                [   44.201700]  dump_stack_lvl+0x4a/0x80
                [   44.201800]  kasan_report+0xc0/0x100
                [   44.201900]  lab_read+0x44/0x80 [lab]
                [   44.202100]  </TASK>
                """.formatted(header.strip())).reports().get(0);
        assertThat(report.diagnosis().cause()).isEqualTo(cause);
    }
}
