package org.koops.model;

import java.util.List;

/**
 * What the CPU said about a memory fault: the x86 {@code #PF} lines or the arm64 ESR.
 *
 * @param address   the faulting address (CR2, FAR, {@code address:}), or {@code null}
 * @param access    {@code read}, {@code write}, {@code instruction fetch}, or {@code null} when unknown
 * @param mode      {@code kernel} or {@code user} mode of the access, or {@code null}
 * @param reason    why it faulted, e.g. {@code not-present page}, {@code level 0 translation fault}
 * @param errorCode the x86 page-fault error code or the arm64 ESR value, or {@code null}
 * @param decoded   every decoded field of the error code or ESR
 */
public record FaultInfo(Long address, String access, String mode, String reason, Long errorCode,
                        List<Decoded> decoded) {
}
