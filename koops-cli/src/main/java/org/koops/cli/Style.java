package org.koops.cli;

import org.koops.text.ReportText;

/** ANSI colours for the text output, or none. */
final class Style implements ReportText.Highlighter {
    /** When to colour; lower-case because typed on the command line as named here. */
    enum ColorMode { auto, always, never }

    private final boolean on;

    Style(boolean on) {
        this.on = on;
    }

    /**
     * {@code auto} colours only a terminal, and not when the {@code NO_COLOR} variable is set to
     * anything but the empty string (no-color.org); {@code always} overrides {@code NO_COLOR}.
     */
    static Style of(ColorMode mode, boolean terminal, String noColor) {
        return new Style(switch (mode) {
            case always -> true;
            case never -> false;
            case auto -> terminal && (noColor == null || noColor.isEmpty());
        });
    }

    /** The colour of each part of the explain text. */
    @Override
    public String mark(ReportText.Emphasis emphasis, String s) {
        return switch (emphasis) {
            case STRONG -> bold(s);
            case FAINT -> dim(s);
            case ALERT -> red(s);
            case WARNING -> yellow(s);
            case COMMAND -> cyan(s);
        };
    }

    String bold(String s) {
        return paint("1", s);
    }

    String dim(String s) {
        return paint("2", s);
    }

    String red(String s) {
        return paint("1;31", s);
    }

    String yellow(String s) {
        return paint("33", s);
    }

    String cyan(String s) {
        return paint("36", s);
    }

    private String paint(String code, String s) {
        return on ? "\033[" + code + "m" + s + "\033[0m" : s;
    }
}
