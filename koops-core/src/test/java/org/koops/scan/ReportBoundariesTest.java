package org.koops.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.koops.Koops;
import org.koops.model.CrashReport;

/** Where reports end: after a few ordinary messages, unless the title still lacks its stack trace. */
class ReportBoundariesTest {
    private static List<CrashReport> reports(String log) {
        return Koops.create().analyze("test.log", log).reports();
    }

    @Test
    void aStackTraceAfterAnotherDriversMessagesStillBelongsToTheReport() {
        String log = """
                [  10.000001] WARNING: CPU: 0 PID: 7 at drivers/misc/foo.c:73 foo_ioctl+0x2db/0x380
                [  10.000002] CPU: 0 PID: 7 Comm: syz-executor2 Not tainted 4.15.0 #1
                [  10.000003] Call Trace:
                [  10.000004] bar: device busy
                [  10.000005] bar: retrying transaction 12
                [  10.000006] bar: transaction failed
                [  10.000007] netlink: 3 bytes leftover after parsing attributes
                [  10.000008]  dump_stack+0x194/0x257
                [  10.000009]  __warn+0x1dc/0x200
                [  10.000010] RIP: 0010:foo_ioctl+0x2db/0x380
                [  10.000011]  do_vfs_ioctl+0x1b1/0x1520
                [  10.000012]  SyS_ioctl+0x8f/0xc0
                [  10.000013] eth0: link up
                [  10.000014] eth0: link down
                [  10.000015] eth0: link up
                """;

        List<CrashReport> r = reports(log);

        assertThat(r).hasSize(1);
        assertThat(r.get(0).title()).isEqualTo("WARNING in foo_ioctl");
        assertThat(r.get(0).corrupted()).isFalse();
        assertThat(r.get(0).lines().get(r.get(0).lines().size() - 1).text()).isEqualTo(" SyS_ioctl+0x8f/0xc0");
    }

    @Test
    void messagesReadOnInVainAreNotKept() {
        String log = """
                [  10.000001] WARNING: CPU: 0 PID: 7 at drivers/misc/foo.c:73 foo_ioctl+0x2db/0x380
                [  10.000002] CPU: 0 PID: 7 Comm: syz-executor2 Not tainted 4.15.0 #1
                [  10.000003] Call Trace:
                [  10.000004] bar: device busy
                [  10.000005] bar: retrying transaction 12
                [  10.000006] bar: transaction failed
                [  10.000007]  indented, but no frame
                [  10.000008] eth0: link up
                [  10.000009] eth0: link down
                [  10.000010] eth0: link up
                """;

        List<CrashReport> r = reports(log);

        assertThat(r).hasSize(1);
        assertThat(r.get(0).title()).isEqualTo("WARNING in corrupted");
        assertThat(r.get(0).lines()).hasSize(3);
    }

    @Test
    void aReportWithItsStackEndsAtOrdinaryMessages() {
        String log = """
                [  10.000001] WARNING: CPU: 0 PID: 7 at drivers/misc/foo.c:73 foo_ioctl+0x2db/0x380
                [  10.000002] CPU: 0 PID: 7 Comm: syz-executor2 Not tainted 4.15.0 #1
                [  10.000003] RIP: 0010:foo_ioctl+0x2db/0x380
                [  10.000004] Call Trace:
                [  10.000005]  do_vfs_ioctl+0x1b1/0x1520
                [  10.000006]  SyS_ioctl+0x8f/0xc0
                [  10.000007] eth0: link up
                [  10.000008] eth0: link down
                [  10.000009] eth0: link up
                [  10.000010]  indented later
                """;

        List<CrashReport> r = reports(log);

        assertThat(r).hasSize(1);
        assertThat(r.get(0).title()).isEqualTo("WARNING in foo_ioctl");
        assertThat(r.get(0).lines()).hasSize(6);
    }

    @Test
    void withCallerIdsATitleLackingItsStackReadsOnIntoTheSameTasksNextReport() {
        String log = """
                [   20.100001][  T367] BUG: Dentry ffff888119d8a000{i=0,n=.index}  still in use (1) [unmount of ramfs ramfs]
                [   20.100002][  T367] ------------[ cut here ]------------
                [   20.100003][  T367] WARNING: CPU: 0 PID: 367 at fs/dcache.c:1616 umount_check+0x18d/0x1d0
                [   20.100004][  T367] Modules linked in:
                [   20.100005][  T367] CPU: 0 PID: 367 Comm: syz-executor.4 Not tainted 5.10.75 #0
                [   20.100006][  T367] RIP: 0010:umount_check+0x18d/0x1d0
                [   20.100007][  T367] Call Trace:
                [   20.100008][  T367]  d_walk+0x1e8/0x660
                [   20.100009][  T367]  shrink_dcache_for_umount+0x8b/0x1a0
                [   20.100010][  T367]  generic_shutdown_super+0x66/0x3a0
                """;

        List<CrashReport> r = reports(log);

        assertThat(r).extracting(CrashReport::title)
                .containsExactly("BUG: Dentry still in use in unmount", "WARNING in umount_check");
        assertThat(r.get(0).corrupted()).isFalse();
        assertThat(r.get(0).lines()).hasSize(2);
    }

    @Test
    void anotherTasksReportLendsNothing() {
        String log = """
                [   20.100001][  T367] BUG: Dentry ffff888119d8a000{i=0,n=.index}  still in use (1) [unmount of ramfs ramfs]
                [   20.100002][  T367] ------------[ cut here ]------------
                [   20.100003][  T368] WARNING: CPU: 0 PID: 368 at fs/dcache.c:1616 umount_check+0x18d/0x1d0
                [   20.100004][  T368] Modules linked in:
                [   20.100005][  T368] CPU: 0 PID: 368 Comm: syz-executor.4 Not tainted 5.10.75 #0
                [   20.100006][  T368] RIP: 0010:umount_check+0x18d/0x1d0
                [   20.100007][  T368] Call Trace:
                [   20.100008][  T368]  d_walk+0x1e8/0x660
                [   20.100009][  T368]  shrink_dcache_for_umount+0x8b/0x1a0
                """;

        List<CrashReport> r = reports(log);

        assertThat(r.get(0).title()).isEqualTo("BUG: Dentry still in use in unmount");
        assertThat(r.get(0).corrupted()).isTrue();
    }
}
