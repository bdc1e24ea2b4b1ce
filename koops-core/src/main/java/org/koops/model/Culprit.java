package org.koops.model;

import java.util.List;

/**
 * The code most likely at fault: the first frame that is neither a generic helper nor entry code.
 *
 * @param function     the function, e.g. {@code single_show}
 * @param module       the module, or {@code null} for the kernel image
 * @param moduleTaints what the module's taint letters say (out-of-tree, unsigned, proprietary ...)
 * @param frame        the frame it was taken from
 * @param reason       why this frame was chosen
 */
public record Culprit(String function, String module, List<Taint> moduleTaints, Frame frame, String reason) {
}
