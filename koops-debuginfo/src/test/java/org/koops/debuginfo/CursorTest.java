package org.koops.debuginfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteOrder;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** LEB128 and fixed-size reads; the examples are those of DWARF 5 §7.6, Tables 7.7 and 7.8. */
class CursorTest {
    @ParameterizedTest
    @CsvSource({"2, 02", "127, 7f", "128, 8001", "129, 8101", "130, 8201", "12857, b964",
            "18446744073709551615, ffffffffffffffffff01"})
    void unsignedLeb128(String value, String hex) {
        Cursor c = cursor(hex);
        assertThat(Long.toUnsignedString(c.uleb())).isEqualTo(value);
        assertThat(c.atEnd()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"2, 02", "-2, 7e", "127, ff00", "-127, 817f", "128, 8001", "-128, 807f", "129, 8101", "-129, ff7e"})
    void signedLeb128(long value, String hex) {
        Cursor c = cursor(hex);
        assertThat(c.sleb()).isEqualTo(value);
        assertThat(c.atEnd()).isTrue();
    }

    @Test
    void unsignedReadsWidenWithoutSign() {
        Slice s = Slice.of(java.util.HexFormat.of().parseHex("ffeeddccbbaa998877"), ByteOrder.BIG_ENDIAN, "test");
        assertThat(s.u8(0)).isEqualTo(0xff);
        assertThat(s.u16(0)).isEqualTo(0xffee);
        assertThat(s.u24(0)).isEqualTo(0xffeedd);
        assertThat(s.u32(0)).isEqualTo(0xffeeddccL);
        assertThat(s.u64(1)).isEqualTo(0xeeddccbbaa998877L);
    }

    @Test
    void aReadPastTheEndNamesThePartAndOffset() {
        Cursor c = cursor("80");
        assertThatThrownBy(c::uleb).isInstanceOf(UncheckedDebugInfoException.class)
                .hasMessage("invalid test at offset 0x1: needs 1 bytes, test has 0x1");
    }

    private static Cursor cursor(String hex) {
        return new Cursor(Slice.of(java.util.HexFormat.of().parseHex(hex), ByteOrder.LITTLE_ENDIAN, "test"), 0);
    }
}
