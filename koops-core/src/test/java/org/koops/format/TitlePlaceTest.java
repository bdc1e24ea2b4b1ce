package org.koops.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Where the function a title names was printed ({@link Titler.Titles#place()}), and the title a person reads. */
class TitlePlaceTest {

    @Test
    void aFrameTitleKeepsWhereItsFrameWasPrinted() {
        Titler.Titles t = Logs.title("""
                general protection fault, probably for non-canonical address 0xdead000000000122: 0000 [#1] SMP NOPTI
                RIP: 0010:rb_erase+0x1d0/0x3a0
                Call Trace:
                 <TASK>
                 timerqueue_del+0x2e/0x60
                 lab_timer_cancel.isra.0+0x21/0x40 [lab_timer]
                """);
        assertThat(t.title()).isEqualTo("general protection fault in timerqueue_del");
        assertThat(t.place()).isEqualTo(new Titler.Place("timerqueue_del", "timerqueue_del", 0x2eL, 0x60L, null));
    }

    @Test
    void aCloneSuffixAndAModuleArePartOfThePlace() {
        Titler.Titles t = Logs.title("""
                BUG: unable to handle page fault for address: 0000000000000010
                RIP: 0010:lab_show.constprop.0+0x15/0x40 [lab_proc]
                Call Trace:
                 seq_read+0x1/0x2
                """);
        assertThat(t.title()).isEqualTo("BUG: unable to handle kernel paging request in lab_show");
        assertThat(t.place()).isEqualTo(new Titler.Place("lab_show.constprop.0", "lab_show", 0x15L, 0x40L, "lab_proc"));
    }

    @Test
    void aGroupThatCapturedAFunctionIsThePlace() {
        Titler.Titles t = Logs.title("""
                WARNING: possible recursive locking detected
                6.1.0 #1 Not tainted
                --------------------------------------------
                lab/12 is trying to acquire lock:
                ffff888003c1e0b8 (&dev->lock){+.+.}-{3:3}, at: lab_poll+0x18/0xdc [lab_lock]

                but task is already holding lock:
                """);
        assertThat(t.title()).isEqualTo("possible deadlock in lab_poll");
        assertThat(t.place()).isEqualTo(new Titler.Place("lab_poll", "lab_poll", 0x18L, 0xdcL, "lab_lock"));
    }

    @Test
    void aGroupThatIsNoFunctionIsNoPlace() {
        Titler.Titles t = Logs.title("""
                BUG: Dentry ffff88811d8a000{i=0,n=.index}  still in use (1) [unmount of ramfs ramfs]
                """);
        assertThat(t.title()).isEqualTo("BUG: Dentry still in use in unmount");
        assertThat(t.place()).isNull();
    }

    @Test
    void theTitleOfAGroupedFunctionNamesTheGroupAndThePlaceThePrintedOne() {
        Titler.Titles t = Logs.title("""
                INFO: task lab:12 blocked for more than 143 seconds.
                Call Trace:
                 __schedule+0x1/0x2
                 schedule+0x1/0x2
                 synchronize_rcu_expedited+0x1f/0x90
                 lab_release+0x1/0x2
                """);
        assertThat(t.title()).isEqualTo("INFO: task hung in synchronize_rcu");
        assertThat(t.place().function()).isEqualTo("synchronize_rcu_expedited");
        assertThat(t.place().name()).isEqualTo("synchronize_rcu");
    }

    @Test
    void theDisplayTitleKeepsTheReportsOwnNumbers() {
        Titler.Titles t = Logs.title("""
                Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)
                """);
        assertThat(t.title()).isEqualTo("kernel panic: VFS: Unable to mount root fs on unknown-block(NUM,NUM)");
        assertThat(Titler.displayTitle(t, null)).isEqualTo("kernel panic: VFS: Unable to mount root fs on unknown-block(0,0)");
    }

    @Test
    void noPlaceholderOfTheNormalisationIsDisplayed() {
        for (String header : List.of(
                "WARNING: CPU: 3 PID: 1234 at mm/slub.c:3567 kfree (mm/slub.c:3567 mm/slub.c:4558)",
                "INFO: Freed in lab_free_rcu age=4201 cpu=1 pid=7",
                "BUG: KASAN: slab-out-of-bounds in lab_read at addr ffff88003d1f0a00")) {
            Titler.Titles t = Logs.title(header + "\n");
            assertThat(Titler.displayTitle(t, null)).as(header)
                    .doesNotContainPattern("\\b(?:NUM|ADDR|LINE)\\b").doesNotContain("file.c:LINE");
        }
    }

    @Test
    void aTitleInCorruptedIsDisplayedWithThePlaceAndWhatIsMissing() {
        Titler.Titles t = Logs.title("""
                WARNING: CPU: 4 PID: 0 at lib/list_debug.c:62 lab_target+0x68f/0xfd0 [lab_nf]
                Modules linked in: lab_nf(OE)
                Call Trace:
                 <IRQ>
                """);
        assertThat(t.title()).isEqualTo("WARNING in corrupted");
        assertThat(Titler.displayTitle(t, "lab_target [lab_nf]"))
                .isEqualTo("WARNING in lab_target [lab_nf] (" + t.reason() + ")");
        assertThat(Titler.displayTitle(t, null)).isEqualTo("WARNING (place unknown: " + t.reason() + ")");
    }
}
