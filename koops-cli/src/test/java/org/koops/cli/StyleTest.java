package org.koops.cli;

import org.junit.jupiter.api.Test;
import org.koops.text.ReportText;

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
    void eachPartOfTheExplainTextHasItsColour() {
        Style on = new Style(true);
        assertThat(on.mark(ReportText.Emphasis.STRONG, "x")).isEqualTo(on.bold("x"));
        assertThat(on.mark(ReportText.Emphasis.FAINT, "x")).isEqualTo(on.dim("x"));
        assertThat(on.mark(ReportText.Emphasis.ALERT, "x")).isEqualTo(on.red("x"));
        assertThat(on.mark(ReportText.Emphasis.WARNING, "x")).isEqualTo(on.yellow("x"));
        assertThat(on.mark(ReportText.Emphasis.COMMAND, "x")).isEqualTo(on.cyan("x"));
    }

    @Test
    void alwaysAndNeverIgnoreTheTerminal() {
        assertThat(Style.of(always, false, "1").cyan("x")).isEqualTo("\033[36mx\033[0m");
        assertThat(Style.of(never, true, null).cyan("x")).isEqualTo("x");
    }
}
