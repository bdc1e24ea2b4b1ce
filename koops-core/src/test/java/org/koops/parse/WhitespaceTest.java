package org.koops.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

class WhitespaceTest {
    @Test
    void splitsAsThePatternDoes() {
        for (String text : new String[] {"", " ", "  \t", "a", " a", "a ", " a b  c\t", "48 8b <0f> 05", "x\u00a0y",
                "\u000b\f\r\n"}) {
            assertThat(Whitespace.split(text)).as("\"%s\"", text).containsExactly(text.split("\\s++"));
        }
    }

    @Test
    void splitsAnyMixOfTokensAndWhiteSpaceAsThePatternDoes() {
        Random random = new Random(12);
        char[] alphabet = {'a', '0', '<', ' ', ' ', '\t', '\n', '\u000b', '\f', '\r', '\u00a0', '\u2003'};
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int k = random.nextInt(12); k > 0; k--) {
                b.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String text = b.toString();
            assertThat(Whitespace.split(text)).as("\"%s\"", text).containsExactly(text.split("\\s++"));
        }
    }
}
