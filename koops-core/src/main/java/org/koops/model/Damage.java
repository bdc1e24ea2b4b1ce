package org.koops.model;

/** A part of a report that could not be read as expected; the rest of the report is still analysed. */
public record Damage(long line, String what) {
}
