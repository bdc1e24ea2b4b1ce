package org.koops.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GuardedPatternTest {
    @Test
    void aLineWithoutTheLiteralIsRuledOutAndOneWithItIsMatched() {
        GuardedPattern p = GuardedPattern.containing("(\\w++)\\+0x[0-9a-f]++", "+0x");
        assertThat(p.mayMatch("RAX: 0000000000000000 RBX: 0000000000000001")).isFalse();
        assertThat(p.find("RAX: 0000000000000000 RBX: 0000000000000001")).isNull();
        assertThat(p.find(" ? vfs_read+0xb0/0x300").group(1)).isEqualTo("vfs_read");
        assertThat(p.matches("vfs_read+0xb0")).isNotNull();
        assertThat(p.lookingAt("x vfs_read+0xb0")).isNull(); // holds the literal, but no match at the start
    }

    @Test
    void aMatcherOfTheCallersServesLineAfterLine() {
        GuardedPattern p = GuardedPattern.containing("(\\w++)\\+0x[0-9a-f]++", "+0x");
        java.util.regex.Matcher m = p.matcher();
        assertThat(p.find(" ? vfs_read+0xb0/0x300", m)).isSameAs(m);
        assertThat(m.group(1)).isEqualTo("vfs_read");
        assertThat(p.find("RAX: 0000000000000000", m)).isNull();
        assertThat(p.find("x vfs_write+0x10/0x20", m).group(1)).isEqualTo("vfs_write");
        assertThat(p.find("no frame+0xzz", m)).isNull(); // holds the literal, but no match
    }

    @Test
    void anyOfSeveralLiteralsLetsTheLineBeTried() {
        GuardedPattern p = GuardedPattern.containing("(?:NULL pointer dereference at |at addr )([0-9a-f]++)", " at ",
                "addr");
        assertThat(p.find("BUG: KASAN: use-after-free in f+0x1/0x2 at addr ffff8800").group(1)).isEqualTo("ffff8800");
        assertThat(p.find("NULL pointer dereference at 00000010").group(1)).isEqualTo("00000010");
        assertThat(p.mayMatch("Call Trace:")).isFalse();
    }

    @Test
    void aLeadIsLookedForAfterTheWhiteSpaceTheLineStartsWith() {
        GuardedPattern p = GuardedPattern.starting("^\\s*(?:Call [Tt]race:|Backtrace:)", "Call Trace:", "Call trace:",
                "Backtrace:");
        assertThat(p.isLookingAt("  Call Trace:")).isTrue();
        assertThat(p.isLookingAt("\tBacktrace:")).isTrue();
        assertThat(p.mayMatch("lockdep: Call Trace:")).isFalse(); // the lead must open the line
        assertThat(p.isLookingAt("")).isFalse();
    }

    @Test
    void aLineIsRuledOutByItsFirstCharacterBeforeAnyLeadIsCompared() {
        GuardedPattern p = GuardedPattern.starting("^\\s*+(?:RIP|RSP|é)[: ]", "RIP", "RSP", "é");
        assertThat(p.mayMatch("  R")).isFalse(); // the right first character, but no lead whole
        assertThat(p.mayMatch("  RSP: 0018")).isTrue();
        assertThat(p.mayMatch("Call Trace:")).isFalse();
        assertThat(p.mayMatch(" é ")).isTrue(); // a lead outside ASCII is compared whatever the line starts with
        assertThat(p.mayMatch("   ")).isFalse();
    }

    @Test
    void anUnguardedPatternIsTriedOnEveryLine() {
        GuardedPattern p = GuardedPattern.unguarded(java.util.regex.Pattern.compile("(?:a|b)c"));
        assertThat(p.mayMatch("")).isTrue();
        assertThat(p.find("xbc").group()).isEqualTo("bc");
        assertThat(p.replaceAll("ac bc", "-")).isEqualTo("- -");
    }

    @Test
    void replacingIsSkippedWhenNoMatchCanBeInTheLine() {
        GuardedPattern p = GuardedPattern.containing("\\[last unloaded: ([^\\]\\s]++)\\s*\\]", "[last unloaded: ");
        assertThat(p.replaceAll("a b c", "")).isEqualTo("a b c");
        assertThat(p.replaceAll("a b [last unloaded: x] c", "")).isEqualTo("a b  c");
    }

    @Test
    void aGuardNeedsALiteralThatCanBeSearchedFor() {
        assertThatThrownBy(() -> GuardedPattern.containing("x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GuardedPattern.containing("x", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GuardedPattern.starting("^\\s*x", " x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLiteralThatAMatchNeedNotHoldFailsWhenAssertionsAreOn() {
        boolean assertions = false;
        assert assertions = true; // the tests run with assertions on, which check every line a literal rules out
        GuardedPattern wrong = GuardedPattern.containing("Oops|BUG", "Oops");
        if (assertions) {
            assertThatThrownBy(() -> wrong.find("BUG: unable to handle")).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("matches a line without");
        } else {
            assertThat(wrong.find("BUG: unable to handle")).isNull();
        }
    }
}
