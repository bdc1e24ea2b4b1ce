package org.koops.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;
import org.koops.Koops;
import org.koops.model.CrashReport;
import org.koops.model.LogAnalysis;
import org.koops.model.LogLine;

/**
 * One report written in every per-line prefix form koops knows, each log a few prose lines, the
 * report with its prefix, and lines after it: the report must be found whole (its first line without
 * the prefix, its call trace and its module list read), whatever the prefix, and lines of something
 * else in its middle must be skipped, not end it.
 */
class PrefixedReportsTest {
    private static final String TITLE = "BUG: unable to handle kernel NULL pointer dereference in demo_show";
    private static final List<String> REPORT = List.of(
            "BUG: kernel NULL pointer dereference, address: 0000000000000010",
            "#PF: supervisor read access in kernel mode",
            "#PF: error_code(0x0000) - not-present page",
            "PGD 0 P4D 0 ",
            "Oops: 0000 [#1] PREEMPT SMP NOPTI",
            "CPU: 1 PID: 4242 Comm: cat Tainted: G           OE      6.1.0-18-amd64 #1 Debian 6.1.76-1",
            "Hardware name: QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014",
            "RIP: 0010:demo_show+0x12/0x40 [demo]",
            "Code: 00 00 00 0f 1f 44 00 00 55 48 89 e5 53 48 89 fb 48 8b 47 70 <8b> 50 10 48 c7 c6 20 30 a0 c0 5b 5d c3",
            "RSP: 0018:ffffb1c2c0d7bd80 EFLAGS: 00010246",
            "RAX: 0000000000000000 RBX: ffff8f0a4a5c3000 RCX: 0000000000000000",
            "Call Trace:",
            " <TASK>",
            " seq_read_iter+0x11f/0x4a0",
            " vfs_read+0x1d6/0x2f0",
            " ksys_read+0x6b/0xf0",
            " do_syscall_64+0x58/0xc0",
            " entry_SYSCALL_64_after_hwframe+0x64/0xce",
            " </TASK>",
            "Modules linked in: demo(OE) nls_ascii",
            "CR2: 0000000000000010",
            "---[ end trace 0000000000000000 ]---");
    private static final List<String> BEFORE = List.of("demo: loading out-of-tree module taints kernel.",
            "demo: /proc/demo created");
    private static final List<String> AFTER = List.of("usb 1-1: new high-speed USB device number 2 using xhci_hcd",
            "usb 1-1: New USB device found, idVendor=0627, idProduct=0001",
            "input: QEMU QEMU USB Tablet as /devices/pci0000:00/0000:00:01.2/usb1/1-1/input/input5");

    /** Writes a log: prose, then the kernel lines before, in and after the report with {@code prefix} applied. */
    private static String log(BiFunction<Integer, String, String> prefix) {
        List<String> lines = new ArrayList<>(List.of("Here is what dmesg showed after cat /proc/demo:", ""));
        List<String> kernel = new ArrayList<>(BEFORE);
        kernel.addAll(REPORT);
        kernel.addAll(AFTER);
        for (int i = 0; i < kernel.size(); i++) {
            lines.add(prefix.apply(i, kernel.get(i)));
        }
        lines.add("");
        lines.add("Any idea what is wrong?");
        return String.join("\n", lines) + "\n";
    }

    private static String seconds(int i) {
        return String.format("%5d.%06d", 312, 408390 + i * 17);
    }

    private static CrashReport whole(String log) {
        LogAnalysis a = Koops.create().withoutDisassembler().analyze("prefixed.log", log);
        assertThat(a.reports()).as("reports in\n%s", log).hasSize(1);
        CrashReport r = a.reports().get(0);
        assertThat(r.title()).as("title of\n%s", log).isEqualTo(TITLE);
        List<String> texts = r.lines().stream().map(LogLine::text).toList();
        assertThat(texts).as("lines of\n%s", log).containsExactlyElementsOf(REPORT);
        assertThat(r.details().task().comm()).isEqualTo("cat");
        assertThat(r.diagnosis().culprit().module()).isEqualTo("demo");
        return r;
    }

    @Test
    void dmesg() {
        CrashReport r = whole(log((i, l) -> "[" + seconds(i) + "] " + l));
        assertThat(r.lines().get(0).prefix().seconds()).isEqualTo(312.408424);
    }

    @Test
    void dmesgTimeStampsWithoutFractionDigits() {
        CrashReport r = whole(log((i, l) -> "[  " + (240 + i / 10) + ".] " + l));
        assertThat(r.lines().get(0).prefix().seconds()).isEqualTo(240.0);
    }

    @Test
    void dmesgWithCallerId() {
        assertThat(whole(log((i, l) -> "[" + seconds(i) + "][ T4242] " + l)).lines().get(0).prefix().caller()).isEqualTo("T4242");
    }

    @Test
    void consoleLevel() {
        assertThat(whole(log((i, l) -> "<" + (i % 2 == 0 ? 1 : 4) + ">[" + seconds(i) + "] " + l)).lines().get(0).prefix().level())
                .isEqualTo(1);
    }

    @Test
    void dmesgHumanDatesInAnyLocale() {
        assertThat(whole(log((i, l) -> "[Sat Dec  6 10:17:" + (30 + i % 20) + " 2025] " + l)).lines().get(0).prefix().wallClock())
                .isEqualTo("Sat Dec  6 10:17:32 2025");
        whole(log((i, l) -> "[сб дек  6 10:17:" + (30 + i % 20) + " 2025] " + l));
        whole(log((i, l) -> "[Sa 6. Dez 10:17:" + (30 + i % 20) + " 2025] " + l));
    }

    @Test
    void dmesgDecodedFacility() {
        whole(log((i, l) -> "kern  :" + (i < 2 ? "info  " : "alert ") + ": [" + seconds(i) + "] " + l));
    }

    @Test
    void syslog() {
        CrashReport r = whole(log((i, l) -> "Dec  6 10:17:39 myhost kernel: " + l));
        assertThat(r.lines().get(0).prefix().host()).isEqualTo("myhost");
        assertThat(r.lines().get(0).prefix().tag()).isEqualTo("kernel");
    }

    @Test
    void syslogWithoutHostAndWithKernelTime() {
        whole(log((i, l) -> "Aug 13 12:28:38 kernel: [" + seconds(i) + "] " + l));
    }

    @Test
    void syslogAndJournalShortPreciseWithoutHost() {
        // Without a host, kernel: is the tag even before a message that starts with a word and a colon (BUG:, RIP:).
        whole(log((i, l) -> "Dec  6 10:17:39 kernel: " + l));
        CrashReport r = whole(log((i, l) -> "Dec 06 10:17:39." + (545439 + i) + " kernel: " + l));
        assertThat(r.lines().get(0).prefix().host()).isNull();
        assertThat(r.lines().get(0).prefix().tag()).isEqualTo("kernel");
    }

    @Test
    void journalInAnyLanguage() {
        whole(log((i, l) -> "дек 06 10:17:39 myhost kernel: " + l));
        whole(log((i, l) -> "гру 06 10:17:39 myhost kernel: " + l));
        whole(log((i, l) -> "12月 06 10:17:39 myhost kernel: " + l));
        whole(log((i, l) -> "déc. 06 10:17:39 myhost kernel: " + l));
    }

    @Test
    void isoDates() {
        whole(log((i, l) -> "2025-12-06T10:17:39.123456+01:00 myhost kernel: " + l));
        whole(log((i, l) -> "2025-12-06T10:17:39,12" + i + "+01:00 " + l));
        whole(log((i, l) -> "Sat 2025-12-06 10:17:39 CET myhost kernel: " + l));
        whole(log((i, l) -> "1765012659." + (100000 + i) + " myhost kernel: " + l));
    }

    @Test
    void serialCaptureTimesBeforeTheKernels() {
        whole(log((i, l) -> "[2025-12-06 10:17:39." + (100 + i) + "] [" + seconds(i) + "] " + l));
        whole(log((i, l) -> "[10:17:39." + (100 + i) + "] " + l));
    }

    @Test
    void journalShortMonotonic() {
        whole(log((i, l) -> "[" + seconds(i) + "] myhost kernel: " + l));
    }

    @Test
    void mailQuotes() {
        whole(log((i, l) -> "> [" + seconds(i) + "] " + l));
        whole(log((i, l) -> "> > " + l));
        whole(log((i, l) -> ">> Dec  6 10:17:39 myhost kernel: " + l));
    }

    @Test
    void editorLineNumbers() {
        whole(log((i, l) -> String.format("%6d [%s] %s", 1201 + i, seconds(i), l)));
        whole(log((i, l) -> String.format("%6d %s", 1201 + i, l)));
    }

    @Test
    void indentation() {
        whole(log((i, l) -> "    [" + seconds(i) + "] " + l));
        whole(log((i, l) -> "\t" + l));
    }

    @Test
    void shellPromptsGluedToTheFirstKernelLine() {
        whole(log((i, l) -> (i == 0 ? "/ # " : "") + "[" + seconds(i) + "] " + l));
        whole(log((i, l) -> (i == 2 ? "root@host:~# " : "") + "[" + seconds(i) + "] " + l));
        whole(log((i, l) -> (i == 2 ? "[root@host demo]# " : "") + "[" + seconds(i) + "] " + l));
        whole(log((i, l) -> (i == 2 ? "# ok 1 selftests: demo" : "") + "[" + seconds(i) + "] " + l));
    }

    @Test
    void kmsgRecordsWithDictionaryLines() {
        whole(log((i, l) -> "4," + (500 + i) + ",312408" + (100 + i) + ",-;" + l + (i == 9 ? "\n SUBSYSTEM=pci\n DEVICE=+pci:0000:00:1f.3" : "")));
        whole(log((i, l) -> "4," + (500 + i) + ",312408" + (100 + i) + ",-,caller=T4242;" + l));
    }

    @Test
    void dmesgJson() {
        String log = log((i, l) -> "      {\n         \"pri\": 4,\n         \"time\": " + seconds(i) + ",\n         \"msg\": \""
                + json(l) + "\"\n      },");
        whole("{\n   \"dmesg\": [\n" + log + "   ]\n}\n");
    }

    @Test
    void journalJson() {
        CrashReport r = whole(log((i, l) -> "{\"__CURSOR\":\"s=7;i=" + i + "\",\"__REALTIME_TIMESTAMP\":\"1765012659123456\","
                + "\"_SOURCE_MONOTONIC_TIMESTAMP\":\"312408" + (100 + i) + "\",\"_TRANSPORT\":\"kernel\",\"PRIORITY\":\"1\","
                + "\"SYSLOG_IDENTIFIER\":\"kernel\",\"MESSAGE\":\"" + json(l) + "\",\"_HOSTNAME\":\"myhost\"}"));
        assertThat(r.lines().get(0).prefix().host()).isEqualTo("myhost");
        assertThat(r.lines().get(0).prefix().seconds()).isEqualTo(312.408102);
    }

    @Test
    void journalJsonPrettyAndExport() {
        whole(log((i, l) -> "{\n\t\"__CURSOR\" : \"s=7;i=" + i + "\",\n\t\"_TRANSPORT\" : \"kernel\",\n\t\"MESSAGE\" : \"" + json(l)
                + "\",\n\t\"_HOSTNAME\" : \"myhost\"\n}"));
        whole(log((i, l) -> "__CURSOR=s=7;i=" + i + "\n__MONOTONIC_TIMESTAMP=312408" + (100 + i) + "\n_TRANSPORT=kernel\nPRIORITY=1\n"
                + "SYSLOG_IDENTIFIER=kernel\nMESSAGE=" + l + "\n_HOSTNAME=myhost\n"));
    }

    @Test
    void vendorTaskContext() {
        assertThat(whole(log((i, l) -> "<3>[" + seconds(i) + "]  [1:              cat: 4242] " + l)).lines().get(0).prefix().caller())
                .isEqualTo("T4242");
    }

    @Test
    void oneOddLineInTheMiddleIsSkipped() {
        whole(log((i, l) -> (i == 10 ? "Dec  6 10:17:39 myhost systemd[1]: Started demo.service.\n" : "")
                + "Dec  6 10:17:39 myhost kernel: " + l));
        whole(log((i, l) -> (i == 10 ? "Dec  6 10:17:39 otherhost kernel: usb 2-1: USB disconnect, device number 3\n" : "")
                + "Dec  6 10:17:39 myhost kernel: " + l));
        whole(log((i, l) -> (i == 10 ? "> I cut a few lines here\n" : "") + "> > [" + seconds(i) + "] " + l));
        whole(log((i, l) -> (i == 10 ? "(some lines removed)\n" : "") + "дек 06 10:17:39 myhost kernel: " + l));
    }

    @Test
    void crlf() {
        whole(log((i, l) -> "> [" + seconds(i) + "] " + l + "\r"));
        whole(log((i, l) -> "Dec  6 10:17:39 myhost kernel: " + l + "\r"));
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("<", "\\u003c");
    }
}
