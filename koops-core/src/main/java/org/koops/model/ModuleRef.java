package org.koops.model;

import java.util.List;

/**
 * A module named in {@code Modules linked in:}, with its taint letters.
 *
 * @param name   module name as printed
 * @param taint  the letters in parentheses ({@code OE}), or an empty string
 * @param taints the decoded letters
 */
public record ModuleRef(String name, String taint, List<Taint> taints) {
}
