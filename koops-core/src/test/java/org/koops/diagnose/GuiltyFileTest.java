package org.koops.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class GuiltyFileTest {
    @Test
    void theFirstFileNotOfTheMachineryEveryReportGoesThrough() {
        assertThat(GuiltyFile.find("KASAN: use-after-free Read in ip6_send_skb", List.of(
                "BUG: KASAN: use-after-free in ip6_send_skb+0x2f5/0x330 net/ipv6/ip6_output.c:1748",
                " __dump_stack lib/dump_stack.c:16 [inline]",
                " kasan_report+0x230/0x340 mm/kasan/report.c:408"))).isEqualTo("net/ipv6/ip6_output.c");
    }

    @Test
    void aDeeperFileInTheSameDirectoryFurtherDownIsMoreSpecific() {
        assertThat(GuiltyFile.find("WARNING in iput", List.of(
                " iput+0x3e6/0x760 fs/inode.c:1774",
                " ntfs_fill_super+0x3af3/0x42a0 fs/ntfs3/super.c:1190",
                " get_tree_bdev+0x400/0x620 fs/super.c:1323",
                " ksys_mount+0x10/0x20 net/socket.c:1"))).isEqualTo("fs/ntfs3/super.c");
    }

    @Test
    void lockdepHistoryAndHeldLocksNameNoCulprit() {
        assertThat(GuiltyFile.find("BUG: sleeping function called from invalid context in f", List.of(
                " #0: ffff88804093d380 (&sb->s_type->i_mutex_key#8/2){+.+.}-{4:4}, at: f+0x19a/0x520 fs/libfs.c:619",
                "hardirqs last  enabled at (13271): [<ffffffff8b53b4b3>] g+0x23/0x50 drivers/x/y.c:206",
                " kvm_xen_set_evtchn_fast+0x1be/0x990 arch/x86/kvm/xen.c:1827"))).isEqualTo("arch/x86/kvm/xen.c");
    }

    @Test
    void withEveryFileIgnoredTheFirstStillGetsTheReport() {
        assertThat(GuiltyFile.find("PANIC: double fault in fixup_bad_iret", List.of(
                "RIP: 0010:fixup_bad_iret+0x24/0x170 arch/x86/kernel/traps.c:665",
                " error_entry+0xb8/0xc0 arch/x86/entry/entry_64.S:1375"))).isEqualTo("arch/x86/kernel/traps.c");
        assertThat(GuiltyFile.find("BUG: unable to handle kernel NULL pointer dereference in f",
                List.of(" f+0x1/0x2", " g+0x3/0x4"))).isNull();
    }

    @Test
    void aStallIsSearchedFromTheInterruptEntry() {
        assertThat(GuiltyFile.find("INFO: rcu detected stall in sys_read", List.of(
                " tick_sched_timer+0xf2/0x120 kernel/time/tick-sched.c:1480",
                " apic_timer_interrupt+0xf/0x20 arch/x86/entry/entry_64.S:793",
                " spin_loop+0x10/0x20 drivers/misc/spinner.c:12"))).isEqualTo("drivers/misc/spinner.c");
    }
}
