package org.koops.json;

import java.util.List;

import org.koops.model.AnnotatedLine;
import org.koops.model.Arch;
import org.koops.model.Cause;
import org.koops.model.Claim;
import org.koops.model.CodeBytes;
import org.koops.model.CrashReport;
import org.koops.model.Culprit;
import org.koops.model.Decoded;
import org.koops.model.Diagnosis;
import org.koops.model.FaultInfo;
import org.koops.model.Frame;
import org.koops.model.Kind;
import org.koops.model.LinePrefix;
import org.koops.model.LogLine;
import org.koops.model.ModuleList;
import org.koops.model.ModuleRef;
import org.koops.model.NextStep;
import org.koops.model.OopsLine;
import org.koops.model.Register;
import org.koops.model.RegisterDump;
import org.koops.model.ReportDetails;
import org.koops.model.Taint;
import org.koops.model.Task;

/** Small reports built by hand, shaped like samples/null-deref-proc-read.log. */
final class SampleReports {
    static final Taint OOT = new Taint('O', 12, "TAINT_OOT_MODULE", "an out-of-tree module was loaded");
    static final Taint UNSIGNED = new Taint('E', 13, "TAINT_UNSIGNED_MODULE", "an unsigned module was loaded");

    private SampleReports() {
    }

    static CrashReport nullDeref() {
        LinePrefix time = new LinePrefix("[  325.912311] ", 325.912311, null, null, null, null);
        LogLine header = new LogLine(12, 900, 980, time,
                "BUG: kernel NULL pointer dereference, address: 0000000000000010");
        LogLine context = new LogLine(11, 860, 900, LinePrefix.NONE, "koops_demo: created /proc/koops_demo");
        Frame rip = new Frame("demo_show", 0x15L, 0x40L, "koops_demo", null, null, true, null, 18, null);
        Frame caller = new Frame("seq_read_iter", 0x11fL, 0x440L, null, null, null, true, "TASK", 31, null);
        Frame guess = new Frame("demo_show", 0x15L, 0x40L, "koops_demo", null, null, false, "TASK", 30, null);
        RegisterDump kernel = new RegisterDump(false, 18, List.of(
                new Register("RIP", null, "0010", rip, null),
                new Register("RBX", 0L, null, null, null),
                new Register("RDI", 0xffff9a0d43f1c780L, null, null, null),
                new Register("CR2", 0x10L, null, null, null)));
        RegisterDump user = new RegisterDump(true, 44,
                List.of(new Register("RIP", 0x7f3b2c8f819dL, "0033", null, null)));
        ReportDetails details = new ReportDetails(
                "kernel NULL pointer dereference, address: 0000000000000010",
                new OopsLine("0000", 1, List.of("PREEMPT", "SMP", "NOPTI"), 16),
                new FaultInfo(0x10L, "read", "kernel", "not-present page", 0L,
                        List.of(new Decoded("P", "0", "the page was not present"))),
                new Task(1, 4242, "cat", "G           OE     ", List.of(OOT, UNSIGNED), "6.1.0-27-amd64",
                        "#1  Debian 6.1.115-1", 17),
                "QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014",
                List.of(kernel, user),
                List.of(new CodeBytes(new byte[] {0x49, (byte) 0x89, (byte) 0xfc, (byte) 0x8b, 0x53, 0x10}, 3, 1,
                        false, null, 19)),
                List.of(guess, caller),
                new ModuleList(List.of(new ModuleRef("koops_demo", "OE", List.of(OOT, UNSIGNED)),
                        new ModuleRef("ext4", "", List.of())), null, 53),
                null, null, "0000000000000000", null, List.of(), List.of());
        Diagnosis diagnosis = new Diagnosis(Cause.NULL_POINTER_DEREFERENCE,
                "demo_show [koops_demo] read through a NULL pointer while cat read a /proc file.",
                List.of(Claim.of("The faulting address 0x10 is in the first page.", 12, 25)),
                new Culprit("demo_show", "koops_demo", List.of(OOT, UNSIGNED), rip, "RIP points into it"),
                List.of(Claim.of("Process cat (PID 4242) was in the read() system call.", 17, 39)),
                List.of("entry_SYSCALL_64_after_hwframe", "seq_read_iter", "demo_show"),
                List.of(Claim.of("The kernel is tainted.", 17)),
                List.of(new NextStep("Find the source line.", "gdb -batch -ex 'list *(demo_show+0x15)' koops_demo.ko"),
                        new NextStep("Reboot before trusting the machine again.", null)), null);
        return new CrashReport(0, "BUG: unable to handle kernel NULL pointer dereference in demo_show",
                List.of("bad-access in demo_show"), "NULL-POINTER-DEREFERENCE",
                Kind.NULL_POINTER_DEREFERENCE, Arch.X86_64, false, null, 12, 58, 900, 5300,
                List.of(header), List.of(context),
                details, diagnosis, List.of(new AnnotatedLine(header, List.of("A NULL pointer was dereferenced."))),
                null);
    }

    /** A report with nothing but a header line: every optional field absent. */
    static CrashReport bare(int index, Integer duplicateOf) {
        LogLine header = new LogLine(3, 40, 70, LinePrefix.NONE, "Kernel panic - not syncing: sysrq triggered crash");
        ReportDetails details = new ReportDetails("sysrq triggered crash", null, null, null, null, List.of(), List.of(),
                List.of(), null, null, "sysrq triggered crash", null, null, List.of(), List.of());
        Diagnosis diagnosis = new Diagnosis(Cause.DELIBERATE_PANIC, "Someone asked for a crash.", List.of(), null,
                List.of(), List.of(), List.of(), List.of(), null);
        return new CrashReport(index, "kernel panic: sysrq triggered crash", List.of(), "UNKNOWN", Kind.PANIC,
                Arch.UNKNOWN, true, "no call trace", 3, 3, 40, 70, List.of(header), List.of(), details, diagnosis,
                List.of(new AnnotatedLine(header, List.of())), duplicateOf);
    }
}
