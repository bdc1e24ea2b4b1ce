package org.koops.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameFamiliesTest {

    @ParameterizedTest
    @CsvSource({
        "dump_stack_lvl, REPORTING, true",
        "__warn, REPORTING, true",
        "fixup_bug, TRAP, true",
        "kasan_report, SANITIZER, true",
        "register_lock_class, CHECKER, true",
        "__might_resched, CHECKER, true",
        "_raw_spin_lock_irqsave, LOCK, true",
        "call_rwsem_down_read_failed, LOCK, true",
        "__kmalloc, ALLOCATOR, true",
        "rb_erase, DATA_STRUCTURE, true",
        "__list_add_valid_or_report, DATA_STRUCTURE, true",
        "refcount_warn_saturate, DATA_STRUCTURE, true",
        "__refcount_add, DATA_STRUCTURE, false",
        "memcpy_erms, LIBRARY, true",
        "ioread32, LIBRARY, false",
        "kobject_put, PLUMBING, true",
        "do_syscall_64, ENTRY, false",
        "kunit_try_run_case, ENTRY, false",
        "do_exit, EXIT, false",
        "asm_exc_page_fault, TRAP, false",
        "ret_from_exception, TRAP, false",
        "lab_list_remove, , ",
        "single_show, , "})
    void eachFunctionIsInItsFamily(String function, FrameFamilies.Role role, Boolean titles) {
        FrameFamilies.Family family = FrameFamilies.of(function);
        if (role == null) {
            assertThat(family).as(function).isNull();
        } else {
            assertThat(family).as(function).isNotNull();
            assertThat(family.role()).as(function).isEqualTo(role);
            assertThat(family.titles()).as(function).isEqualTo(titles);
        }
    }

    @Test
    void aCloneSuffixDoesNotChangeTheFamily() {
        assertThat(FrameFamilies.of("__list_del_entry_valid.cold")).isSameAs(FrameFamilies.of("__list_del_entry_valid"));
        assertThat(FrameFamilies.of("lab_list_remove.constprop.0")).isNull();
        assertThat(FrameFamilies.baseName("lab_conn_put.constprop.0")).isEqualTo("lab_conn_put");
    }

    @Test
    void titlesPassOverOnlyTheFamiliesMarkedForThem() {
        Pattern skip = Pattern.compile(FrameFamilies.titleSkip());
        assertThat(skip.matcher("rb_erase").find()).isTrue();
        assertThat(skip.matcher("dump_stack").find()).isTrue();
        assertThat(skip.matcher("kunit_try_run_case").find()).as("culprit only").isFalse();
        assertThat(skip.matcher("do_syscall_64").find()).as("culprit only").isFalse();
        assertThat(skip.matcher("lab_warn_check").find()).isFalse();
    }

    @Test
    void codeThatReportsOrEntersIsNeverAVictim() {
        assertThat(FrameFamilies.Role.REPORTING.victim()).isFalse();
        assertThat(FrameFamilies.Role.TRAP.victim()).isFalse();
        assertThat(FrameFamilies.Role.ENTRY.victim()).isFalse();
        assertThat(FrameFamilies.Role.DATA_STRUCTURE.victim()).isTrue();
        assertThat(FrameFamilies.Role.ALLOCATOR.victim()).isTrue();
        assertThat(FrameFamilies.of("__kmalloc").reason()).contains("corrupted earlier");
    }
}
