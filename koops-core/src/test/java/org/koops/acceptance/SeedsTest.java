package org.koops.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.koops.Koops;
import org.koops.model.Arch;
import org.koops.model.Cause;
import org.koops.model.Claim;
import org.koops.model.CrashReport;
import org.koops.model.Decoded;
import org.koops.model.Kind;
import org.koops.model.LogAnalysis;
import org.koops.model.NextStep;
import org.koops.model.Taint;

/** The facts the user's four documents establish by hand, checked on koops's own reading of them. */
class SeedsTest {
    private static LogAnalysis analyze(String name) throws IOException {
        return Koops.create().analyze(SharedFiles.require("seeds/" + name));
    }

    private static String claims(List<Claim> claims) {
        return claims.stream().map(Claim::statement).collect(Collectors.joining("\n"));
    }

    @Test
    void nullPointerInOutOfTreeSeqFileShow() throws IOException {
        LogAnalysis a = analyze("000_01aea277b0eaeb76.txt");
        assertThat(a.reports()).hasSize(1);
        CrashReport r = a.reports().get(0);
        assertThat(r.title()).isEqualTo("BUG: unable to handle kernel NULL pointer dereference in single_show");
        assertThat(r.type()).isEqualTo("NULL-POINTER-DEREFERENCE");
        assertThat(r.kind()).isEqualTo(Kind.NULL_POINTER_DEREFERENCE);
        assertThat(r.arch()).isEqualTo(Arch.X86_64);
        assertThat(r.diagnosis().cause()).isEqualTo(Cause.NULL_POINTER_DEREFERENCE);
        assertThat(r.details().fault().address()).isEqualTo(1L);
        assertThat(r.details().fault().access()).isEqualTo("read");
        assertThat(r.details().fault().mode()).isEqualTo("kernel");
        assertThat(r.details().fault().reason()).isEqualTo("not-present page");
        assertThat(r.diagnosis().culprit().function()).isEqualTo("single_show");
        assertThat(r.diagnosis().culprit().module()).isEqualTo("my_module");
        assertThat(r.diagnosis().culprit().frame().offset()).isEqualTo(0x56L);
        assertThat(r.diagnosis().culprit().moduleTaints()).extracting(Taint::letter).containsExactlyInAnyOrder('O', 'E');
        assertThat(r.details().task().taints()).extracting(Taint::letter).contains('P', 'O', 'E');
        assertThat(r.details().task().comm()).isEqualTo("cat");
        assertThat(r.details().task().pid()).isEqualTo(26677);
        assertThat(r.details().task().release()).isEqualTo("6.8.0-59-generic");
        assertThat(claims(r.diagnosis().context())).contains("read() system call").contains("procfs").contains("VFS");
        assertThat(r.diagnosis().callChain()).containsSubsequence("vfs_read", "proc_reg_read", "my_read [my_module]",
                "seq_read", "single_show [my_module]");
        assertThat(r.details().kernelCode().orElseThrow().faultingByte()).isEqualTo(0x8b);
        assertThat(r.details().kernelRegisters().orElseThrow().value("RBX")).contains(1L);
        assertThat(claims(r.diagnosis().evidence())).contains("RBX holds 0x1");
        assertThat(r.details().procModule().refcount()).isEqualTo(-1);
        assertThat(r.details().procModule().state()).isEqualTo("Unloading");
        assertThat(claims(r.diagnosis().consequences())).contains("reboot").contains("my_module");
        assertThat(r.details().modules().lastUnloaded().name()).isEqualTo("my_module");
        assertThat(r.details().notes()).anyMatch(n -> n.contains("exited with irqs disabled"));
        assertThat(r.details().frames()).anyMatch(f -> !f.reliable() && f.function().equals("show_regs"));
        assertThat(r.details().userRegisters().orElseThrow().value("ORIG_RAX")).contains(0L);
        assertThat(r.details().endTraceId()).isEqualTo("0000000000000000");
    }

    /**
     * RBX held exactly the fault address 0x1 (and R14 too): the pointer was the value 1, SEQ_START_TOKEN, the v a
     * single_open() show function receives for the header, not a field of a NULL structure. Read from the registers,
     * so without a disassembler too; with one, the code's {@code test rbx,rbx; je} shows it passed a NULL test.
     */
    @Test
    void seqStartTokenNotNull() throws IOException {
        CrashReport r = analyze("000_01aea277b0eaeb76.txt").reports().get(0);
        String evidence = claims(r.diagnosis().evidence());
        assertThat(evidence).contains("RBX holds 0x1").contains("SEQ_START_TOKEN").doesNotContain("of a structure reached "
                + "through a NULL pointer");
        String steps = r.diagnosis().nextSteps().stream().map(NextStep::action).collect(Collectors.joining("\n"));
        assertThat(steps).contains("SEQ_START_TOKEN").doesNotContain("was NULL");
        assertThat(claims(r.diagnosis().consequences())).contains("enabled at the fault")
                .doesNotContain("anything it held (spinlocks");
        assertThat(r.annotated()).filteredOn(l -> l.line().text().contains("RBX: 0000000000000001")).first()
                .satisfies(l -> assertThat(String.join("\n", l.meanings())).contains("SEQ_START_TOKEN"));
    }

    @Test
    void twoDifferentPanicsAndRepeatedSysrqCrash() throws IOException {
        LogAnalysis a = analyze("003_10566862c7275de6.txt");
        List<CrashReport> distinct = a.reports().stream().filter(r -> r.duplicateOf() == null).toList();
        assertThat(distinct).extracting(CrashReport::title).containsExactly(
                "kernel panic: VFS: Unable to mount root fs on unknown-block(NUM,NUM)",
                "kernel panic: sysrq triggered crash");
        CrashReport vfs = distinct.get(0);
        assertThat(vfs.diagnosis().cause()).isEqualTo(Cause.ROOT_FS_MOUNT_FAILURE);
        assertThat(claims(vfs.diagnosis().evidence())).contains("initramfs").contains("root=");
        assertThat(vfs.details().kernelOffset()).startsWith("0x37200000");
        CrashReport sysrq = distinct.get(1);
        assertThat(sysrq.diagnosis().cause()).isEqualTo(Cause.DELIBERATE_PANIC);
        assertThat(claims(sysrq.diagnosis().evidence())).contains("/proc/sysrq-trigger");
        assertThat(a.reports().stream().filter(r -> r.duplicateOf() != null && r.duplicateOf() == sysrq.index()).count())
                .isGreaterThanOrEqualTo(2);
        assertThat(a.reports()).allMatch(r -> r.duplicateOf() == null || r.title().equals(a.reports().get(r.duplicateOf()).title()));
    }

    @Test
    void wrappedCodeLineAndDamagedRegisterName() throws IOException {
        LogAnalysis a = analyze("003_10566862c7275de6.txt");
        CrashReport sysrq = a.reports().stream().filter(r -> r.title().contains("sysrq")).findFirst().orElseThrow();
        assertThat(sysrq.details().code()).anyMatch(c -> c.faultingByte() == 0x48 && c.bytes().length > 40);
        CrashReport damaged = a.reports().stream()
                .filter(r -> r.details().damage().stream().anyMatch(d -> d.what().contains("RDY"))).findFirst().orElseThrow();
        assertThat(damaged.details().userRegisters().orElseThrow().find("RDX").orElseThrow().printedName()).isEqualTo("RDY");
    }

    @Test
    void arm64PagingRequestDuringInsmod() throws IOException {
        LogAnalysis a = analyze("004_1ff0185fa329200f.txt");
        assertThat(a.reports()).hasSize(1);
        CrashReport r = a.reports().get(0);
        assertThat(r.arch()).isEqualTo(Arch.ARM64);
        assertThat(r.kind()).isEqualTo(Kind.PAGING_REQUEST);
        assertThat(r.title()).isEqualTo("BUG: unable to handle kernel paging request in mod_sysfs_setup");
        assertThat(r.details().fault().address()).isEqualTo(0x000232bfa8c17cc5L);
        assertThat(r.details().fault().errorCode()).isEqualTo(0x96000004L);
        assertThat(r.details().fault().access()).isEqualTo("read");
        assertThat(r.details().fault().reason()).contains("level 0 translation fault");
        assertThat(r.details().fault().decoded()).extracting(Decoded::value).isNotEmpty();
        assertThat(r.diagnosis().culprit().function()).isEqualTo("mod_sysfs_setup");
        assertThat(r.diagnosis().cause()).isEqualTo(Cause.NON_CANONICAL_POINTER);
        assertThat(r.diagnosis().cause().description()).contains("corrupted");
        assertThat(r.details().task().comm()).isEqualTo("insmod");
        assertThat(claims(r.diagnosis().context())).contains("finit_module").contains("module loader");
        assertThat(r.details().modules().modules()).anyMatch(m -> m.name().equals("tramme1") && m.taint().equals("OE"));
    }

    /** The fault address minus 0xc8 is x20's value in its low 40 bits: a bad pointer plus offset 200, ldr x0,[x0,#200]. */
    @Test
    void arm64FaultIsX20PlusOffset200() throws IOException {
        CrashReport r = analyze("004_1ff0185fa329200f.txt").reports().get(0);
        assertThat(claims(r.diagnosis().evidence())).contains("minus 0xc8 (200)").contains("equals x20")
                .contains("low 40 bits");
        assertThat(r.annotated()).filteredOn(l -> l.line().text().contains("x20: 050323bfa8c17bfd")).first()
                .satisfies(l -> assertThat(String.join("\n", l.meanings())).contains("low 40 bits").contains("0xc8"));
    }
}
