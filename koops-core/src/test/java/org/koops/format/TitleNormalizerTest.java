package org.koops.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TitleNormalizerTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            KASAN: use-after-free Read in foo at addr ffff88006c6e2f18  | KASAN: use-after-free Read in foo at addr ADDR
            INFO: task syz-executor.3:1234 blocked for more than 143 seconds | INFO: task syz-executor blocked for more than NUM seconds
            WARNING: at net/core/dev.c:1234 dev_close+0x1a/0x40()        | WARNING: at net/core/dev.c:LINE dev_close()
            BUG: soft lockup - CPU#3 stuck for 22s!                      | BUG: soft lockup - CPU stuck for 22s!
            connect to 10.128.0.2 failed                                  | connect to IP failed
            BUG: unable to handle kernel NULL pointer dereference in cfg80211_wext_giwname | BUG: unable to handle kernel NULL pointer dereference in cfg80211_wext_giwname
            kernel panic: VFS: Unable to mount root fs on unknown-block(0,0) | kernel panic: VFS: Unable to mount root fs on unknown-block(NUM,NUM)
            panic: process 12345 died                                     | panic: process NUM died
            panic: process 12345678 died                                  | panic: process ADDR died
            BUG: bad value 1234567 in xyz1234567                          | BUG: bad value ADDR in xyzNUM
            """)
    void syzkallersNormalisation(String title, String normalized) {
        assertThat(TitleNormalizer.normalize(title)).isEqualTo(normalized);
    }

    @Test
    void controlAndNonAsciiBytesGoButCountTowardsTheLength() {
        assertThat(TitleNormalizer.normalize("BUG:\tbad  \u0001thing é")).isEqualTo("BUG: bad thing");
        assertThat(TitleNormalizer.normalize("x".repeat(300))).hasSize(TitleNormalizer.MAX_LENGTH);
        assertThat(TitleNormalizer.normalize("é".repeat(60) + "abc")).isEmpty();
    }
}
