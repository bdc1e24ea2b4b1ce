package org.koops.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.koops.Koops;
import org.koops.model.CrashReport;
import org.koops.model.Culprit;
import org.koops.model.NextStep;

/** Regression tests for culprits the crash lab (lab/fixtures) found named wrongly. */
class CulpritFinderTest {
    /** lab/fixtures/x86_64/list-corruption.log, cut to the report; SUFFIX replaces GCC's clone suffix. */
    private static final String LIST_DEL = """
            [    4.679554] list_del corruption, ffffffffc0438000->next is LIST_POISON1 (dead000000000100)
            [    4.680264] ------------[ cut here ]------------
            [    4.680394] kernel BUG at lib/list_debug.c:53!
            [    4.682573] invalid opcode: 0000 [#1] PREEMPT SMP NOPTI
            [    4.682920] CPU: 0 PID: 84 Comm: sh Tainted: G           OE      6.1.0-56-amd64 #1  Debian 6.1.192-2
            [    4.683209] Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014
            [    4.683475] RIP: 0010:__list_del_entry_valid.cold+0x5c/0x6f
            [    4.684439] RSP: 0018:ff6d014f80637c30 EFLAGS: 00000246
            [    4.684573] RAX: 000000000000004e RBX: 0000000000000002 RCX: c0000000ffffefff
            [    4.721957] Call Trace:
            [    4.722598]  <TASK>
            [    4.722805]  lab_list_removeSUFFIX+0x11/0x50 [lab_list]
            [    4.723046]  lab_list_write+0x13/0x1c [lab_list]
            [    4.723249]  proc_reg_write+0x56/0xa0
            [    4.723308]  vfs_write+0xc7/0x3f0
            [    4.723484]  ksys_write+0x6b/0xf0
            [    4.723484]  do_syscall_64+0x5d/0xb0
            [    4.723800]  entry_SYSCALL_64_after_hwframe+0x6e/0xd8
            [    4.724836]  </TASK>
            [    4.724914] Modules linked in: lab_list(OE)
            [    4.743837] ---[ end trace 0000000000000000 ]---
            """;

    /** lab/fixtures/arm64/sysrq-crash.log, cut to the report; MESSAGE replaces the panic message. */
    private static final String ARM64_PANIC = """
            [    2.541989] Kernel panic - not syncing: MESSAGE
            [    2.542380] CPU: 0 PID: 82 Comm: sh Not tainted 6.1.0-56-arm64 #1  Debian 6.1.192-2
            [    2.542582] Hardware name: linux,dummy-virt (DT)
            [    2.542898] Call trace:
            [    2.543089]  dump_backtrace+0xe4/0x140
            [    2.543335]  show_stack+0x20/0x30
            [    2.543409]  dump_stack_lvl+0x64/0x80
            [    2.543460]  dump_stack+0x18/0x34
            [    2.543502]  panic+0x184/0x364
            [    2.543542]  sysrq_reset_seq_param_set+0x0/0xa0
            [    2.543597]  __handle_sysrq+0x90/0x19c
            [    2.543641]  write_sysrq_trigger+0x7c/0xc8
            [    2.543688]  proc_reg_write+0xac/0x100
            [    2.543736]  vfs_write+0xdc/0x3a0
            [    2.543779]  ksys_write+0x7c/0x11c
            [    2.543822]  __arm64_sys_write+0x24/0x30
            [    2.543869]  invoke_syscall+0x68/0xe0
            [    2.543915]  el0_svc_common.constprop.0+0x4c/0xf4
            [    2.543968]  do_el0_svc+0x2c/0x9c
            [    2.544010]  el0_svc+0x34/0xdc
            [    2.544049]  el0t_64_sync_handler+0xf4/0x120
            [    2.544099]  el0t_64_sync+0x18c/0x190
            [    2.544595] Kernel Offset: 0x43979f200000 from 0xffff800008000000
            """;

    private static CrashReport first(String log) {
        var reports = Koops.create().analyze("test.log", log).reports();
        assertThat(reports).isNotEmpty();
        return reports.get(0);
    }

    @ParameterizedTest
    @CsvSource({".constprop.0, .constprop", ".isra.0, .isra", ".part.0, .part", ".cold, .cold",
                ".isra.0.cold, .cold", ".llvm.1234567890, .llvm", ".unknown.3, a copy of lab_list_remove"})
    void theCulpritIsTheSourceFunctionOfACompilerClone(String suffix, String said) {
        CrashReport r = first(LIST_DEL.replace("SUFFIX", suffix));
        Culprit c = r.diagnosis().culprit();
        assertThat(c.function()).isEqualTo("lab_list_remove");
        assertThat(c.module()).isEqualTo("lab_list");
        assertThat(c.frame().function()).as("the printed symbol").isEqualTo("lab_list_remove" + suffix);
        assertThat(c.reason()).contains("printed as lab_list_remove" + suffix).contains(said);
        assertThat(r.title()).isEqualTo("BUG: corrupted list in lab_list_remove");
        assertThat(r.diagnosis().summary()).contains("in __list_del_entry_valid.cold+0x5c/0x6f on behalf of lab_list_remove"
                + suffix + "+0x11/0x50 [lab_list]");
    }

    @Test
    void aPlainFunctionNameIsNotCalledAClone() {
        Culprit c = first(LIST_DEL.replace("SUFFIX", "")).diagnosis().culprit();
        assertThat(c.function()).isEqualTo("lab_list_remove");
        assertThat(c.reason()).doesNotContain("printed as");
    }

    @Test
    void aReturnAddressPastTheEndOfTheSysrqHandlerIsNotItsNextFunction() {
        CrashReport r = first(ARM64_PANIC.replace("MESSAGE", "sysrq triggered crash"));
        Culprit c = r.diagnosis().culprit();
        assertThat(c.function()).isEqualTo("sysrq_handle_crash");
        assertThat(c.module()).isNull();
        assertThat(c.frame().symbolic()).isEqualTo("sysrq_reset_seq_param_set+0x0/0xa0");
        assertThat(c.reason()).contains("return address just past the end of the function that called panic()")
                .contains("printed by sysrq_handle_crash()");
        assertThat(r.diagnosis().summary())
                .contains("in sysrq_handle_crash (the call before sysrq_reset_seq_param_set+0x0/0xa0)");
        assertThat(r.diagnosis().nextSteps()).map(NextStep::command).contains(
                "gdb -batch -ex 'info symbol sysrq_reset_seq_param_set-4' -ex 'list *(sysrq_reset_seq_param_set-4)' "
                + "/usr/lib/debug/boot/vmlinux-6.1.0-56-arm64");
        assertThat(r.diagnosis().nextSteps()).map(NextStep::command).noneMatch(s -> s != null && s.startsWith("scripts/faddr2line"));
    }

    @Test
    void anUnknownPanicAfterAReturnAddressPastTheEndNamesNoCulprit() {
        CrashReport r = first(ARM64_PANIC.replace("MESSAGE", "lab: giving up"));
        assertThat(r.diagnosis().culprit()).as("the caller of panic() is not named in the report").isNull();
        assertThat(r.diagnosis().summary()).doesNotContain("sysrq_reset_seq_param_set");
        assertThat(r.diagnosis().nextSteps()).anySatisfy(s -> {
            assertThat(s.action()).contains("Name the function that called panic()");
            assertThat(s.command()).contains("list *(sysrq_reset_seq_param_set-4)");
        });
    }

    @Test
    void theInterruptedInstructionAfterAnExceptionEntryIsTakenAsPrinted() {
        String log = ARM64_PANIC.replace("MESSAGE", "lab: giving up")
                .replace("[    2.543542]  sysrq_reset_seq_param_set+0x0/0xa0\n",
                        "[    2.543542]  el1h_64_irq+0x64/0x68\n[    2.543542]  lab_spin+0x0/0x40\n");
        Culprit c = first(log).diagnosis().culprit();
        assertThat(c.function()).isEqualTo("lab_spin");
        assertThat(c.reason()).doesNotContain("return address");
    }
}
