package org.koops.cli;

import org.koops.Koops;
import org.koops.LogInput;
import org.koops.model.CrashReport;

/** What a command does with each input's reports, as soon as each one is found. */
interface ReportListener {
    default void begin(String input) {
    }

    /**
     * An input begins whose kernel its source names ({@code null} unless a crash dump's VMCOREINFO
     * says), known before its first report.
     */
    default void begin(String input, LogInput.Kernel kernel) {
        begin(input);
    }

    void report(String input, CrashReport r);

    /** The input was read to its end ({@code stats}), or reading failed part-way ({@code null}). */
    default void end(String input, Koops.ScanStats stats) {
    }
}
