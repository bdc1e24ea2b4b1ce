package org.koops.explain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.koops.model.Arch;

/** The lines of ZFS panics, SLUB reports, machine checks, allocation failures and traps the kernel cannot handle. */
class NewKindsExplanationTest {

    @Test
    void zfsAssertion() {
        Annotations a = Annotations.parsed("""
                VERIFY3(zio->io_size <= SPA_MAXBLOCKSIZE) failed (33554432 <= 16777216)
                PANIC at zio.c:845:zio_create()
                Showing stack for process 812
                PANIC: zfs: adding existent segment to range tree (offset=1a000 size=2000)
                """, Arch.X86_64);
        assertThat(a.meaning("VERIFY3")).contains("condition zio->io_size <= SPA_MAXBLOCKSIZE was false")
                .contains("The values compared: 33554432 <= 16777216.");
        assertThat(a.meaning("PANIC at")).contains("zio.c line 845, in zio_create()").contains("does not return")
                .contains("out-of-tree");
        assertThat(a.meaning("Showing stack")).contains("PID 812");
        assertThat(a.meaning("PANIC: zfs:")).contains("zfs_recover");
    }

    @Test
    void slubReportOfOlderKernels() {
        Annotations a = Annotations.parsed("""
                BUG dentry (Tainted: G    B   ): Poison overwritten
                INFO: 0xffff8800a1b2c3d0-0xffff8800a1b2c3d3. First byte 0x1 instead of 0x6b
                INFO: Allocated in d_alloc+0x22/0x90 age=11 cpu=1 pid=77
                INFO: Freed in d_free+0x40/0x60 [demo] age=3 cpu=0 pid=0
                INFO: Slab 0xffffea0002a1b200 objects=21 used=21 fp=0x          (null) flags=0x4080
                INFO: Object 0xffff8800a1b2c3c0 @offset=960 fp=0xffff8800a1b2c000
                Redzone ffff8800a1b2c4f0: bb bb bb bb bb bb bb bb
                FIX dentry: Restoring 0xffff8800a1b2c3d0-0xffff8800a1b2c3d3=0x6b
                BUG kmalloc-512 (Not tainted): Redzone overwritten
                BUG names_cache: Objects remaining on kmem_cache_close()
                """, Arch.X86_64);
        assertThat(a.meaning("BUG dentry")).contains("cache dentry").contains("use-after-free write");
        assertThat(a.meaning("INFO: 0x")).contains("4 byte(s)").contains("the poison of a freed object").contains("holds 0x1");
        assertThat(a.meaning("INFO: Allocated")).contains("allocated by d_alloc(), 11 jiffies").contains("PID 77");
        assertThat(a.meaning("INFO: Freed")).contains("freed by d_free() [demo]");
        assertThat(a.meaning("INFO: Slab")).contains("21 objects, 21 in use");
        assertThat(a.meaning("INFO: Object")).contains("960 bytes into its slab");
        assertThat(a.meaning("Redzone")).contains("past the object's end");
        assertThat(a.meaning("FIX dentry")).contains("repairs the damage");
        assertThat(a.meaning("BUG kmalloc-512")).contains("out-of-bounds write");
        assertThat(a.meaning("BUG names_cache")).contains("leaked");
    }

    @Test
    void oldKasanNamesTheAccessAndItsObject() {
        Annotations a = Annotations.parsed("""
                BUG: KASan: use after free in demo_read+0x4c/0x90 [demo] at addr ffff88006a2b1c08
                BUG kmalloc-64 (Tainted: G    B   ): kasan: bad access detected
                BUG: KASan: wild memory access on address 1fffffff80000000
                """, Arch.X86_64);
        assertThat(a.meaning("BUG: KASan: use after free")).contains("KASan").contains("in demo_read()")
                .contains("already been freed");
        assertThat(a.meaning("BUG kmalloc-64")).contains("the access hit").doesNotContain("check only finds it later");
        assertThat(a.meaning("BUG: KASan: wild")).contains("neither mapped nor tracked");
    }

    @Test
    void machineCheckBanksDecoded() {
        Annotations a = Annotations.parsed("""
                CPU 0: Machine Check Exception: 0000000000000007
                Bank 3: b40000000000083b at 000000fdfc000cfc
                mce: [Hardware Error]: CPU 1: Machine Check: 0 Bank 8: 8c00004000010091
                mce: [Hardware Error]: Machine check events logged
                {1}[Hardware Error]: event severity: fatal
                """, Arch.X86_64);
        assertThat(a.meaning("CPU 0: Machine Check Exception")).contains("not a software bug").contains("RIPV")
                .contains("EIPV").contains("MCIP");
        assertThat(a.meaning("Bank 3")).contains("UC (the error was not corrected)").contains("ADDRV")
                .contains("bus or interconnect error: data read of I/O, originated by this CPU")
                .contains("At physical address 0xfdfc000cfc.");
        assertThat(a.meaning("mce: [Hardware Error]: CPU 1")).contains("signalled a machine check:")
                .contains("memory controller error: read, channel 1").contains("The hardware corrected the error.");
        assertThat(a.meaning("mce: [Hardware Error]: Machine check events logged")).contains("mcelog");
        assertThat(a.meaning("{1}[Hardware Error]: event severity")).contains("could not be contained");
    }

    @Test
    void allocationFailuresAndOomVictims() {
        Annotations a = Annotations.parsed("""
                kworker/0:1: page allocation failure: order:0, mode:0xa20(GFP_ATOMIC), nodemask=(null)
                syz-executor: vmalloc error: size 8589934592, vm_struct allocation failed, mode:0xdc0(GFP_KERNEL|__GFP_ZERO)
                Killed process 4021 (chrome) total-vm:8123400kB, anon-rss:2097152kB, file-rss:0kB, shmem-rss:0kB
                """, Arch.X86_64);
        assertThat(a.meaning("kworker/0:1: page allocation failure")).contains("1 contiguous page(s) (order 0, 4 KiB)")
                .contains("GFP_ATOMIC").contains("may not wait");
        assertThat(a.meaning("syz-executor: vmalloc error")).contains("8589934592 bytes");
        assertThat(a.meaning("Killed process")).contains("killed chrome (PID 4021)").contains("anon-rss 2.0 GiB");
    }

    @Test
    void trapsWithoutHandler() {
        Annotations a = Annotations.parsed("""
                Unhandled kernel unaligned access[#1]:
                Oops - store (or AMO) address misaligned [#1]
                Bad mode in Synchronous Abort handler detected on CPU0, code 0x02000000 -- Unknown/Uncategorized
                Unhandled 64-bit el1h sync exception on CPU2, ESR 0x0000000086000004 -- IABT (current EL)
                int3: 0000 [#1] SMP
                """, Arch.ARM64);
        assertThat(a.meaning("Unhandled kernel unaligned")).contains("MIPS").contains("get_unaligned()");
        assertThat(a.meaning("Oops - store")).contains("RISC-V").contains("store at a misaligned address");
        assertThat(a.meaning("Bad mode")).contains("CPU 0 took an exception the kernel has no handler for (Synchronous Abort)")
                .contains("ESR 0x02000000").doesNotContain("SError");
        assertThat(a.meaning("Unhandled 64-bit")).contains("CPU 2").contains("IABT");
        assertThat(a.meaning("int3:")).contains("breakpoint").contains("nothing claimed it");
    }

    @Test
    void hungTaskWordingsOfNewerKernels() {
        Annotations a = Annotations.parsed("""
                INFO: task dd:456 blocked in I/O wait for more than 122 seconds.
                INFO: task kworker/u16:3:4410 is blocked on a mutex likely owned by task rsync:7121.
                INFO: task cp:88 is blocked on a semaphore, but the last holder is not found.
                """, Arch.X86_64);
        assertThat(a.meaning("INFO: task dd")).contains("dd (PID 456)").contains("waiting for I/O");
        assertThat(a.meaning("INFO: task kworker")).contains("a mutex most likely held by rsync (PID 7121)");
        assertThat(a.meaning("INFO: task cp")).contains("a semaphore whose owner could not be found");
    }

    @Test
    void arm64FrameMarks() {
        Annotations a = Annotations.parsed("""
                Call trace:
                 show_stack+0x18/0x24 (C)
                 demo_irq+0x40/0x60 [demo] (P)
                 handle_irq_event+0x48/0xc0 (L)
                 __switch_to+0xe4/0x158 (T)
                 ftrace_return_to_handler+0x30/0x40 (PF)
                """, Arch.ARM64);
        assertThat(a.meaning("show_stack")).contains("(C): the caller the stack dump started from");
        assertThat(a.meaning("demo_irq")).contains("(P): the pc at an exception boundary").contains("module demo");
        assertThat(a.meaning("handle_irq_event")).contains("(L)").contains("possibly stale");
        assertThat(a.meaning("__switch_to")).contains("(T): the saved pc of a task that is not running");
        // (P) was explained at demo_irq: each note is said once per report.
        assertThat(a.meaning("ftrace_return_to_handler")).contains("F: the address was restored from "
                + "the function-graph tracer");
    }
}
