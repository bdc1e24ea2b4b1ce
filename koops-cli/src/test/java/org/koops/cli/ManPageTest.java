package org.koops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ManPageTest {
    private final String page = ManPage.page(KoopsCommand.commandLine(), "koops 1.2.3");

    @Test
    void everyCommandOfTheTableIsASubsectionUnderItsHeading() {
        assertThat(page).startsWith(".TH KOOPS 1 \"\" \"koops 1.2.3\" \"User Commands\"\n.SH NAME\n");
        assertThat(page).containsSubsequence(".SH \"COMMANDS\"", ".SS \"koops explain\"", ".SS \"koops token\"",
                ".SS \"koops token create\"", ".SH \"MEASURING KOOPS (SPEED, AGREEMENT WITH OTHER TOOLS)\"",
                ".SS \"koops corpus\"", ".SH ENVIRONMENT", ".SH FILES", ".SH EXAMPLES", ".SH \"SEE ALSO\"");
        KoopsCommand.commands().keySet().forEach(name -> assertThat(page).contains(".SS \"koops " + ManPage.escape(name) + "\""));
    }

    @Test
    void optionsExitCodesAndExamplesComeFromTheCommands() {
        assertThat(page).contains(".TP\n\\fB\\-\\-format\\fR=\\fIFORMAT\\fR\nOutput format: text, json (default: text).")
                .contains(".TP\n\\fB\\-\\-brief\\fR\n")
                .contains(".TP\n\\fB1\\fR\nno crash report was found\n")
                .contains("journalctl \\-k \\-b \\-1 | koops explain \\-\\-brief")
                .contains("\\fBKOOPS_CAPSTONE\\fR");
    }

    @Test
    void nothingStartsATroffRequestByAccident() {
        assertThat(ManPage.escape(".config and 'quoted'")).isEqualTo("\\&.config and 'quoted'");
        assertThat(ManPage.escape("a\\b -x")).isEqualTo("a\\eb \\-x");
    }
}
