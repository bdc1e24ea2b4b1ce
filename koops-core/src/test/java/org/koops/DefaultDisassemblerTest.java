package org.koops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.koops.model.CrashReport;

/** The core alone has no disassembler on its class path: the default analysis says so where it would decode. */
class DefaultDisassemblerTest {
    private static final Path SAMPLE = Path.of("..", "samples", "null-deref-proc-read.log");

    @Test
    void withoutKoopsDisasmTheCodeSaysWhyItIsNotDecoded() throws IOException {
        CrashReport r = Koops.create().analyze(SAMPLE).reports().get(0);

        assertThat(r.diagnosis().faultingCode().disassembly().backend()).isNull();
        assertThat(r.diagnosis().faultingCode().disassembly().problem()).isEqualTo("no disassembler is on the class path"
                + " (the koops-disasm module decodes Code: lines with Capstone or GNU objdump)");
        assertThat(r.diagnosis().faultingCode().disassembly().line()).isEqualTo(21);
    }

    @Test
    void withoutDisassemblerTheCodeIsLeftAlone() throws IOException {
        CrashReport r = Koops.create().withoutDisassembler().analyze(SAMPLE).reports().get(0);

        assertThat(r.diagnosis().faultingCode()).isNull();
    }

    @Test
    void aReportFoundWithoutDisassemblerIsDecodedAlone() throws IOException {
        CrashReport found = Koops.create().withoutDisassembler().analyze(SAMPLE).reports().get(0);

        CrashReport decoded = Koops.create().decodeCode(found);

        assertThat(decoded.diagnosis().faultingCode().disassembly().line()).isEqualTo(21);
        assertThat(decoded.title()).isEqualTo(found.title());
        assertThat(Koops.create().withoutDisassembler().decodeCode(found)).isSameAs(found);
        assertThat(Koops.create().decodeCode(decoded)).isSameAs(decoded);
    }
}
