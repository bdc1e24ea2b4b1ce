package org.koops;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The whole analysis on arbitrary bytes: plain text, and through the decompressors when the bytes start
 * with a gzip, xz or zstd magic. Replayed from {@code AnalyzeFuzzTestInputs/} in every test run; fuzzed
 * with {@code mvn -Pfuzz} (CONTRIBUTING.md).
 */
class AnalyzeFuzzTest {
    private static final Koops KOOPS = Koops.create().withoutDisassembler();

    static {
        AnalysisInvariants.warmUp(KOOPS);
    }

    @FuzzTest
    @DictionaryFile(resourcePath = "/org/koops/report-literals.dict")
    void analyze(byte[] input) {
        AnalysisInvariants.analyze(KOOPS, input);
    }
}
