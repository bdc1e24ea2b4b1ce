package org.koops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Building the shared tables ahead, from another thread, leaves the analysis as it is. */
class PrepareTest {
    @Test
    void anAnalysisAfterPrepareFromAnotherThreadFindsTheReport() throws Exception {
        Thread prepare = new Thread(Koops::prepare);
        prepare.start();
        prepare.join();

        assertThat(Koops.create().withoutDisassembler().analyze(Path.of("..", "samples", "null-deref-proc-read.log"))
                .reports()).extracting(r -> r.title()).containsExactly("BUG: unable to handle kernel NULL pointer dereference in demo_show");
    }
}
