package org.koops.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MangledNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            _RNvMs3_NtCshgDM7dBCdno_11rust_binder7processNtB5_7Process10update_ref | <rust_binder::process::Process>::update_ref
            _RNvXs1_CscPPBqWtAqum_11ashmem_rustNtB5_6AshmemNtNtCs43vyB533jt3_6kernel10miscdevice10MiscDevice4mmap | <ashmem_rust::Ashmem as kernel::miscdevice::MiscDevice>::mmap
            _RNvCscSpY9Juk0HT_7___rustc17rust_begin_unwind                         | __rustc::rust_begin_unwind
            _RNvNtNtCs9jEwPDbx20M_4core9panicking11panic_const24panic_const_sub_overflow | core::panicking::panic_const::panic_const_sub_overflow
            _Z8fakeNameiii                                                         | fakeName
            _ZN3foo3barEv                                                          | foo::bar
            do_sys_open                                                            | do_sys_open
            _RNvX_broken                                                           | _RNvX_broken
            _R                                                                     | _R
            """)
    void demangled(String symbol, String name) {
        assertThat(MangledNames.demangle(symbol)).isEqualTo(name);
    }
}
