package org.koops.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.koops.cli.Style.ColorMode.always;
import static org.koops.cli.Style.ColorMode.auto;
import static org.koops.cli.Style.ColorMode.never;

class StyleTest {
    @Test
    void autoColoursOnlyATerminalWithoutNoColor() {
        assertThat(Style.of(auto, true, null).bold("x")).isEqualTo("\033[1mx\033[0m");
        assertThat(Style.of(auto, true, "").bold("x")).isEqualTo("\033[1mx\033[0m");
        assertThat(Style.of(auto, true, "1").bold("x")).isEqualTo("x");
        assertThat(Style.of(auto, false, null).bold("x")).isEqualTo("x");
    }

    @Test
    void alwaysAndNeverIgnoreTheTerminal() {
        assertThat(Style.of(always, false, "1").cyan("x")).isEqualTo("\033[36mx\033[0m");
        assertThat(Style.of(never, true, null).cyan("x")).isEqualTo("x");
    }
}
