package org.koops.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class KeywordFilterTest {
    private static final List<String> KEYWORDS = List.of("BUG:", "Oops", "general protection fault",
            "out of memory: Kill", "Kernel panic", "unreferenced object", "INFO:", " Live 0x");

    /** The first position where any keyword starts, the slow way. */
    private static int naive(byte[] text, int from, int to) {
        for (int i = from; i < to; i++) {
            for (String k : KEYWORDS) {
                byte[] kb = k.getBytes(StandardCharsets.US_ASCII);
                if (i + kb.length <= to && java.util.Arrays.equals(text, i, i + kb.length, kb, 0, kb.length)) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Test
    void findsWhatASlowSearchFinds() {
        KeywordFilter filter = new KeywordFilter(KEYWORDS);
        Random random = new Random(3);
        String alphabet = "BUGOopsINFO: Kernel panic of memory Killgeneral unreferencedLive0x\n";
        for (int round = 0; round < 3000; round++) {
            StringBuilder s = new StringBuilder();
            for (int i = random.nextInt(200); i > 0; i--) {
                s.append(random.nextInt(30) == 0 ? KEYWORDS.get(random.nextInt(KEYWORDS.size()))
                        : String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))));
            }
            byte[] text = s.toString().getBytes(StandardCharsets.US_ASCII);
            int from = text.length == 0 ? 0 : random.nextInt(text.length);
            int to = from + random.nextInt(text.length - from + 1);
            assertThat(filter.find(text, from, to)).as(s.substring(from, to)).isEqualTo(naive(text, from, to));
        }
    }
}
