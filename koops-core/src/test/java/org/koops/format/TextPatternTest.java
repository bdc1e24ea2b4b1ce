package org.koops.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class TextPatternTest {

    @Test
    void laterStepsAreFoundOnLaterLines() {
        TextPattern p = TextPattern.compile("BUG: KASAN: ([a-z\\-]++) in {{FN}}{{LATER}}(Read|Write) of size");
        TextPattern.Match m = p.find(List.of("x", "BUG: KASAN: use-after-free in foo+0x1/0x2", "y", "Write of size 8"));
        assertThat(m.line()).isEqualTo(1);
        assertThat(m.column()).isZero();
        assertThat(m.groups()).containsExactly("use-after-free", "foo", "Write");
        assertThat(p.find(List.of("Write of size 8", "BUG: KASAN: use-after-free in foo+0x1/0x2"))).isNull();
    }

    @Test
    void aNextStepMustBeOnTheVeryNextLine() {
        TextPattern p = TextPattern.compile("panicked at {{NEXT}}^(.++)$");
        assertThat(p.find(List.of("panicked at a.rs:1", "", "panicked at b.rs:2", "overflow")).groups())
                .containsExactly("overflow");
    }

    @Test
    void alternativesOutsideGroupsAreEachFound() {
        assertThat(TextPattern.compile("first one|second").find(List.of("the second line"))).isNotNull();
    }

    @Test
    void aLeadingCaretAnchorsAtTheReportsStart() {
        TextPattern p = TextPattern.compile("^Booting the kernel");
        assertThat(p.find(List.of("Booting the kernel."))).isNotNull();
        assertThat(p.find(List.of("x", "Booting the kernel."))).isNull();
    }
}
