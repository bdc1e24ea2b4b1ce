package org.koops.model;

/**
 * Where a report says, in its own words, that it happened: its instruction pointer, or the line that names the place
 * (the {@code WARNING} line, the sanitizer's first line, lockdep's acquire site, the preemption check's
 * {@code caller is}). It is kept even when that place is code that only reports or checks, which is never the
 * {@link Culprit}: with the culprit's frame cut off, it is what the report still tells of where it happened.
 *
 * @param frame the place as printed, with the number of the line that prints it
 * @param says  why the line names the place
 */
public record ReportedPlace(Frame frame, String says) {
}
