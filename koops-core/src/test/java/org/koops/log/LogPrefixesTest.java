package org.koops.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.koops.model.LogLine;

class LogPrefixesTest {
    private static LogLine parse(String line) {
        return PrefixParser.parse(1, 0, line.length() + 1, line);
    }

    @Test
    void dmesgTimestamp() {
        LogLine l = parse("[ 5491.350159] BUG: kernel NULL pointer dereference, address: 0000000000000001");
        assertThat(l.prefix().seconds()).isEqualTo(5491.350159);
        assertThat(l.text()).startsWith("BUG: kernel NULL");
        assertThat(l.raw()).isEqualTo("[ 5491.350159] BUG: kernel NULL pointer dereference, address: 0000000000000001");
    }

    @Test
    void aDmesgTimestampWhoseBracketWasCutOffWhereAPasteBegins() {
        LogLine l = parse("60836.026949] refcount_t: underflow; use-after-free.");
        assertThat(l.prefix().seconds()).isEqualTo(60836.026949);
        assertThat(l.text()).isEqualTo("refcount_t: underflow; use-after-free.");
        assertThat(parse("3.14] is not a time stamp").prefix().present()).isFalse();
    }

    @Test
    void frameIndentationIsKeptAfterTheTimestamp() {
        assertThat(parse("[ 5491.350242]  seq_read_iter+0x135/0x4a0").text()).isEqualTo(" seq_read_iter+0x135/0x4a0");
    }

    @Test
    void callerIdAttachedOrSeparate() {
        LogLine attached = parse("[   72.159680][ T1234] BUG: KASAN: use-after-free in f+0x1/0x2");
        assertThat(attached.prefix().caller()).isEqualTo("T1234");
        assertThat(attached.text()).startsWith("BUG: KASAN");
        LogLine separate = parse("[ 79.803924] [T969] Kernel panic - not syncing: sysrq triggered crash");
        assertThat(separate.prefix().caller()).isEqualTo("T969");
        assertThat(separate.text()).startsWith("Kernel panic");
        assertThat(parse("[   12.000001][    C1] rcu: INFO: rcu_preempt detected stalls").prefix().caller()).isEqualTo("C1");
    }

    @Test
    void syslogAndJournal() {
        LogLine l = parse("Nov 21 10:00:01 myhost kernel: [ 12.5] Oops: 0000 [#1] SMP");
        assertThat(l.prefix().host()).isEqualTo("myhost");
        assertThat(l.prefix().wallClock()).isEqualTo("Nov 21 10:00:01");
        assertThat(l.prefix().seconds()).isEqualTo(12.5);
        assertThat(l.text()).isEqualTo("Oops: 0000 [#1] SMP");
        LogLine iso = parse("2026-11-21T10:00:01.123456+00:00 myhost kernel: RIP: 0010:f+0x1/0x2");
        assertThat(iso.prefix().host()).isEqualTo("myhost");
        assertThat(iso.text()).isEqualTo("RIP: 0010:f+0x1/0x2");
    }

    @Test
    void openWrtLogreadLinesShareOneShapeWhateverTheirLevel() {
        LogLine alert = parse("Mon Jan  6 08:00:01 2025 kern.alert kernel: [  100.000001] CPU 0 Unable to handle kernel paging request");
        LogLine warn = parse("Mon Jan  6 08:00:01 2025 kern.warn kernel: [  100.000002] $ 0   : 00000000 00000001 80a4c000 00000000");
        assertThat(alert.prefix().host()).isNull();
        assertThat(alert.prefix().kernel()).isTrue();
        assertThat(warn.text()).startsWith("$ 0   :");
        assertThat(PrefixShape.learn(alert).fits(warn)).isTrue();
        assertThat(parse("Mon Jan  6 08:00:01 2025 daemon.info dnsmasq[1234]: query").prefix().kernel()).isFalse();
    }

    @Test
    void levelAndHumanDate() {
        LogLine level = parse("<4>[   10.000000] WARNING: CPU: 0 PID: 1 at a.c:1 f+0x1/0x2");
        assertThat(level.prefix().level()).isEqualTo(4);
        assertThat(level.text()).startsWith("WARNING:");
        LogLine human = parse("[Sat Nov 21 10:00:01 2026] BUG: soft lockup - CPU#2 stuck for 26s! [x:1]");
        assertThat(human.prefix().wallClock()).isEqualTo("Sat Nov 21 10:00:01 2026");
        assertThat(human.text()).startsWith("BUG: soft lockup");
        assertThat(parse("kern  :emerg : Kernel panic - not syncing: x").text()).isEqualTo("Kernel panic - not syncing: x");
    }

    @Test
    void journalMonthsInAnyLanguage() {
        for (String month : new String[] {"дек", "кві", "déc.", "Dez", "12月", "gru"}) {
            LogLine l = parse(month + " 06 10:17:39 spock kernel: BUG: scheduling while atomic: init/1/0x00000002");
            assertThat(l.text()).as(month).isEqualTo("BUG: scheduling while atomic: init/1/0x00000002");
            assertThat(l.prefix().wallClock()).isEqualTo(month + " 06 10:17:39");
            assertThat(l.prefix().host()).isEqualTo("spock");
        }
    }

    @Test
    void syslogWithoutHostAndOtherPrograms() {
        LogLine hostless = parse("Aug 13 12:28:38 kernel: [ 3846.639479] BUG: kernel NULL pointer dereference");
        assertThat(hostless.prefix().forms()).containsExactly("syslog time", "kernel tag", "dmesg time");
        assertThat(hostless.prefix().seconds()).isEqualTo(3846.639479);
        assertThat(hostless.text()).isEqualTo("BUG: kernel NULL pointer dereference");
        LogLine program = parse("Dec  6 10:17:39 myhost gnome-shell[1734]: WARNING: something in JS");
        assertThat(program.prefix().tag()).isEqualTo("gnome-shell[1734]");
        assertThat(program.prefix().kernel()).isFalse();
        assertThat(parse("Nov 19 12:34:38 :HOSTNAME: kernel: general protection fault").prefix().host()).isEqualTo(":HOSTNAME:");
    }

    @Test
    void aWordAndAColonAfterADateIsTheKernelsOwnText() {
        LogLine l = parse("2025-12-06T10:17:39,123456+01:00 WARNING: CPU: 0 PID: 1 at a.c:1 f+0x1/0x2");
        assertThat(l.prefix().forms()).containsExactly("dmesg ISO time");
        assertThat(l.text()).startsWith("WARNING: CPU: 0");
        assertThat(parse("2025-12-06T10:17:39.123456+01:00 myhost kernel: RIP: 0010:f+0x1/0x2").prefix().host()).isEqualTo("myhost");
    }

    @Test
    void moreJournalAndCaptureDates() {
        LogLine full = parse("Fri 2025-12-05 10:17:39 CET myhost kernel: Oops: 0000 [#1] SMP");
        assertThat(full.prefix().wallClock()).isEqualTo("Fri 2025-12-05 10:17:39 CET");
        assertThat(full.prefix().host()).isEqualTo("myhost");
        assertThat(full.text()).isEqualTo("Oops: 0000 [#1] SMP");
        assertThat(parse("1764926259.123456 myhost kernel: Oops: 0000 [#1] SMP").text()).isEqualTo("Oops: 0000 [#1] SMP");
        LogLine capture = parse("[2025-12-05 10:17:39.123] [  312.408424] Oops: 0000 [#1] SMP");
        assertThat(capture.prefix().forms()).containsExactly("bracketed date", "dmesg time");
        assertThat(capture.prefix().seconds()).isEqualTo(312.408424);
        assertThat(parse("kernel: [  312.408424] Oops: 0000 [#1] SMP").text()).isEqualTo("Oops: 0000 [#1] SMP");
    }

    @Test
    void mailQuotes() {
        LogLine nested = parse("> > [ 12.000001] Call Trace:");
        assertThat(nested.prefix().forms()).containsExactly("quote", "dmesg time");
        assertThat(nested.text()).isEqualTo("Call Trace:");
        assertThat(parse(">  seq_read_iter+0x11f/0x4a0").text()).isEqualTo(" seq_read_iter+0x11f/0x4a0");
        assertThat(parse(">").prefix().forms()).containsExactly("quote");
        // KASAN marks the row of the bad address with '>': a quote mark is followed by a blank.
        assertThat(parse(">ffff888104f3a000: fa fb fb fb").prefix().present()).isFalse();
        assertThat(parse("> >ffff888104f3a000: fa fb fb fb").text()).isEqualTo(">ffff888104f3a000: fa fb fb fb");
    }

    @Test
    void wrappersNeedAPrefixAfterThem() {
        assertThat(parse("  11746 [46223316.652645] CPU: 0 PID: 282859").prefix().forms())
                .containsExactly("indentation", "line number", "dmesg time");
        assertThat(parse("/ # [90216.140000] watchdog: BUG: soft lockup").prefix().forms()).containsExactly("shell prompt", "dmesg time");
        assertThat(parse("[root@fedora gpio]# [38179.087918] Unable to handle kernel paging request").text())
                .startsWith("Unable to handle");
        assertThat(parse("root@hikey:~# . /lava-570975[   36.912468] IPv6: eth0: link becomes ready").text())
                .isEqualTo("IPv6: eth0: link becomes ready");
        assertThat(parse("syzkaller login: [   41.284722] BUG: KASAN: slab-use-after-free").text()).startsWith("BUG: KASAN");
        // Alone they are the message's own text.
        for (String text : new String[] {"4 locks held by kworker/0:1/42:", "root@host:~# dmesg | tail", "    RIP: 0010:f+0x1/0x2",
                "  #0: ffff888100a5c0a8 (&rq->lock){-.-.}-{2:2}, at: __schedule+0x1c4/0x860"}) {
            assertThat(parse(text).prefix().present()).as(text).isFalse();
        }
    }

    @Test
    void kmsgRecords() {
        LogLine l = parse("4,1832,312408424,-,caller=T4242;BUG: kernel NULL pointer dereference\\x0a");
        assertThat(l.prefix().level()).isEqualTo(4);
        assertThat(l.prefix().seconds()).isEqualTo(312.408424);
        assertThat(l.prefix().caller()).isEqualTo("T4242");
        assertThat(l.text()).isEqualTo("BUG: kernel NULL pointer dereference ");
        assertThat(parse("12,1833,312408500,-;systemd[1]: Started demo").prefix().kernel()).isFalse();
        assertThat(parse(" SUBSYSTEM=pci").prefix().present()).isFalse();
    }

    @Test
    void jsonRecords() {
        LogLine dmesg = parse("         \"msg\": \"RIP: 0010:demo_show+0x12/0x40 [demo] \\\"x\\\" \\u003c\\\\\"");
        assertThat(dmesg.text()).isEqualTo("RIP: 0010:demo_show+0x12/0x40 [demo] \"x\" <\\");
        LogLine journal = parse("{\"__CURSOR\":\"s=1\",\"_SOURCE_MONOTONIC_TIMESTAMP\":\"312408424\",\"PRIORITY\":\"1\","
                + "\"SYSLOG_IDENTIFIER\":\"kernel\",\"MESSAGE\":\"Oops: 0000 [#1] SMP\",\"_HOSTNAME\":\"spock\"}");
        assertThat(journal.text()).isEqualTo("Oops: 0000 [#1] SMP");
        assertThat(journal.prefix().seconds()).isEqualTo(312.408424);
        assertThat(journal.prefix().level()).isEqualTo(1);
        assertThat(journal.prefix().host()).isEqualTo("spock");
        assertThat(journal.prefix().kernel()).isTrue();
        assertThat(parse("\t\"MESSAGE\" : \"Call Trace:\",").text()).isEqualTo("Call Trace:");
        assertThat(parse("MESSAGE=Call Trace:").text()).isEqualTo("Call Trace:");
    }

    @Test
    void vendorTaskContext() {
        LogLine l = parse("<3>[ 9688.145369]  [0:files_database_:11583] BUG: using smp_processor_id() in preemptible");
        assertThat(l.prefix().caller()).isEqualTo("T11583");
        assertThat(l.prefix().level()).isEqualTo(3);
        assertThat(l.text()).startsWith("BUG: using");
    }

    @Test
    void plainTextIsLeftAlone() {
        LogLine l = parse("    - an annotation under a line");
        assertThat(l.prefix().present()).isFalse();
        assertThat(l.text()).isEqualTo("    - an annotation under a line");
    }
}
