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
    void plainTextIsLeftAlone() {
        LogLine l = parse("    - an annotation under a line");
        assertThat(l.prefix().present()).isFalse();
        assertThat(l.text()).isEqualTo("    - an annotation under a line");
    }
}
