package org.koops.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

class HexDigitsTest {
    @Test
    void readsRegisterValuesAsLongParseUnsignedLongDoes() {
        for (String digits : new String[] {"0", "f", "F", "10", "0000000000000010", "ffffffffc0a00040", "ffffffffffffffff",
                "FFFFFFFFFFFFFFFF", "7fffffffffffffff", "8000000000000000", "00007f3b2c7e6740", "c10a1234"}) {
            assertThat(HexDigits.value(digits)).as(digits).isEqualTo(Long.parseUnsignedLong(digits, 16));
        }
    }

    @Test
    void readsAnyRunAsLongParseUnsignedLongDoesOrFailsAsItDoes() {
        Random random = new Random(11);
        String[] pieces = {"0", "9", "a", "f", "A", "F", "g", "x", "+", "-", " ", "\uff11", "ffffffff", "00000000"};
        for (int n = 0; n < 100_000; n++) {
            StringBuilder b = new StringBuilder("<");
            for (int k = random.nextInt(8); k > 0; k--) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = b.append('>').toString();
            assertThat(read(text)).as("\"%s\"", text).isEqualTo(expected(text));
        }
    }

    /** The value of the text between its first and last character, or the exception's class. */
    private static Object read(String text) {
        try {
            return HexDigits.value(text, 1, text.length() - 1);
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    private static Object expected(String text) {
        try {
            return Long.parseUnsignedLong(text, 1, text.length() - 1, 16);
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }
}
