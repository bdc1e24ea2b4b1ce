package org.koops.dump;

import java.util.List;

/**
 * The kernel's log as a dump holds it.
 *
 * @param records  the records read, oldest first
 * @param problems what could not be read, one sentence each; empty when the whole log was read
 */
public record KernelLog(List<LogRecord> records, List<String> problems) {
    public KernelLog {
        records = List.copyOf(records);
        problems = List.copyOf(problems);
    }
}
