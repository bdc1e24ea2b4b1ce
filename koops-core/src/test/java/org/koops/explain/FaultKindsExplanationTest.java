package org.koops.explain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.koops.model.Arch;

/** The headers of the other x86 fault reports, warnings and panics. */
class FaultKindsExplanationTest {

    @Test
    void generalProtectionFaultWithKasanShadowAddress() {
        Annotations a = Annotations.of("""
                [   71.503311] general protection fault, probably for non-canonical address 0xdffffc0000000004: 0000 [#1] PREEMPT SMP KASAN
                [   71.503900] KASAN: null-ptr-deref in range [0x0000000000000020-0x0000000000000027]
                [   71.504120] CPU: 0 PID: 5120 Comm: repro Not tainted 6.3.0-rc1 #1
                [   71.504400] RIP: 0010:usb_probe+0x4a/0x300
                [   71.504500] RSP: 0018:ffffc9000345f9d8 EFLAGS: 00010206
                [   71.504600] RAX: dffffc0000000000 RBX: 0000000000000000 RCX: 0000000000000004
                [   71.504700] CR2: 00005581d0b4a000 CR3: 000000004e2a1000 CR4: 0000000000350ef0
                [   71.504800] Call Trace:
                [   71.504900]  <TASK>
                [   71.505000]  really_probe+0x240/0xca0
                [   71.505100]  </TASK>
                """);
        assertThat(a.meaning("general protection fault")).contains("#GP").contains("KASAN was checking NULL pointer + 0x20")
                .contains("0000: the #GP error code").contains("KASAN:");
        assertThat(a.meaning("KASAN: null-ptr-deref")).contains("NULL pointer dereference at offset 0x20");
        assertThat(a.meaning("CR2:")).contains("does not set CR2").contains("earlier, unrelated page fault");
        assertThat(a.meaning("RAX:")).doesNotContain("fault address");
        assertThat(a.meaning("CPU: 0")).contains("Not tainted");
    }

    @Test
    void kernelBugAndItsUd2() {
        Annotations a = Annotations.parsed("""
                kernel BUG at fs/inode.c:1763!
                invalid opcode: 0000 [#3] SMP PTI
                RIP: 0010:iput+0x1f4/0x200
                Code: 5d 41 5c 41 5d 41 5e c3 0f 0b <0f> 0b 0f 0b 66 0f 1f 44 00 00
                RSP: 0018:ffffb8a2c0d3fd58 EFLAGS: 00010202
                """, Arch.X86_64);
        assertThat(a.meaning("kernel BUG at")).contains("BUG_ON() or BUG()").contains("fs/inode.c line 1763");
        assertThat(a.meaning("invalid opcode")).contains("#UD").contains("ud2").contains("the BUG() reported above")
                .contains("[#3]: oops number 3").contains("analyse #1 first");
        assertThat(a.meaning("Code: ")).contains("0f 0b is ud2");
        assertThat(a.meaning("RSP: ")).contains("IF = 1: interrupts were enabled");
    }

    @Test
    void otherTraps() {
        Annotations a = Annotations.parsed("""
                divide error: 0000 [#1] SMP NOPTI
                stack segment: 0000 [#1] SMP KASAN
                PANIC: double fault, error_code: 0x0
                BUG: stack guard page was hit at 00000000f0b3c9a1 (stack is 00000000a3b1c2d4..00000000e5f6a7b8)
                BUG: unable to handle page fault for address: ffffc90000a7b000
                """, Arch.X86_64);
        assertThat(a.meaning("divide error")).contains("#DE").contains("division by zero");
        assertThat(a.meaning("stack segment")).contains("#SS").contains("non-canonical").contains("KASAN:");
        assertThat(a.meaning("PANIC: double fault")).contains("#DF").contains("stack overflow");
        assertThat(a.meaning("BUG: stack guard page")).contains("guard page").contains("recursion");
        assertThat(a.meaning("BUG: unable to handle page fault")).contains("no valid mapping").contains("vmalloc");
    }

    @Test
    void warningFiresAndContinues() {
        Annotations a = Annotations.parsed("""
                ------------[ cut here ]------------
                WARNING: CPU: 1 PID: 930 at net/core/dev.c:10876 unregister_netdevice_many+0x6b4/0x7b0 [vnet]
                Modules linked in: vnet(+) bridge stp llc
                """, Arch.X86_64);
        assertThat(a.meaning("------------[ cut here ]")).contains("WARN() or BUG()");
        assertThat(a.meaning("WARNING:")).contains("WARN_ON()").contains("net/core/dev.c line 10876")
                .contains("unregister_netdevice_many()").contains("continues").contains("CPU 1").contains("module vnet");
        assertThat(a.meaning("Modules linked in:")).contains("vnet (+): the module is being loaded");
    }

    @Test
    void panicReasons() {
        Annotations a = Annotations.parsed("""
                Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000009
                Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(8,2)
                Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: tun_chr_ioctl+0x1c2/0x1d0
                Kernel panic - not syncing: something new
                ---[ end Kernel panic - not syncing: something new ]---
                sysrq: Trigger a crash
                Kernel Offset: disabled
                Fixing recursive fault but reboot is needed!
                """, Arch.X86_64);
        assertThat(a.meaning("Kernel panic - not syncing: Attempted")).contains("not syncing")
                .contains("killed by signal 9 (SIGKILL)");
        assertThat(a.meaning("Kernel panic - not syncing: VFS")).contains("unknown-block(8,2) exists");
        assertThat(a.meaning("Kernel panic - not syncing: stack-protector")).contains("canary of tun_chr_ioctl()");
        assertThat(a.meaning("Kernel panic - not syncing: something")).contains("\"something new\"");
        assertThat(a.meaning("---[ end Kernel panic")).contains("stopped");
        assertThat(a.meaning("sysrq: Trigger a crash")).contains("deliberate");
        assertThat(a.meaning("Kernel Offset: disabled")).contains("KASLR is off");
        assertThat(a.meaning("Fixing recursive fault")).contains("reboot");
    }

    @Test
    void verboseTaintLineOfNewKernels() {
        Annotations a = Annotations.parsed("""
                CPU: 5 UID: 0 PID: 1 Comm: systemd Tainted: G        W  OE      6.12.9 #1
                Tainted: [W]=WARN, [O]=OOT_MODULE, [E]=UNSIGNED_MODULE
                """, Arch.X86_64);
        assertThat(a.meaning("CPU: 5")).contains("UID 0").contains("(root)").contains("init, the first user-space process")
                .contains("W (bit 9, WARN)");
        assertThat(a.meaning("Tainted: [W]")).contains("W (bit 9, WARN)").contains("O (bit 12").contains("E (bit 13");
    }

    @Test
    void registersSavedInsideTheTraceBelongToTheInterruptedCode() {
        Annotations a = Annotations.parsed("""
                BUG: kernel NULL pointer dereference, address: 0000000000000028
                RIP: 0010:tick_fn+0xd/0x60 [ticker]
                RAX: 0000000000000000 RBX: 0000000000000028 RCX: 0000000000000000
                CR2: 0000000000000028 CR3: 000000000260c000 CR4: 00000000000006e0
                Call Trace:
                 <IRQ>
                 call_timer_fn+0x27/0x120
                 </IRQ>
                 <TASK>
                 asm_sysvec_apic_timer_interrupt+0x16/0x20
                RIP: 0010:default_idle+0xb/0x10
                Code: 0f 00 2d 52 3c 44 00 fb f4 <fa> c3 cc cc
                RSP: 0018:ffffbb3b400cbea8 EFLAGS: 00000246
                RAX: 0000000000000028 RBX: 0000000000000000 RCX: 0000000000000000
                 default_idle_call+0x2e/0xe0
                 </TASK>
                """, Arch.X86_64);
        assertThat(a.meaning("RAX: 0000000000000000 RBX: 0000000000000028")).contains("RBX = 0x28: equals CR2");
        assertThat(a.meaning("RIP: 0010:default_idle")).contains("interrupt").contains("not where the report was triggered");
        assertThat(a.meaning("Code: 0f 00")).contains("interrupted code");
        assertThat(a.meaning("RSP: 0018:ffffbb3b400cbea8")).contains("interrupted code's stack pointer");
        assertThat(a.meaning("RAX: 0000000000000028")).contains("Registers of the interrupted code").doesNotContain("CR2");
        assertThat(a.meaning("call_timer_fn")).contains("nearest proven caller on the way to tick_fn").contains("Timers");
        assertThat(a.meaning("<IRQ>")).contains("interrupt stack");
    }

    /** A value IS_ERR() would accept but no errno has is a negative integer; a real errno's value is an ERR_PTR. */
    @Test
    void erPtrOnlyForAnErrnoThatExists() {
        Annotations a = Annotations.of("""
                [   90.000001] BUG: unable to handle page fault for address: ffffffffffffffd8
                [   90.000002] #PF: supervisor read access in kernel mode
                [   90.000003] #PF: error_code(0x0000) - not-present page
                [   90.000004] Oops: 0000 [#1] PREEMPT SMP
                [   90.000005] CPU: 0 PID: 77 Comm: sh Not tainted 6.6.0 #1
                [   90.000006] RIP: 0010:demo_cmp+0x9/0x40
                [   90.000007] RSP: 0018:ffffb0a5c0003e98 EFLAGS: 00010246
                [   90.000008] RAX: 0000000000000000 RBX: ffffffffffffffd8 RCX: 0000000000000001
                [   90.000009] R13: fffffffffffff75e R14: 0000000000000000 R15: 0000000000000000
                [   90.000010] CR2: ffffffffffffffd8 CR3: 000000010a2e6000 CR4: 00000000000006e0
                """);
        assertThat(a.meaning("RAX:")).contains("ERR_PTR(-40)");
        assertThat(a.meaning("R13:")).contains("-2210 as a signed number, which no errno is").doesNotContain("ERR_PTR(-2210)");
    }
}
