package org.koops.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {
    private static final long MB = 1 << 20;

    private final StringWriter err = new StringWriter();

    @Test
    void drawsOnATerminalForLargeInputsAndErasesAtTheEnd() {
        try (Progress progress = new Progress("big.log", 800 * MB, new PrintWriter(err), true)) {
            progress.accept(120 * MB);
        }

        assertThat(err.toString()).isEqualTo("\rkoops: reading big.log: 120 MB / 800 MB (15%)\033[K\r\033[K");
    }

    @Test
    void silentForSmallInputsUnknownSizesAndPipes() {
        for (Progress progress : new Progress[] {
                new Progress("small.log", 10 * MB, new PrintWriter(err), true),
                new Progress("-", -1, new PrintWriter(err), true),
                new Progress("big.log", 800 * MB, new PrintWriter(err), false)}) {
            progress.accept(5 * MB);
            progress.close();
        }

        assertThat(err.toString()).isEmpty();
    }

    @Test
    void compressedInputsShowOnlyTheCount() {
        assertThat(Progress.line(900 * MB, 100 * MB)).isEqualTo("900 MB");
    }
}
