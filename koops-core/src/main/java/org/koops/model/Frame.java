package org.koops.model;

/**
 * A code location: a call-trace entry, or the symbolic value of RIP/pc/lr.
 *
 * @param function the symbol, e.g. {@code single_show}, or {@code null} for a bare address
 * @param offset   bytes from the symbol's start ({@code +0x56}), or {@code null}
 * @param size     the symbol's size ({@code /0x1c0}), or {@code null}
 * @param module   the module in brackets, or {@code null} for the kernel image
 * @param buildId  the module's build id when the kernel printed one
 * @param address  the raw address when printed ({@code [<ffffffff81234567>]} or {@code 0x7f..})
 * @param reliable {@code false} for {@code ?} entries, which the unwinder only found on the stack
 * @param context  the stack section: {@code TASK}, {@code IRQ}, {@code NMI}, {@code SOFTIRQ}, or {@code null}
 * @param line     the log line number the location was read from
 * @param source   the source location printed with it ({@code fs/open.c:123}) by a symbolising tool, or {@code null}
 */
public record Frame(String function, Long offset, Long size, String module, String buildId, Long address,
                    boolean reliable, String context, long line, String source) {

    /** {@code func+0x56/0x1c0 [module]} as the kernel prints it. */
    public String symbolic() {
        StringBuilder s = new StringBuilder();
        s.append(function == null ? (address == null ? "?" : "0x" + Long.toHexString(address)) : function);
        if (offset != null) {
            s.append("+0x").append(Long.toHexString(offset));
            if (size != null) {
                s.append("/0x").append(Long.toHexString(size));
            }
        }
        if (module != null) {
            s.append(" [").append(module).append(']');
        }
        return s.toString();
    }
}
