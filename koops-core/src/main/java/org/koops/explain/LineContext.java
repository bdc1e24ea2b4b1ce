package org.koops.explain;

import org.koops.model.LogLine;

/**
 * The line being explained and the report around it.
 *
 * @param line   the log line
 * @param text   its message without leading blanks
 * @param report facts gathered once from the whole report
 */
record LineContext(LogLine line, String text, ReportContext report) {
    long number() {
        return line.number();
    }
}
