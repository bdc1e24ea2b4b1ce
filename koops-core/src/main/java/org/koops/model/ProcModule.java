package org.koops.model;

import java.util.List;

/**
 * A {@code /proc/modules} line shown in the log, e.g.
 * {@code my_module 12288 -1 - Unloading 0x0000000000000000 (OE-)}.
 *
 * @param refcount the use count; -1 means the module is stuck while unloading
 * @param state    {@code Live}, {@code Loading} or {@code Unloading}
 * @param taint    the flags in parentheses, e.g. {@code OE-}
 */
public record ProcModule(String name, long size, int refcount, List<String> usedBy, String state, String address,
                         String taint, long line) {
}
