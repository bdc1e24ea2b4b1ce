package org.koops.model;

/**
 * Something to do next, with the exact command when there is one.
 *
 * @param action  what to do and why
 * @param command a shell command for this crash, or {@code null}
 */
public record NextStep(String action, String command) {
}
