package org.koops.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class CodeUnitTest {
    /** What a Code: line's token is: a byte, half-word or word, the trapping one in brackets. */
    private static final Pattern UNIT = Pattern.compile("[<(]?([0-9a-f]{2}|[0-9a-f]{4}|[0-9a-f]{8})[>)]?");

    @Test
    void readsBytesHalfWordsAndWords() {
        assertThat(CodeParser.unit("8b")).isEqualTo("8b");
        assertThat(CodeParser.unit("<8b>")).isEqualTo("8b");
        assertThat(CodeParser.unit("(b9400000)")).isEqualTo("b9400000");
        assertThat(CodeParser.unit("4")).isNull();
        assertThat(CodeParser.unit("8B")).isNull();
    }

    @Test
    void readsAnyTokenAsThePatternDoes() {
        Random random = new Random(5);
        char[] alphabet = {'0', '9', 'a', 'f', 'g', 'A', '<', '>', '(', ')', '.'};
        for (int n = 0; n < 30_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int k = random.nextInt(11); k > 0; k--) {
                b.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String token = b.toString();
            Matcher m = UNIT.matcher(token);
            assertThat(CodeParser.unit(token)).as("\"%s\"", token).isEqualTo(m.matches() ? m.group(1) : null);
        }
    }
}
