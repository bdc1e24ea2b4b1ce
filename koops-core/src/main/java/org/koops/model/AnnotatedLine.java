package org.koops.model;

import java.util.List;

/**
 * A report line with what it means, the way a kernel engineer would read it out.
 *
 * @param line     the log line
 * @param meanings one or more explanations; empty for lines that need none
 */
public record AnnotatedLine(LogLine line, List<String> meanings) {
}
