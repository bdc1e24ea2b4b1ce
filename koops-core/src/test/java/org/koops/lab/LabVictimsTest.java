package org.koops.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.koops.Koops;
import org.koops.model.CrashReport;
import org.koops.model.Culprit;

/**
 * On the crash lab's real consoles, the generic code a crash happened in is named as the culprit's victim, with the
 * function that called it: the list-debug check and the reference-count helper report what their caller did, the
 * rb-tree code faults on the node its caller corrupted, the allocator on the free list a use-after-free overwrote.
 */
class LabVictimsTest {

    @ParameterizedTest
    @CsvSource({
        "x86_64/list-corruption.log, __list_del_entry_valid, __list_del_entry_valid.cold+0x5c/0x6f, lab_list_remove, lab_list",
        "arm64/list-corruption.log, __list_del_entry_valid, , lab_list_remove, lab_list",
        "x86_64/refcount-underflow.log, refcount_warn_saturate, , lab_conn_put, lab_refcount",
        "arm64/refcount-underflow.log, refcount_warn_saturate, refcount_warn_saturate+0xf4/0x144, lab_conn_put, lab_refcount",
        "x86_64/rbtree-corruption.log, rb_erase, rb_erase+0x1d/0x370, lab_rb_remove, lab_rbtree",
        "arm64/rbtree-corruption.log, rb_erase, rb_erase+0x10/0x3ac, lab_rbtree_write, lab_rbtree",
        "x86_64/freelist-corruption.log, kmem_cache_alloc, kmem_cache_alloc+0xeb/0x300, lab_item_new, lab_freelist",
        "arm64/freelist-corruption.log, kmem_cache_alloc, kmem_cache_alloc+0xf0/0x314, lab_item_new, lab_freelist"})
    void theHelperIsTheVictimOfTheModuleThatCalledIt(String fixture, String victim, String printed, String culprit,
                                                     String module) throws IOException {
        CrashReport r = Koops.create().analyze(LabFixturesTest.lab().resolve("fixtures").resolve(fixture)).reports().get(0);
        Culprit c = r.diagnosis().culprit();
        assertThat(c.function()).isEqualTo(culprit);
        assertThat(c.module()).isEqualTo(module);
        assertThat(c.victim()).as("victim").isNotNull();
        assertThat(c.victim().function()).isEqualTo(victim);
        assertThat(c.victim().calledBy()).isEqualTo(culprit);
        if (printed != null) {
            assertThat(c.victim().frame().symbolic()).isEqualTo(printed);
        }
        assertThat(r.diagnosis().summary()).contains(" on behalf of " + c.frame().symbolic());
    }
}
