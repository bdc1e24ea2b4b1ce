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

    @Test
    void aStepOpeningWithARequiredGroupHoldsTheLiteralTheGroupStartsWith() {
        assertThat(TextPattern.held("(WARNING: at.*+)")).isEqualTo("WARNING: at");
        assertThat(TextPattern.held("(?:(INFO: (?:0x[0-9a-f]++|Slab ).*+))")).isEqualTo("INFO: ");
        assertThat(TextPattern.held("BUG: KASAN: ([a-z]++)")).isEqualTo("BUG: KASAN: ");
        // Optional, repeated or split groups, alternatives and other openings hold nothing for sure.
        assertThat(TextPattern.held("(WARNING: )?at")).isEmpty();
        assertThat(TextPattern.held("((?:Reserved|Break) instruction)")).isEmpty();
        assertThat(TextPattern.held("(a)|b")).isEmpty();
        assertThat(TextPattern.held("(?<=x)y")).isEmpty();
        assertThat(TextPattern.held("([)]x)")).isEmpty();
        assertThat(TextPattern.held("^(BUG )")).isEmpty();
    }

    @Test
    void aStepIsFoundWhereItsGroupsLiteralIs() {
        TextPattern p = TextPattern.compile("(WARNING: at (\\S++))");
        assertThat(p.find(List.of("x", "y WARNING: at kernel/foo.c:12")).groups())
                .containsExactly("WARNING: at kernel/foo.c:12", "kernel/foo.c:12");
        assertThat(p.find(List.of("WARNING: kernel/foo.c:12"))).isNull();
    }
}
