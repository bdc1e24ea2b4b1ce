package org.koops.model;

/**
 * One kernel taint flag (Documentation/admin-guide/tainted-kernels.rst).
 *
 * @param letter  the letter printed in {@code Tainted:} and per-module markers, e.g. {@code 'O'}
 * @param bit     the bit number in /proc/sys/kernel/tainted
 * @param name    short name, e.g. {@code TAINT_OOT_MODULE}
 * @param meaning what it says about the system, in a sentence
 */
public record Taint(char letter, int bit, String name, String meaning) {
}
