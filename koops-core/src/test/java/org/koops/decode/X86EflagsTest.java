package org.koops.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;
import org.koops.model.Decoded;

class X86EflagsTest {

    @Test
    void resumeAndInterruptFlags() {
        assertThat(X86Eflags.decode(0x00010202)).extracting(Decoded::name, Decoded::value)
                .containsExactly(tuple("IF", "1"),
                        tuple("RF", "1"));
        assertThat(X86Eflags.interruptsEnabled(0x00010202)).isTrue();
    }

    @Test
    void arithmeticFlags() {
        assertThat(X86Eflags.setFlags(0x246)).containsExactly("PF", "ZF", "IF");
    }

    @Test
    void interruptsDisabledIsStated() {
        Decoded flag = X86Eflags.decode(0x00010046).stream().filter(d -> d.name().equals("IF")).findFirst()
                .orElseThrow();
        assertThat(flag.value()).isEqualTo("0");
        assertThat(flag.meaning()).contains("interrupts were disabled");
    }

    @Test
    void ioplAndReservedBits() {
        assertThat(X86Eflags.decode(0x3202)).extracting(Decoded::name).contains("IOPL");
        assertThat(X86Eflags.decode(0x1_0000_0202L)).extracting(Decoded::name).contains("bit 32");
    }
}
