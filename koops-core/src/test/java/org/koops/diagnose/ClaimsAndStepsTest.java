package org.koops.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.koops.Koops;
import org.koops.ProjectLogs;
import org.koops.model.Claim;
import org.koops.model.CrashReport;
import org.koops.model.NextStep;

/** Claims that follow the report's own evidence, and next steps that fit the report, on short logs of our own. */
class ClaimsAndStepsTest {
    private static CrashReport first(String log) {
        return Koops.create().withoutDisassembler().analyze("test", log).reports().get(0);
    }

    private static String consequences(CrashReport r) {
        return r.diagnosis().consequences().stream().map(Claim::statement).collect(Collectors.joining("\n"));
    }

    private static String steps(CrashReport r) {
        return r.diagnosis().nextSteps().stream().map(s -> s.action() + (s.command() == null ? "" : " $ " + s.command()))
                .collect(Collectors.joining("\n"));
    }

    private static String oops(String task, String flags, String tail) {
        return """
                [  100.000001] BUG: kernel NULL pointer dereference, address: 0000000000000008
                [  100.000002] #PF: supervisor read access in kernel mode
                [  100.000003] #PF: error_code(0x0000) - not-present page
                [  100.000004] PGD 0 P4D 0
                [  100.000005] Oops: 0000 [#1] PREEMPT SMP NOPTI
                [  100.000006] CPU: 1 PID: %s Tainted: G           O      6.1.0-18-amd64 #1  Debian 6.1.76-1
                [  100.000007] RIP: 0010:tick_fn+0x13/0x24 [ticker]
                [  100.000008] RSP: 0018:ffffb0a5c0003e98 EFLAGS: %s
                [  100.000009] RAX: 0000000000000000 RBX: ffff9c0e4a3b1e00 RCX: 0000000000000001
                [  100.000010] CR2: 0000000000000008 CR3: 000000010a2e6000 CR4: 00000000000006e0
                [  100.000011] Call Trace:
                [  100.000012]  <TASK>
                [  100.000013]  run_ticker+0x20/0x40 [ticker]
                [  100.000014]  kthread+0xe8/0x110
                [  100.000015]  ret_from_fork+0x22/0x30
                [  100.000016]  </TASK>
                [  100.000017] Modules linked in: ticker(O)
                [  100.000018] CR2: 0000000000000008
                [  100.000019] ---[ end trace 0000000000000000 ]---
                %s
                """.formatted(task, flags, tail);
    }

    @Test
    void theIdleTaskAndInitCannotBeKilled() {
        assertThat(consequences(first(oops("0 Comm: swapper/1", "00010246", ""))))
                .contains("Attempted to kill the idle task!").doesNotContain("went on running");
        assertThat(consequences(first(oops("1 Comm: systemd", "00010246", ""))))
                .contains("Attempted to kill init!").doesNotContain("went on running");
        assertThat(consequences(first(oops("812 Comm: tickd", "00010246", "")))).contains("went on running");
    }

    @Test
    void irqsDisabledAfterAPageFaultTakenWithThemOnIsTheOopssDoing() {
        String on = consequences(first(oops("812 Comm: tickd", "00010246",
                "[  100.000020] note: tickd[812] exited with irqs disabled")));
        assertThat(on).contains("enabled at the fault").contains("says nothing about a held lock");
        String off = consequences(first(oops("812 Comm: tickd", "00010046",
                "[  100.000020] note: tickd[812] exited with irqs disabled")));
        assertThat(off).contains("as they were at the fault already").contains("stays held");
        String preempt = consequences(first(oops("812 Comm: tickd", "00010246",
                "[  100.000020] note: tickd[812] exited with preempt_count 1")));
        assertThat(preempt).contains("preempt_count 1").contains("a lock it held stays held");
    }

    @Test
    void aGeneralProtectionFaultHasNoPageFaultReason() {
        CrashReport r = first("""
                [   12.000001] general protection fault, probably for non-canonical address 0xdead000000000108: 0000 [#1] SMP
                [   12.000002] CPU: 0 PID: 77 Comm: sh Not tainted 6.6.0 #1
                [   12.000003] RIP: 0010:list_walk+0x9/0x30
                [   12.000004] RSP: 0018:ffffb0a5c0003e98 EFLAGS: 00010246
                [   12.000005] RAX: dead000000000100 RBX: ffff9c0e4a3b1e00 RCX: 0000000000000001
                [   12.000006] CR2: 00007f2b1d8c2740 CR3: 000000010a2e6000 CR4: 00000000000006e0
                [   12.000007] Call Trace:
                [   12.000008]  <TASK>
                [   12.000009]  do_walk+0x20/0x40
                [   12.000010]  </TASK>
                [   12.000011] ---[ end trace 0000000000000000 ]---
                """);
        assertThat(r.diagnosis().summary()).doesNotContain("not-present").doesNotContain("page");
        assertThat(r.details().fault().reason()).isNull();
        assertThat(r.diagnosis().evidence()).extracting(Claim::statement)
                .anyMatch(s -> s.contains("RAX = 0xdead000000000100 plus 0x8"));
    }

    /** The same register-to-address reasoning on MIPS: BadVA equal to a0, or a0 plus a field offset. */
    @Test
    void mipsBadVaIsReadAgainstTheRegisters() {
        String mips = """
                [  811.302115] CPU 0 Unable to handle kernel paging request at virtual address %s, epc == c0a2c05c, ra == 801ea9a8
                [  811.312487] Oops[#1]:
                [  811.314897] CPU: 0 PID: 1088 Comm: cat Tainted: G           O      5.10.176 #0
                [  811.322329] $ 0   : 00000000 00000001 00000000 c0a2e000
                [  811.327709] $ 4   : 81f4be80 00000000 00000400 81d31f10
                [  811.333091] $ 8   : 00000000 00000000 00000000 00000000
                [  811.371364] epc   : c0a2c05c demo_show+0x1c/0x40 [demo]
                [  811.376828] ra    : 801ea9a8 seq_read_iter+0x1a0/0x4b0
                [  811.390560] BadVA : %s
                [  811.397593] Modules linked in: demo(O)
                [  811.432341] Call Trace:
                [  811.432351] [<c0a2c05c>] demo_show+0x1c/0x40 [demo]
                [  811.439930] [<801ea9a8>] seq_read_iter+0x1a0/0x4b0
                [  811.477757] ---[ end trace b6fd8a8d1d7d1d7d ]---
                """;
        CrashReport same = first(mips.formatted("81f4be80", "81f4be80"));
        assertThat(same.diagnosis().evidence()).extracting(Claim::statement)
                .anyMatch(s -> s.startsWith("a0 holds 0x81f4be80, the faulting address"));
        CrashReport field = first(mips.formatted("81f4be98", "81f4be98"));
        assertThat(field.diagnosis().evidence()).extracting(Claim::statement)
                .anyMatch(s -> s.contains("a0 = 0x81f4be80 plus 0x18"));
    }

    @Test
    void aWarningsCr2IsAnEarlierPageFault() {
        CrashReport r = first("""
                [    5.000001] WARNING: CPU: 0 PID: 83 at drivers/foo/bar.c:28 bar_check+0xba/0x110
                [    5.000002] CPU: 0 PID: 83 Comm: insmod Not tainted 6.1.0-18-amd64 #1  Debian 6.1.76-1
                [    5.000003] RIP: 0010:bar_check+0xba/0x110
                [    5.000004] CR2: 0000000000500ebe CR3: 00000000025f8000 CR4: 0000000000751ef0
                [    5.000005] Call Trace:
                [    5.000006]  <TASK>
                [    5.000007]  bar_init+0xf/0xfbe
                [    5.000008]  </TASK>
                [    5.000009] ---[ end trace 0000000000000000 ]---
                """);
        assertThat(r.annotated()).filteredOn(l -> l.line().text().startsWith("CR2:")).first()
                .satisfies(l -> assertThat(String.join("\n", l.meanings())).contains("not a page fault, so it is unrelated")
                        .doesNotContain("caused the page fault"));
        assertThat(r.annotated()).filteredOn(l -> l.line().text().startsWith("RIP:")).first()
                .satisfies(l -> assertThat(String.join("\n", l.meanings())).contains("BUG() or WARN() site"));
    }

    @Test
    void stepsUseTheReleaseAndTheDistributionsDebugPackage() {
        String debian = steps(first(oops("812 Comm: tickd", "00010246", "")));
        assertThat(debian).contains("/usr/lib/debug/boot/vmlinux-6.1.0-18-amd64").doesNotContain("uname");
        String fedora = steps(first(oops("812 Comm: tickd", "00010246", "").replace("6.1.0-18-amd64 #1  Debian 6.1.76-1",
                "6.7.5-200.fc39.x86_64 #1")));
        assertThat(fedora).contains("/usr/lib/debug/lib/modules/6.7.5-200.fc39.x86_64/vmlinux");
        CrashReport own = first(oops("812 Comm: tickd", "00010246", "").replace("6.1.0-18-amd64 #1  Debian 6.1.76-1",
                "6.9.0-rc3+ #7"));
        String self = steps(own);
        assertThat(self).doesNotContain("-dbg").doesNotContain("uname").doesNotContain("/usr/lib/debug");
        assertThat(own.diagnosis().nextSteps()).extracting(NextStep::command).anyMatch(c -> c != null
                && c.startsWith("scripts/decode_stacktrace.sh vmlinux "));
    }

    @Test
    void noDecodingOfATraceAlreadyDecoded() {
        CrashReport r = first("""
                [   10.000001] BUG: kernel NULL pointer dereference, address: 0000000000000008
                [   10.000002] #PF: supervisor read access in kernel mode
                [   10.000003] #PF: error_code(0x0000) - not-present page
                [   10.000004] Oops: 0000 [#1] PREEMPT SMP
                [   10.000005] CPU: 1 PID: 812 Comm: tickd Not tainted 6.8.0 #1
                [   10.000006] RIP: 0010:demo_fn+0x13/0x24 drivers/demo/demo.c:24
                [   10.000007] Call Trace:
                [   10.000008]  <TASK>
                [   10.000009]  demo_fn+0x13/0x24 drivers/demo/demo.c:24
                [   10.000010]  demo_run+0x20/0x40 drivers/demo/demo.c:40
                [   10.000011]  kthread+0xe8/0x110 kernel/kthread.c:388
                [   10.000012]  </TASK>
                [   10.000013] ---[ end trace 0000000000000000 ]---
                """);
        assertThat(r.details().frames()).extracting(org.koops.model.Frame::source)
                .containsExactly("drivers/demo/demo.c:24", "drivers/demo/demo.c:40", "kernel/kthread.c:388");
        assertThat(steps(r)).doesNotContain("decode_stacktrace.sh").doesNotContain("faddr2line")
                .contains("drivers/demo/demo.c:24");
    }

    @Test
    void noDebugOptionAdvisedWhenItsOwnCheckFired() {
        CrashReport kasan = first(ProjectLogs.fixture("x86-kasan-slab-uaf-module-write.log"));
        assertThat(steps(kasan)).doesNotContain("CONFIG_KASAN").doesNotContain("slub_debug").contains("free stacks");
        CrashReport list = first("""
                [    3.000001] list_del corruption, ffff9c0e4a3b1e00->next is LIST_POISON1 (dead000000000100)
                [    3.000002] ------------[ cut here ]------------
                [    3.000003] kernel BUG at lib/list_debug.c:53!
                [    3.000004] invalid opcode: 0000 [#1] PREEMPT SMP NOPTI
                [    3.000005] CPU: 0 PID: 84 Comm: sh Not tainted 6.1.0-18-amd64 #1  Debian 6.1.76-1
                [    3.000006] RIP: 0010:__list_del_entry_valid.cold+0x1d/0x4b
                [    3.000007] Call Trace:
                [    3.000008]  <TASK>
                [    3.000009]  remove_item+0x11/0x50
                [    3.000010]  </TASK>
                [    3.000011] ---[ end trace 0000000000000000 ]---
                """);
        assertThat(steps(list)).doesNotContain("CONFIG_DEBUG_LIST=y").contains("CONFIG_DEBUG_LIST caught");
        CrashReport lockdep = first(ProjectLogs.fixture("x86-lockdep-circular.log"));
        assertThat(steps(lockdep)).doesNotContain("PROVE_LOCKING").contains("one order");
    }

    /** Taint B, D or W says an earlier problem, not a module: no reproduction "without those modules" is asked for. */
    @Test
    void anEarlierProblemsTaintIsNoModulesDoing() {
        String bad = consequences(first(oops("812 Comm: tickd", "00010246", "")
                .replace("Tainted: G           O     ", "Tainted: G    B            ")));
        assertThat(bad).contains("B = ").contains("read the first report of the log first").doesNotContain("without those modules");
        assertThat(consequences(first(oops("812 Comm: tickd", "00010246", "")))).contains("without those modules")
                .doesNotContain("earlier problem");
    }

    /** The KASAN shadow address a general protection fault reports is said as the pointer KASAN was checking. */
    @Test
    void aKasanShadowFaultAddressIsTheCheckedPointerFirst() {
        CrashReport r = first("""
                [   61.000001] general protection fault, probably for non-canonical address 0xdffffc0000000004: 0000 [#1] PREEMPT SMP KASAN
                [   61.000002] KASAN: null-ptr-deref in range [0x0000000000000020-0x0000000000000027]
                [   61.000003] CPU: 1 PID: 5827 Comm: remapper Not tainted 6.8.0 #1
                [   61.000004] RIP: 0010:remap_move+0x25fa/0x2c00
                [   61.000005] RSP: 0018:ffffc90003a4f9e0 EFLAGS: 00010206
                [   61.000006] RAX: dffffc0000000000 RBX: 0000000000000000 RCX: 0000000000000000
                [   61.000007] Call Trace:
                [   61.000008]  <TASK>
                [   61.000009]  do_remap+0x20/0x40
                [   61.000010]  </TASK>
                [   61.000011] ---[ end trace 0000000000000000 ]---
                """);
        assertThat(r.diagnosis().summary()).contains("the KASAN shadow of NULL pointer + 0x20 [0x20-0x27] (address "
                + "0xdffffc0000000004)").doesNotContain(": access to address 0xdffffc");
    }

    /** The access kind takes its article: an instruction fetch. */
    @Test
    void anInstructionFetch() {
        CrashReport r = first(oops("812 Comm: tickd", "00010246", "").replace("supervisor read access in kernel mode",
                "supervisor instruction fetch in kernel mode").replace("error_code(0x0000)", "error_code(0x0010)"));
        assertThat(r.diagnosis().summary()).contains("an instruction fetch of address 0x8").doesNotContain("a instruction");
    }

    /**
     * The crash lab's BUG()s on arm64 and arm hold no lock, took their trap with interrupts on (pstate, psr) and exit
     * with them off: the trap's handling turned them off, no held lock did.
     */
    @Test
    void irqsDisabledAfterABugTrapTakenWithThemOnIsTheTrapsDoing() throws java.io.IOException {
        for (String fixture : java.util.List.of("arm64/list-corruption.log", "arm/bug-on-workqueue.log")) {
            String c = consequences(Koops.create().withoutDisassembler().analyze(ProjectLogs.lab(fixture)).reports().get(0));
            assertThat(c).as(fixture).contains("enabled at the fault").contains("says nothing about a held lock")
                    .doesNotContain("stays held");
        }
    }
}
