package org.koops.model;

/**
 * One decoded field: a name, the value as printed or extracted, and what it means.
 * Used for bit fields (EFLAGS, CR0, #PF error code, ESR) and any other decoded value.
 */
public record Decoded(String name, String value, String meaning) {
}
