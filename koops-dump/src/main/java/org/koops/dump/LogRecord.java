package org.koops.dump;

/**
 * One record of the kernel's log buffer, as the kernel stored it.
 *
 * @param sequence       the record's sequence number (its index among all records since boot)
 * @param timestampNanos the time stamp: nanoseconds since boot, local_clock()
 * @param level          the log level, 0 (emergency) to 7 (debug)
 * @param facility       the syslog facility, 0 (kernel) for the kernel's own messages
 * @param caller         who printed it, as the kernel's {@code CONFIG_PRINTK_CALLER} shows it: {@code T123}
 *                       for a task, {@code C0} for a CPU outside task context; {@code null} when the
 *                       kernel does not record it (before 5.10)
 * @param text           the message, without its final newline; non-printable bytes as {@code \xNN}
 */
public record LogRecord(long sequence, long timestampNanos, int level, int facility, String caller, String text) {
}
