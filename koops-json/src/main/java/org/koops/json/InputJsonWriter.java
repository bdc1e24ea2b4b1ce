package org.koops.json;

import java.io.PrintWriter;

import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.koops.model.CrashReport;

/**
 * Writes one input's JSON Lines document ({@code {"input", "reports", "lines", "bytes", "truncated"}}) while the
 * input is being scanned, one report at a time, so that a log with many reports is never held in
 * memory whole. The document is the one {@link ReportJson#tree(org.koops.model.LogAnalysis)} builds.
 */
public final class InputJsonWriter {
    private final PrintWriter out;
    private final ReportJson json;
    private boolean first = true;

    private InputJsonWriter(PrintWriter out, ReportJson json) {
        this.out = out;
        this.json = json;
    }

    /** Starts the document of {@code input}. */
    public static InputJsonWriter open(PrintWriter out, ReportJson json, String input) {
        out.print("{\"input\":" + ReportJson.toLine(TextNode.valueOf(input)) + ",\"reports\":[");
        return new InputJsonWriter(out, json);
    }

    public void report(CrashReport r) {
        if (!first) {
            out.print(',');
        }
        first = false;
        out.print(ReportJson.toLine(json.tree(r)));
    }

    /** Ends the document of an input read whole; {@code null} counts when reading the input failed part-way. */
    public void close(Long lines, Long bytes) {
        close(lines, bytes, null);
    }

    /**
     * Ends the document; {@code null} counts when reading the input failed part-way, {@code truncated}
     * why the input ended before its end, or {@code null}.
     */
    public void close(Long lines, Long bytes, String truncated) {
        out.println("],\"lines\":" + lines + ",\"bytes\":" + bytes + ",\"truncated\":"
                + ReportJson.toLine(truncated == null ? NullNode.getInstance() : TextNode.valueOf(truncated)) + "}");
        out.flush();
    }
}
