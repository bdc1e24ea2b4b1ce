package org.koops.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class ModuleNameTest {
    /** What a module list's token is: a name, and its taint letters in parentheses. */
    private static final Pattern MODULE = Pattern.compile("([A-Za-z0-9_\\-]++)(?:\\(([A-Z+\\-]++)\\))?");

    @Test
    void readsANameAndItsTaintLetters() {
        assertThat(ModulesParser.nameAndTaint("koops_demo(OE)")).containsExactly("koops_demo", "OE");
        assertThat(ModulesParser.nameAndTaint("kvm-intel")).containsExactly("kvm-intel", null);
        assertThat(ModulesParser.nameAndTaint("[last")).isNull();
        assertThat(ModulesParser.nameAndTaint("x()")).isNull();
        assertThat(ModulesParser.nameAndTaint("x(oe)")).isNull();
    }

    @Test
    void readsAnyTokenAsThePatternDoes() {
        Random random = new Random(7);
        char[] alphabet = {'a', 'Z', '0', '_', '-', '(', ')', 'O', 'E', '+', ' ', '[', 'x'};
        for (int n = 0; n < 20_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int k = random.nextInt(8); k > 0; k--) {
                b.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String token = b.toString();
            Matcher m = MODULE.matcher(token);
            String[] expected = m.matches() ? new String[] {m.group(1), m.group(2)} : null;
            assertThat(ModulesParser.nameAndTaint(token)).as("\"%s\"", token).isEqualTo(expected);
        }
    }
}
