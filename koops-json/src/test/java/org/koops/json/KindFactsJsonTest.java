package org.koops.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.koops.Koops;
import org.koops.model.CrashReport;
import org.koops.text.ReportText;

/**
 * A sanitizer report's access, object and origins, lockdep's cycle and a stall's waiter, in JSON and in the summary
 * block of the text; the annotated lines' references to notes said earlier, in both.
 */
class KindFactsJsonTest {
    private static final String KASAN = """
            [   44.201100] ==================================================================
            [   44.201200] BUG: KASAN: slab-use-after-free in ring_pop+0x44/0x80
            [   44.201300] Write of size 4 at addr ffff88800b3c4e10 by task rb_reader/733
            [   44.201400] CPU: 1 PID: 733 Comm: rb_reader Not tainted 6.7.0 #2
            [   44.201500] Call Trace:
            [   44.201600]  <TASK>
            [   44.201700]  dump_stack_lvl+0x4a/0x80
            [   44.201800]  kasan_report+0xc0/0x100
            [   44.201900]  ring_pop+0x44/0x80
            [   44.202000]  reader_fn+0x30/0x60
            [   44.202100]  </TASK>
            [   44.202150]
            [   44.202200] Allocated by task 730:
            [   44.202250]  kasan_save_stack+0x22/0x50
            [   44.202300]  __kmalloc+0x1d0/0x380
            [   44.202400]  ring_create+0x2a/0x90
            [   44.202450]
            [   44.202500] Freed by task 733:
            [   44.202550]  kasan_save_stack+0x22/0x50
            [   44.202600]  kfree+0x8a/0x170
            [   44.202700]  ring_destroy+0x19/0x30
            [   44.202750]
            [   44.202800] The buggy address belongs to the object at ffff88800b3c4e00
            [   44.202900]  which belongs to the cache kmalloc-32 of size 32
            [   44.203000] The buggy address is located 40 bytes to the right of
            [   44.203100]  32-byte region [ffff88800b3c4e00, ffff88800b3c4e20)
            [   44.203600] ==================================================================
            """;

    private static CrashReport kasan() {
        return Koops.create().withoutDisassembler().analyze("kasan.log", KASAN).reports().get(0);
    }

    @Test
    void memoryAccessIsInTheDiagnosis() {
        JsonNode d = ReportJson.create().tree(kasan()).get("diagnosis");
        JsonNode a = d.get("memoryAccess");
        assertThat(a.get("bug").asText()).isEqualTo("slab-use-after-free");
        assertThat(a.get("access").asText()).isEqualTo("write");
        assertThat(a.get("size").asInt()).isEqualTo(4);
        assertThat(a.get("address").asText()).isEqualTo("0xffff88800b3c4e10");
        assertThat(a.get("cache").asText()).isEqualTo("kmalloc-32");
        assertThat(a.get("offset").asLong()).isEqualTo(40);
        assertThat(a.get("relation").asText()).isEqualTo("right");
        assertThat(a.get("origins").get(1).get("what").asText()).isEqualTo("freed");
        assertThat(a.get("origins").get(1).get("caller").asText()).isEqualTo("ring_destroy");
        assertThat(a.get("freedByAccessingTask").asBoolean()).isTrue();
        assertThat(d.get("lockCycle").isNull()).isTrue();
        assertThat(d.get("stall").isNull()).isTrue();
    }

    @Test
    void summaryBlockShowsAccessObjectAndOrigins() {
        String text = ReportText.create(ReportText.Highlighter.PLAIN, true).text("kasan.log", kasan(), 0);
        assertThat(text).contains("Access:       write of 4 bytes at 0xffff88800b3c4e10 by task rb_reader/733 "
                + "(slab-use-after-free)")
                .contains("Object:       40 bytes past the end of a 32-byte object of cache kmalloc-32 at 0xffff88800b3c4e00")
                .contains("Allocated:    by task 730: ring_create")
                .contains("Freed:        by task 733, the task of the bad access: ring_destroy");
    }

    @Test
    void laterLinesReferToNotesSaidEarlier() {
        CrashReport r = kasan();
        String text = ReportText.create(ReportText.Highlighter.PLAIN, false).text("kasan.log", r, 0);
        long freedHeading = r.annotated().stream().filter(l -> l.line().text().startsWith("Freed by")).findFirst()
                .orElseThrow().line().number();
        assertThat(text).contains("kfree+0x8a/0x170   (as ");
        JsonNode annotated = ReportJson.create().withAnnotated(true).tree(r).get("annotated");
        assertThat(annotated).anyMatch(l -> l.get("line").asLong() > freedHeading && l.get("sameAs").size() > 0
                && l.get("meanings").isEmpty());
    }

    /** A lockup's stalled code loops in a function, it waits on nothing: the text says so, not "waits on something". */
    @Test
    void aLockupLoopsWhereItWasFound() {
        CrashReport r = Koops.create().withoutDisassembler().analyze("lockup.log", """
                [   56.000001] watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [spinner:812]
                [   56.000002] CPU: 1 PID: 812 Comm: spinner Tainted: G             L     6.1.0 #1
                [   56.000003] RIP: 0010:spin_wait+0x13/0x24
                [   56.000004] RSP: 0018:ffffb0a5c0003e98 EFLAGS: 00000246
                [   56.000005] Call Trace:
                [   56.000006]  <TASK>
                [   56.000007]  spin_run+0x20/0x40
                [   56.000008]  kthread+0xe8/0x110
                [   56.000009]  </TASK>
                """).reports().get(0);
        assertThat(ReportText.create(ReportText.Highlighter.PLAIN, true).text("lockup.log", r, 0)).contains("loops in spin_wait").doesNotContain("waits on something");
    }

    /** The culprit module's taint letters are the kernel's too: explained once, under Consequences. */
    @Test
    void taintLettersAreExplainedOnce() {
        CrashReport r = Koops.create().withoutDisassembler().analyze("oops.log", """
                [  100.000001] BUG: kernel NULL pointer dereference, address: 0000000000000008
                [  100.000002] #PF: supervisor read access in kernel mode
                [  100.000003] Oops: 0000 [#1] PREEMPT SMP
                [  100.000004] Modules linked in: ticker(OE)
                [  100.000005] CPU: 1 PID: 812 Comm: tickd Tainted: G           OE      6.1.0 #1
                [  100.000006] RIP: 0010:tick_fn+0x13/0x24 [ticker]
                [  100.000007] Call Trace:
                [  100.000008]  <TASK>
                [  100.000009]  run_ticker+0x20/0x40 [ticker]
                [  100.000010]  </TASK>
                [  100.000011] ---[ end trace 0000000000000000 ]---
                """).reports().get(0);
        String text = ReportText.create(ReportText.Highlighter.PLAIN, true).text("oops.log", r, 0);
        assertThat(text).contains("tick_fn in module ticker (taint OE, see Consequences)");
        assertThat(text.split("externally built", -1)).hasSize(2);
    }
}
