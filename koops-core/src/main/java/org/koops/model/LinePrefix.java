package org.koops.model;

/**
 * The decorations in front of a kernel message that koops recognised and stripped.
 *
 * @param raw       the prefix exactly as it appeared (empty when there was none)
 * @param seconds   the dmesg timestamp in seconds since boot, e.g. {@code 5491.350153}
 * @param caller    the printk caller id, e.g. {@code T969} (task) or {@code C1} (CPU)
 * @param level     the {@code <N>} console log level
 * @param wallClock a syslog, journalctl or {@code dmesg -T} date as printed
 * @param host      the host name of a syslog or journalctl line
 */
public record LinePrefix(String raw, Double seconds, String caller, Integer level, String wallClock, String host) {
    public static final LinePrefix NONE = new LinePrefix("", null, null, null, null, null);

    /** Whether the line carried any kernel-log decoration at all. */
    public boolean present() {
        return !raw.isEmpty();
    }
}
