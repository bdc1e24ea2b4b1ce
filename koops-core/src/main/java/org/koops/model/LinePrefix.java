package org.koops.model;

import java.util.List;

/**
 * The decorations in front of a kernel message that koops recognised and stripped.
 *
 * @param raw       the prefix exactly as it appeared (empty when there was none); for a message held in
 *                  a JSON record ({@code dmesg -J}, {@code journalctl -o json}), the record up to the
 *                  message's opening quote
 * @param seconds   the time stamp in seconds since boot, e.g. {@code 5491.350153}
 * @param caller    the printk caller id, e.g. {@code T969} (task) or {@code C1} (CPU); a vendor kernel's
 *                  {@code [CPU: comm:pid]} context is read as the task's, {@code T} and the pid
 * @param level     the console log level, 0 to 7, from {@code <N>} or a record's priority
 * @param wallClock a syslog, journalctl or {@code dmesg -T} date as printed
 * @param host      the host name of a syslog or journalctl line
 * @param tag       the program a syslog or journal line names ({@code kernel}, {@code systemd[1]}), or
 *                  {@code null} when the prefix names none
 * @param forms     the names of the prefix forms found, in the order they appeared ({@code "syslog time"},
 *                  {@code "host and tag"}, {@code "dmesg time"} ...), empty when there was no prefix
 */
public record LinePrefix(String raw, Double seconds, String caller, Integer level, String wallClock, String host,
                         String tag, List<String> forms) {
    public static final LinePrefix NONE = new LinePrefix("", null, null, null, null, null, null, List.of());

    /** The tag of a kernel message in syslog and the journal. */
    public static final String KERNEL_TAG = "kernel";

    public LinePrefix {
        forms = List.copyOf(forms);
    }

    /** A prefix whose tag and forms are not known, such as one built by hand. */
    public LinePrefix(String raw, Double seconds, String caller, Integer level, String wallClock, String host) {
        this(raw, seconds, caller, level, wallClock, host, null, List.of());
    }

    /** Whether the line carried any kernel-log decoration at all. */
    public boolean present() {
        return !raw.isEmpty();
    }

    /** Whether the line is the kernel's: no program named, or the kernel named. */
    public boolean kernel() {
        return tag == null || tag.equals(KERNEL_TAG);
    }
}
