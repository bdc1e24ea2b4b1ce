package org.koops.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArticlesTest {
    @Test
    void theArticleFollowsHowTheWordsSound() {
        assertThat(Articles.with("open")).isEqualTo("an open");
        assertThat(Articles.with("read")).isEqualTo("a read");
        assertThat(Articles.with("RCU stall")).isEqualTo("an RCU stall");
        assertThat(Articles.with("KASAN error")).isEqualTo("a KASAN error");
        assertThat(Articles.with("user-space address")).isEqualTo("a user-space address");
        assertThat(Articles.with("use-after-free")).isEqualTo("a use-after-free");
        assertThat(Articles.with("unknown address")).isEqualTo("an unknown address");
        assertThat(Articles.with("uninitialised value")).isEqualTo("an uninitialised value");
        assertThat(Articles.with("Unaligned access")).isEqualTo("an Unaligned access");
    }
}
