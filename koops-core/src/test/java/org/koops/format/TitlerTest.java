package org.koops.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.koops.model.LinePrefix;
import org.koops.model.LogLine;

class TitlerTest {

    @Test
    void theEarliestRowWinsAndTheFirstOnATie() {
        Titler.Titles t = Logs.title("""
                BUG: KASAN: double-free or invalid-free in kfree+0x1/0x2
                Call Trace:
                 dump_stack+0x1/0x2
                 kfree+0x1/0x2
                 demo_release+0x1/0x2
                """);
        assertThat(t.title()).isEqualTo("KASAN: invalid-free in demo_release");
        assertThat(t.alts()).containsExactly("invalid-free in demo_release");
        assertThat(t.type()).isEqualTo("KASAN-INVALID-FREE");
    }

    @Test
    void theWrapperPrefixIsDroppedAndThePrintedNameKeptAsAnAlternative() {
        Titler.Titles t = Logs.title("""
                BUG: scheduling while atomic: a.out/1/0x00000002
                Call Trace:
                 dump_stack+0x1/0x2
                 __schedule_bug+0x1/0x2
                 __schedule+0x1/0x2
                 schedule+0x1/0x2
                 SyS_pause+0x1/0x2
                """);
        assertThat(t.title()).isEqualTo("BUG: scheduling while atomic in pause");
        assertThat(t.alts()).containsExactly("BUG: scheduling while atomic in SyS_pause");
    }

    @Test
    void noUsableFrameMakesTheReportCorrupted() {
        Titler.Titles t = Logs.title("""
                general protection fault: 0000 [#1] SMP KASAN
                Modules linked in:
                """);
        assertThat(t.title()).isEqualTo("general protection fault in corrupted");
        assertThat(t.corrupted()).isTrue();
        assertThat(t.place()).as("a corrupted title names no place").isNull();
    }

    @Test
    void aStalledPathIsNamedAboveWhereItWasEntered() {
        Titler.Titles t = Logs.title("""
                watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [a.out:1]
                RIP: 0010:_raw_spin_lock+0x1/0x2
                Call Trace:
                 demo_loop+0x1/0x2
                 demo_write+0x1/0x2
                 vfs_write+0x1/0x2
                 ksys_write+0x1/0x2
                """);
        assertThat(t.title()).isEqualTo("BUG: soft lockup in demo_write");
    }

    @Test
    void aModuleFrameNamesAStallFirst() {
        Titler.Titles t = Logs.title("""
                watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [a.out:1]
                RIP: 0010:demo_loop+0x1/0x2 [demo]
                Call Trace:
                 demo_loop+0x1/0x2 [demo]
                 demo_write+0x1/0x2 [demo]
                 vfs_write+0x1/0x2
                """);
        assertThat(t.title()).isEqualTo("BUG: soft lockup in demo_loop");
    }

    @Test
    void aReportNoRowMatchesIsTitledByItsHeaderLine() {
        Titler.Titles t = Logs.title("[   12.345678] foo: WARNING: something odd at 0xffffffff81234567\n");
        assertThat(t.title()).isEqualTo("WARNING: something odd at ADDR");
        assertThat(t.format()).isNull();
        assertThat(t.corrupted()).isFalse();
    }

    /** Patterns must not backtrack without bound: a hostile line or report takes seconds at worst, not hours. */
    @Test
    void aTenMegabyteLineDoesNotHang() {
        String line = "BUG: KASAN: " + "a".repeat(10 << 20);
        List<LogLine> report = Logs.lines(line + "\nRIP: " + "b_".repeat(5 << 20) + "\n at: " + "c.".repeat(5 << 20));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            assertThat(ReportFormats.header(line)).isNotNull();
            assertThat(Titler.title(ReportFormats.header(line), report).title()).startsWith("KASAN: ");
        });
    }

    @Test
    void aMillionBugLinesDoNotHang() {
        List<LogLine> report = new ArrayList<>();
        for (int i = 0; i < 1_000_000; i++) {
            report.add(new LogLine(i + 1, 0, 0, LinePrefix.NONE, "BUG: still has locks held! " + i));
        }
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThat(
                Titler.title(ReportFormats.header(report.get(0).text()), report).title())
                .isEqualTo("BUG: still has locks held! NUM"));
    }
}
