package org.koops.debuginfo;

import org.koops.model.Frame;

/**
 * A call-trace entry or register location of a report, looked up in the kernel's debug info.
 *
 * @param frame      the entry as the report printed it
 * @param resolution where it is, or {@code null} when it could not be looked up
 * @param problem    why it could not be looked up, or what makes the answer doubtful (a size that does not
 *                   match the symbol's, a debug file without DWARF); {@code null} if nothing
 */
public record FrameLocation(Frame frame, Resolution resolution, String problem) {
}
