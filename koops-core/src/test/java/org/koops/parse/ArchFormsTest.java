package org.koops.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.koops.Koops;
import org.koops.ProjectLogs;
import org.koops.model.CrashReport;
import org.koops.model.FaultInfo;
import org.koops.model.Frame;
import org.koops.model.Register;
import org.koops.model.RegisterDump;

/**
 * Each architecture's report forms read into the model: the registers with the code register's symbol,
 * the call trace in the architecture's own layout, and the fault its status register explains. The logs
 * are the test fixtures of the same names (their expected titles and culprits are checked by FixtureTest).
 */
class ArchFormsTest {
    private static CrashReport report(String fixture) {
        List<CrashReport> reports = Koops.create().withoutDisassembler().analyze(fixture, ProjectLogs.fixture(fixture))
                .reports();
        assertThat(reports).isNotEmpty();
        return reports.get(0);
    }

    private static RegisterDump kernel(CrashReport r) {
        return r.details().kernelRegisters().orElseThrow();
    }

    private static List<String> functions(CrashReport r) {
        return r.details().frames().stream().map(Frame::function).toList();
    }

    @Test
    void armUnwinderLinesGiveEachCallOnce() throws IOException {
        CrashReport r = report("arm-null-write-unwind.log");
        assertThat(r.details().frames()).extracting(Frame::function, Frame::offset, Frame::module, Frame::address)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("demo_read", null, "demo", 0xbf000080L),
                        org.assertj.core.groups.Tuple.tuple("vfs_read", 0xa8L, null, 0xc03a1c5cL),
                        org.assertj.core.groups.Tuple.tuple("ksys_read", 0x6cL, null, 0xc03a2264L),
                        org.assertj.core.groups.Tuple.tuple("ret_fast_syscall", 0x0L, null, 0xc0300060L));
        Register pc = kernel(r).find("pc").orElseThrow();
        assertThat(pc.value()).isEqualTo(0xbf0000a4L);
        assertThat(pc.symbol().symbolic()).isEqualTo("demo_read+0x24/0x58 [demo]");
        assertThat(kernel(r).value("r5")).contains(0xc2e43f68L);
        assertThat(kernel(r).value("psr")).contains(0x600f0013L);
    }

    @Test
    void armFaultStatusIsDecoded() throws IOException {
        FaultInfo f = report("arm-null-write-unwind.log").details().fault();
        assertThat(f.address()).isEqualTo(0x10L);
        assertThat(f.errorCode()).isEqualTo(0x817L);
        assertThat(f.access()).isEqualTo("write");
        assertThat(f.reason()).isEqualTo("page translation fault");
        assertThat(f.decoded()).extracting(d -> d.name() + "=" + d.value()).contains("FS=0x07", "WnR=1", "Domain=1");
    }

    @Test
    void armFromFormOfLinux517() throws IOException {
        CrashReport r = report("arm-warning-from-form.log");
        assertThat(functions(r)).containsExactly("unwind_backtrace", "show_stack", "dump_stack_lvl", "__warn",
                "warn_slowpath_fmt", "demo_probe", "do_one_initcall", "do_init_module", "sys_finit_module", "ret_fast_syscall");
        assertThat(r.details().frames().get(5).module()).isEqualTo("demo");
    }

    @Test
    void i386EipByValueThenBySymbol() throws IOException {
        CrashReport r = report("x86-i386-null-deref-eip.log");
        Register eip = kernel(r).find("EIP").orElseThrow();
        assertThat(eip.value()).isEqualTo(0xf8a2b0d4L);
        assertThat(eip.segment()).isEqualTo("0060");
        assertThat(eip.symbol().symbolic()).isEqualTo("demo_read+0x14/0x40 [demo]");
        assertThat(kernel(r).value("EAX")).contains(0L);
        assertThat(kernel(r).value("CR2")).contains(8L);
        assertThat(kernel(r).value("EFLAGS")).contains(0x10246L);
        assertThat(functions(r)).containsExactly("__vfs_read", "vfs_read", "SyS_read", "do_fast_syscall_32", "sysenter_past_esp");
        assertThat(r.details().fault().access()).isEqualTo("read");
    }

    @Test
    void powerpcElfV1DotNamesGprRowsAndUnreliableFrame() throws IOException {
        CrashReport r = report("ppc64-paging-request-elfv1.log");
        Register nip = kernel(r).find("NIP").orElseThrow();
        assertThat(nip.value()).isEqualTo(0xd000000001230048L);
        assertThat(nip.symbol().function()).isEqualTo("demo_show");
        assertThat(nip.symbol().module()).isEqualTo("demo");
        assertThat(r.details().frames().get(0).function()).isEqualTo("seq_read");
        assertThat(r.details().frames().get(0).reliable()).isFalse();
        assertThat(r.details().frames().get(1).reliable()).isTrue();
        FaultInfo f = r.details().fault();
        assertThat(f.address()).isEqualTo(0x10L);
        assertThat(f.access()).isEqualTo("read");
        assertThat(f.reason()).startsWith("no translation");
    }

    @Test
    void powerpcSaysTheAccessInWords() throws IOException {
        CrashReport r = report("ppc64le-null-deref.log");
        assertThat(r.details().fault().access()).isEqualTo("read");
        assertThat(kernel(r).instructionPointer().orElseThrow().symbol().function()).isEqualTo("demo_show");
        assertThat(kernel(r).value("r1")).contains(0xc000000012b3fb90L);
        assertThat(kernel(r).value("r31")).contains(0xc00000000a4c7c00L);
        // The system call's user-space address after "--- interrupt: c00 at" is no kernel frame.
        assertThat(functions(r)).doesNotContainNull().endsWith("system_call_common");
    }

    @Test
    void s390PswGprsAndParenthesisedFrame() throws IOException {
        CrashReport r = report("s390-pointer-dereference.log");
        Register psw = kernel(r).find("PSW").orElseThrow();
        assertThat(psw.value()).isEqualTo(0x3ff8016e04cL);
        assertThat(psw.symbol().symbolic()).isEqualTo("demo_show+0x24/0x50 [demo]");
        assertThat(kernel(r).value("r1")).contains(0x10L);
        assertThat(kernel(r).value("r14")).contains(0x4c1e7eL);
        assertThat(kernel(r).find("AS")).isEmpty();
        assertThat(r.details().frames().get(0).function()).isEqualTo("seq_read");
        assertThat(r.details().frames().get(0).reliable()).isFalse();
        assertThat(r.details().fault().address()).isZero();
    }

    @Test
    void mipsRegisterRowsByAbiNameAndCause() throws IOException {
        CrashReport r = report("mips-paging-request.log");
        assertThat(kernel(r).find("epc").orElseThrow().symbol().symbolic()).isEqualTo("demo_show+0x1c/0x40 [demo]");
        assertThat(kernel(r).value("epc")).contains(0xc0a2c05cL);
        assertThat(kernel(r).value("a0")).contains(0x81f4be80L);
        assertThat(kernel(r).value("t9")).contains(0x8026a2f0L);
        assertThat(kernel(r).value("ra")).contains(0x801ea9a8L);
        assertThat(kernel(r).value("BadVA")).contains(0x10L);
        FaultInfo f = r.details().fault();
        assertThat(f.address()).isEqualTo(0x10L);
        assertThat(f.access()).isEqualTo("read");
        assertThat(f.reason()).startsWith("TLBL");
        assertThat(functions(r)).startsWith("demo_show", "seq_read_iter");
    }

    @Test
    void riscvSymbolThenValueAndCause() throws IOException {
        CrashReport r = report("riscv-null-deref.log");
        Register epc = kernel(r).find("epc").orElseThrow();
        assertThat(epc.value()).isEqualTo(0xffffffff01a3c01aL);
        assertThat(epc.symbol().function()).isEqualTo("demo_show");
        assertThat(kernel(r).value("badaddr")).contains(0x10L);
        FaultInfo f = r.details().fault();
        assertThat(f.access()).isEqualTo("read");
        assertThat(f.reason()).isEqualTo("load page fault");
        assertThat(functions(r)).hasSize(7).startsWith("demo_show");
    }

    @Test
    void loongarchRowsWithoutColonsAndEstat() throws IOException {
        CrashReport r = report("loongarch-paging-request.log");
        Register era = kernel(r).find("ERA").orElseThrow();
        assertThat(era.value()).isEqualTo(0x9000000000f4c05cL);
        assertThat(era.symbol().function()).isEqualTo("demo_show");
        assertThat(kernel(r).value("a2")).contains(0x400L);
        assertThat(kernel(r).find("ra").orElseThrow().symbol().function()).isEqualTo("seq_read_iter");
        FaultInfo f = r.details().fault();
        assertThat(f.access()).isEqualTo("read");
        assertThat(f.reason()).startsWith("PIL");
        assertThat(functions(r)).startsWith("demo_show").endsWith("handle_syscall");
    }
}
