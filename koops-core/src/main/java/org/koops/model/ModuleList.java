package org.koops.model;

import java.util.List;

/**
 * The {@code Modules linked in:} list.
 *
 * @param modules      the loaded modules in printed order
 * @param lastUnloaded the {@code [last unloaded: ...]} module, or {@code null}
 * @param line         log line number of the list's first line
 */
public record ModuleList(List<ModuleRef> modules, ModuleRef lastUnloaded, long line) {
}
