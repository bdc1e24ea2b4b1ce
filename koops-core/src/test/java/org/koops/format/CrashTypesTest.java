package org.koops.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrashTypesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            KASAN: slab-use-after-free Read in v4l2_fh_open          | KASAN-USE-AFTER-FREE-READ
            KASAN: use-after-free in __list_del_entry                | KASAN-USE-AFTER-FREE-READ
            KASAN: null-ptr-deref Read                               | KASAN-NULL-POINTER-DEREFERENCE-READ
            KASAN: maybe wild-memory-access Write in foo             | KASAN-UNKNOWN
            INFO: task hung in rtnl_lock                             | HANG
            WARNING in foo                                           | WARNING
            WARNING: refcount bug in foo                             | REFCOUNT_WARNING
            WARNING: suspicious RCU usage in foo                     | LOCKDEP
            BUG: stack guard page was hit in foo                     | UNKNOWN
            general protection fault in foo                          | DoS
            possible deadlock in foo                                 | LOCKDEP
            unexpected kernel reboot                                 | REBOOT
            SYZFATAL: executor failed                                | SYZ_FAILURE
            KFENCE: use-after-free read in foo                       | KFENCE-USE-AFTER-FREE-READ
            BUG: Dentry still in use in unmount                      | UNKNOWN
            out of memory: killed a.out                              | UNKNOWN
            """)
    void typeOfTitle(String title, String type) {
        assertThat(CrashTypes.of(title)).isEqualTo(type);
    }
}
