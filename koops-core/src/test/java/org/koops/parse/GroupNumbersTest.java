package org.koops.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class GroupNumbersTest {
    @Test
    void numbersAGroupAsTheMatcherDoes() {
        // Parentheses in classes, escaped, quoted, in look-arounds and non-capturing groups open no group.
        Pattern p = Pattern.compile("^(?:x)(?<a>\\()([()\\]]+)(?=y)y\\Q(z)\\E(?<b>[^()d]++)(?<!q)(?<c>c)?(d)(?<e>e)$");
        Matcher m = p.matcher("x(()]y(z)bbde");
        assertThat(m.matches()).isTrue();
        for (String name : new String[] {"a", "b", "c", "e"}) {
            int n = GroupNumbers.of(p, name);
            assertThat(m.start(n)).as(name).isEqualTo(m.start(name));
            assertThat(m.end(n)).as(name).isEqualTo(m.end(name));
        }
        assertThat(GroupNumbers.of(p, "e")).isEqualTo(6);
    }

    @Test
    void numbersTheGroupsOfAFrameLine() {
        TraceParser trace = new TraceParser(new java.util.ArrayList<>());
        assertThat(trace.accept(" ? [<ffffffff81234567>] :radeon:do_thing+0x1f/0x80", 7)).isTrue();
        assertThat(trace.accept(" vfs_read+0xb0/0x300 [ext4 0123456789abcdef]  fs/read_write.c:42", 8)).isTrue();
        assertThat(trace.frames()).satisfiesExactly(f -> {
            assertThat(f.function()).isEqualTo("do_thing");
            assertThat(f.module()).isEqualTo("radeon");
            assertThat(f.offset()).isEqualTo(0x1fL);
            assertThat(f.size()).isEqualTo(0x80L);
            assertThat(f.address()).isEqualTo(0xffffffff81234567L);
            assertThat(f.reliable()).isFalse();
        }, f -> {
            assertThat(f.function()).isEqualTo("vfs_read");
            assertThat(f.module()).isEqualTo("ext4");
            assertThat(f.buildId()).isEqualTo("0123456789abcdef");
            assertThat(f.address()).isNull();
            assertThat(f.reliable()).isTrue();
            assertThat(f.source()).isEqualTo("fs/read_write.c:42");
        });
    }

    @Test
    void refusesAnUnknownName() {
        assertThatThrownBy(() -> GroupNumbers.of(Pattern.compile("(?<a>a)"), "b")).isInstanceOf(IllegalArgumentException.class);
    }
}
