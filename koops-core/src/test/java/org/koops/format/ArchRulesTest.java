package org.koops.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.koops.model.Arch;

class ArchRulesTest {
    static Stream<Arguments> reports() {
        return Stream.of(
                // Register dumps.
                Arguments.of("RIP: 0010:demo_show+0x15/0x40 [koops_demo]", Arch.X86_64),
                Arguments.of("EIP: 0060:[<c10a1234>] EFLAGS: 00010246 CPU: 0\nEIP is at demo+0x3/0x5", Arch.X86),
                Arguments.of("pc : demo_probe+0x1c/0x40 [foo]\nlr : platform_probe+0x6c/0xd0", Arch.ARM64),
                Arguments.of("pc : [<c0333330>]    lr : [<c0333200>]    psr: 80070113", Arch.ARM),
                Arguments.of("NIP:  c00000000022d79c LR: c00000000022d784 CTR: 0000000000000000", Arch.POWERPC),
                Arguments.of("Krnl PSW : 0704f00180000000 000003ff8086d03a (demo_init+0x3a/0x1000 [demo])", Arch.S390),
                Arguments.of("$ 0   : 00000000 00000001 00000000 00000000\nepc   : 80123456 demo+0x10/0x20", Arch.MIPS),
                Arguments.of("epc : demo+0x72/0xb2\n ra : demo+0x70/0xb2", Arch.RISCV64),
                Arguments.of("epc: ffffffe00022affe ra : ffffffe00022afea sp : ffffffe086d3fe30", Arch.RISCV64),
                Arguments.of("  ERA: 9000000000abcdef demo+0x24/0x80\n PRID: 0014c010 (Loongson-64bit, Loongson-3A5000)",
                        Arch.LOONGARCH),
                // No registers: entry code, vectors, the oops line, the hardware name, the release.
                Arguments.of(" [<c15ad3a9>] dump_stack+0x16/0x18\n [<c15b2531>] sysenter_do_call+0x12/0x28", Arch.X86),
                Arguments.of("  el0_svc+0x28/0x98\n  el0t_64_sync_handler+0xa8/0xb0", Arch.ARM64),
                Arguments.of("Internal error: Oops: 805 [#1] SMP ARM", Arch.ARM),
                Arguments.of("Internal error: Oops: 96000005 [#1] SMP", Arch.ARM64),
                Arguments.of(" dump_backtrace from show_stack+0x20/0x24\n show_stack from dump_stack_lvl+0x48/0x54", Arch.ARM),
                Arguments.of("[<c0014fcc>] (unwind_backtrace+0x0/0x120) from [<c00ca600>] (validate_chain+0x6f8/0x1054)",
                        Arch.ARM),
                Arguments.of("[c000000010f930b0] [c000000008068df8] .demo_check+0x278/0x390 (unreliable)", Arch.POWERPC),
                Arguments.of("CPU: 0 PID: 1 Comm: init Not tainted 3.10.0-54.0.1.el7.s390x #1", Arch.S390),
                Arguments.of("CPU: 1 PID: 431 Comm: logind Not tainted 3.17.8-300.fc21.armv7hl #1", Arch.ARM),
                Arguments.of("Pid: 598, comm: wpa Tainted: P C O 3.6.1-1.fc17.i686.PAE #1 HP Mini", Arch.X86),
                Arguments.of("CPU: 3 PID: 4840 Comm: uptime Not tainted 4.9.33-v7+ #35", Arch.ARM),
                Arguments.of("CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.1.0-18-amd64 #1 Debian 6.1.76-1", Arch.X86_64),
                Arguments.of("Hardware name: Marvell Armada 370/XP (Device Tree)", Arch.ARM),
                Arguments.of("Hardware name: Hardkernel ODROID-N1 (DT)\nCall trace:\n dump_backtrace+0x0/0x240", Arch.ARM64),
                Arguments.of("Hardware name: riscv-virtio,qemu (DT)\nstatus: 0000000000000120 badaddr: 000000000cc6b0d0 cause: "
                        + "000000000000000f", Arch.RISCV64),
                // The x86 family, told apart by the width of its addresses.
                Arguments.of(" <IRQ>\n [<c15ad3a9>] dump_stack+0x16/0x18", Arch.X86),
                Arguments.of(" <IRQ>\n [<ffffffff81656b45>] dump_stack+0x19/0x1b", Arch.X86_64),
                Arguments.of("Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.15.0-1 04/01/2014\n"
                        + "Read of size 8 at addr ffff88800853aa88 by task ip/14140", Arch.X86_64),
                Arguments.of("Modules linked in: wireguard curve25519_x86_64 libchacha20poly1305 chacha_x86_64", Arch.X86_64),
                Arguments.of("Modules linked in: kvm_intel kvm irqbypass iTCO_wdt\n [<c15ad3a9>] dump_stack+0x16/0x18",
                        Arch.X86),
                // Odd code offsets are x86's; with 8-digit addresses, 32-bit x86.
                Arguments.of("  [<c04978ab>] __lock_acquire+0x47b/0x1050\n  [<c0498504>] lock_acquire+0x84/0xf0", Arch.X86),
                Arguments.of("  [<ffffffffa00b7ecc>] sco_chan_del+0x4c/0x170 [bt]\n  [<ffffffffa00b8401>] sco_conn_del+0x61/0xe0",
                        Arch.X86_64),
                // Stronger evidence wins: a Thumb-2 arm kernel's odd return addresses do not make it x86.
                Arguments.of("[<c0159cd9>] (warn_slowpath_common+0x4d/0x64) from [<c0159d2b>] (warn_slowpath_null+0x1f/0x24)",
                        Arch.ARM),
                // Where the kernel's code lies, the largest process id and free stack a 32-bit kernel can have.
                Arguments.of("Hardware name: Dell Inc. PowerEdge R640/0W23H8, BIOS 2.1.8 04/30/2019\n"
                        + " [<ffffffffa0350120>] demo_work+0x20/0x40 [demo]", Arch.X86_64),
                Arguments.of("CPU: 8 UID: 1000 PID: 2039419 Comm: cp Tainted: P           OE      6.12.10 #1\n"
                        + "Hardware name: Dell Inc. XPS 13 9310/0MRT12, BIOS 3.2.0 01/01/2024\nCall Trace:\n <TASK>", Arch.X86_64),
                Arguments.of("CPU: 1 PID: 11931 Comm: z_wr_iss Tainted: P           O       6.12.53 #1\n"
                        + "Hardware name: Dell Inc. OptiPlex 3040/0MGK50, BIOS 1.4.13 02/07/2017\nCall Trace:\n <IRQ>", Arch.UNKNOWN),
                Arguments.of("watchdog: BUG: soft lockup - CPU#1 stuck for 45s! [rtcwake:72543]", Arch.UNKNOWN),
                Arguments.of("sof-audio-pci-intel-tgl 0000:00:1f.3: ipc tx: 0x60010000: GLB_PM_MSG: CTX_SAVE\n"
                        + "INFO: task kworker/u8:3:113 blocked for more than 122 seconds.\n"
                        + "task:kworker/u8:3     state:D stack:13032 pid:  113 ppid:     2 flags:0x00004000", Arch.X86_64),
                Arguments.of("sof-audio-pci-intel-tgl 0000:00:1f.3: ipc tx: 0x60010000: GLB_PM_MSG: CTX_SAVE\n"
                        + "task:kworker/u8:3     state:D stack:5400  pid:  113 ppid:     2 flags:0x00004000", Arch.UNKNOWN),
                Arguments.of(" dump_stack_lvl+0x5d/0x90\n ? __pfx_demo_callback+0x10/0x10 [demo]", Arch.X86_64),
                // An arm SoC or board named the arm64 way; a RISC-V board is named the same way.
                Arguments.of("Hardware name: HiKey960 (DT)\nWorkqueue: events_power_efficient phy_state_machine", Arch.ARM64),
                Arguments.of("Hardware name: Samsung Galaxy REV01 based on Exynos9611 (DT)", Arch.ARM64),
                Arguments.of("Hardware name: Allwinner D1 Nezha (DT)", Arch.UNKNOWN),
                // Lines only one width of x86 prints: its stack markers, control registers, page-table walk, older task line.
                Arguments.of("Call Trace:\n <TASK>\n demo_show+0x10/0x20\n </TASK>", Arch.X86_64),
                Arguments.of("CR2: 000000000000a954 CR3: 00000003c253c000 CR4: 00000000000006f0", Arch.X86_64),
                Arguments.of("CR0: 80050033 CR2: 00000010 CR3: 3a6c2000 CR4: 000006d0", Arch.X86),
                Arguments.of("BUG: unable to handle kernel paging request at ffff9d6c14e52038\nPGD 21632a067\nP4D 21632a067\n"
                        + "PUD 3fa0b6063\nPMD 3d4f24063", Arch.X86_64),
                Arguments.of("PGD 1b4f6067 P4D 1b4f6067 PUD 1b4f7067 PMD 0", Arch.X86_64),
                Arguments.of("demo_gp_kthread I14032    11      2 0x80004000\nCall Trace:\n kthread+0x107/0x120", Arch.X86_64),
                Arguments.of("demo_gp_kthread I 7032    11      2 0x80004000\nCall Trace:\n kthread+0x107/0x120", Arch.UNKNOWN),
                // MIPS's stack words, as wide as its longs; LoongArch prints the same dump, 64-bit only.
                Arguments.of("Stack : 00000003 00000001 00000000 8003ca80 00000000 00000000 00000000 00000000\nCall Trace:\n"
                        + "[<8066c218>] __schedule+0x2b8/0x7fc", Arch.MIPS),
                Arguments.of("Stack : 9000000100e47d28 0000000000000000 9000000100e47d30 9000000001234560", Arch.UNKNOWN),
                Arguments.of("Internal error: SP/PC alignment exception: 000000008a000000 [#1] SMP", Arch.ARM64),
                // The source file a WARNING names under arch/.
                Arguments.of("WARNING: CPU: 0 PID: 1 at arch/powerpc/net/demo_jit.c:961 demo_jit+0xe18/0x10a0", Arch.POWERPC),
                Arguments.of("WARNING: CPU: 0 PID: 1 at arch/x86/kernel/demo.c:12 demo_fn+0x10/0x20", Arch.UNKNOWN),
                // Modules only one architecture builds; the NEON ChaCha is built for both arms.
                Arguments.of("Modules linked in: demo sha256_arm64 aes_ce_blk ghash_ce cpufreq_dt", Arch.ARM64),
                Arguments.of("Modules linked in: demo chacha_neon libchacha", Arch.UNKNOWN),
                Arguments.of("Modules linked in: demo crc32c_vpmsum pseries_wdt", Arch.POWERPC),
                // Code where only arm64 runs its kernel.
                Arguments.of("hardirqs last  enabled at (4469): [<ffff80008352b80c>] demo_unlock+0x80/0x84", Arch.ARM64),
                Arguments.of("hardirqs last  enabled at (4469): [<ffff000008352b80>] demo_unlock+0x80/0x84", Arch.ARM64),
                // Arch Linux's release is x86; a process id above 32767 leaves only its 64-bit kernel.
                Arguments.of("CPU: 8 UID: 1000 PID: 2039419 Comm: cp Tainted: P           OE      6.12.10-arch1-1 #1", Arch.X86_64),
                Arguments.of("CPU: 0 PID: 1 Comm: init Not tainted 6.12.10-arch1-1 #1", Arch.UNKNOWN),
                // What does not tell: a machine check without the kernel's bitness, another architecture's dump.
                Arguments.of("CPU 0: Machine Check Exception: 0000000000000007", Arch.UNKNOWN),
                Arguments.of("   PC: c03c1694    SR: 00008a7f    SP: d89a3c90\nGPR00: 00000000 GPR01: d89a3c90 GPR02: d89a3cb4\n"
                        + "Call trace:\n[<8558de7f>] ktime_get+0x70/0x1bc", Arch.UNKNOWN),
                Arguments.of("Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)", Arch.UNKNOWN));
    }

    @ParameterizedTest
    @MethodSource("reports")
    void tellsTheArchitecture(String report, Arch expected) {
        assertThat(ArchRules.detect(Logs.lines(report))).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void readsTheLinesAroundWhereTheReportLeavesItOpen() {
        String banner = "Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0) #1 SMP";
        assertThat(ArchRules.detect(Logs.lines("BUG: scheduling while atomic: demo/1234/0x00000002"), Logs.lines(banner)))
                .isEqualTo(Arch.X86_64);
        // The report's own lines win: around lines that contradict them are set aside.
        assertThat(ArchRules.detect(Logs.lines("pc : [<c0333330>]    lr : [<c0333200>]    psr: 80070113"), Logs.lines(banner)))
                .isEqualTo(Arch.ARM);
        // The report's own lines decide first; lines around only narrow what they leave.
        assertThat(ArchRules.evidence(Logs.lines("Call Trace:\n <IRQ>"), Logs.lines(banner)))
                .extracting(ArchRules.Finding::reason)
                .containsExactly("x86's page-fault lines, stack section markers, Code: bytes or interrupt entry",
                        "an x86-64 distribution kernel");
    }

    @org.junit.jupiter.api.Test
    void readsTheRemarksAroundAPastedLogLastAndOnlyForOneArchitectureTheKernelAllows() {
        var x86 = Logs.lines("BUG: scheduling while atomic: rmmod/2133/0x00000002\nModules linked in: kvm_intel kvm crc32c_intel");
        assertThat(ArchRules.detect(x86, List.of(), Logs.lines("OS: Lab Linux 7 x86_64, kernel 4.4.4."))).isEqualTo(Arch.X86_64);
        assertThat(ArchRules.detect(x86, List.of(), Logs.lines("$ uname -a\nLinux lab 4.4.4 #1 SMP i686 GNU/Linux")))
                .isEqualTo(Arch.X86);
        assertThat(ArchRules.detect(x86, List.of(), Logs.lines("kernel 5.14.0-70.el9.AMD64 here"))).isEqualTo(Arch.X86_64);
        // Two architectures named, one the kernel's lines rule out, or a word inside a longer name: no answer.
        assertThat(ArchRules.detect(x86, List.of(), Logs.lines("works on x86_64, fails on i686"))).isEqualTo(Arch.UNKNOWN);
        assertThat(ArchRules.detect(x86, List.of(), Logs.lines("the same on my aarch64 board"))).isEqualTo(Arch.UNKNOWN);
        assertThat(ArchRules.detect(x86, List.of(), Logs.lines("/usr/lib/x86_64-linux-gnu/libc.so.6 and arm64_defconfig")))
                .isEqualTo(Arch.UNKNOWN);
        // The kernel's own lines decide before any remark.
        assertThat(ArchRules.detect(Logs.lines(" <IRQ>\n [<c15ad3a9>] dump_stack+0x16/0x18"), List.of(),
                Logs.lines("on my x86_64 laptop"))).isEqualTo(Arch.X86);
    }

    @org.junit.jupiter.api.Test
    void aRemarkAbovePastedLinesNamesTheArchitectureTheyLeaveOpen() {
        var reports = org.koops.Koops.create().analyze("pasted.log", """
                OS: Lab Linux 7 x86_64, kernel 4.4.4.
                When I unload the module this appears:

                [ 2687.435766] BUG: scheduling while atomic: rmmod/21331/0x00000002
                [ 2687.435771] Modules linked in: lab_trace(O-) kvm_intel kvm irqbypass crc32c_intel e1000e
                """).reports();
        assertThat(reports).singleElement().extracting(org.koops.model.CrashReport::arch).isEqualTo(Arch.X86_64);
    }

    @org.junit.jupiter.api.Test
    void namesTheLinesThatDecided() {
        assertThat(ArchRules.evidence(Logs.lines("Modules linked in: foo\n <IRQ>\n [<c15ad3a9>] dump_stack+0x16/0x18")))
                .extracting(ArchRules.Finding::line, ArchRules.Finding::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2L, "x86's page-fault lines, stack section markers, Code: bytes "
                                + "or interrupt entry"),
                        org.assertj.core.groups.Tuple.tuple(3L, "8-digit code addresses: a 32-bit kernel"));
    }
}
