package org.koops.explain;

import java.util.Map;

/**
 * Names of the errno values that kernel code returns most, for {@code ERR_PTR} values and error
 * numbers in messages. Source: {@code include/uapi/asm-generic/errno-base.h}, {@code errno.h} and the
 * kernel-internal {@code include/linux/errno.h}; the numbers are the same on x86 and arm64.
 */
final class Errno {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(3, "ESRCH"), Map.entry(4, "EINTR"),
            Map.entry(5, "EIO"), Map.entry(6, "ENXIO"), Map.entry(7, "E2BIG"), Map.entry(8, "ENOEXEC"),
            Map.entry(9, "EBADF"), Map.entry(10, "ECHILD"), Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"),
            Map.entry(13, "EACCES"), Map.entry(14, "EFAULT"), Map.entry(16, "EBUSY"), Map.entry(17, "EEXIST"),
            Map.entry(19, "ENODEV"), Map.entry(20, "ENOTDIR"), Map.entry(21, "EISDIR"), Map.entry(22, "EINVAL"),
            Map.entry(23, "ENFILE"), Map.entry(24, "EMFILE"), Map.entry(25, "ENOTTY"), Map.entry(27, "EFBIG"),
            Map.entry(28, "ENOSPC"), Map.entry(30, "EROFS"), Map.entry(32, "EPIPE"), Map.entry(34, "ERANGE"),
            Map.entry(35, "EDEADLK"), Map.entry(36, "ENAMETOOLONG"), Map.entry(38, "ENOSYS"),
            Map.entry(39, "ENOTEMPTY"), Map.entry(61, "ENODATA"), Map.entry(62, "ETIME"), Map.entry(71, "EPROTO"),
            Map.entry(75, "EOVERFLOW"), Map.entry(95, "EOPNOTSUPP"), Map.entry(103, "ECONNABORTED"),
            Map.entry(104, "ECONNRESET"), Map.entry(110, "ETIMEDOUT"), Map.entry(111, "ECONNREFUSED"),
            Map.entry(512, "ERESTARTSYS"), Map.entry(517, "EPROBE_DEFER"), Map.entry(524, "ENOTSUPP"));

    private Errno() {
    }

    /** The highest numbers of the generic errno list and of the kernel-internal one ({@code ERECALLCONFLICT}). */
    private static final int LAST_GENERIC = 133;
    private static final int FIRST_INTERNAL = 512;
    private static final int LAST_INTERNAL = 530;

    /** Whether {@code -negative} is an errno the kernel defines at all (many have no name here). */
    static boolean exists(long negative) {
        long n = -negative;
        return n >= 1 && n <= LAST_GENERIC || n >= FIRST_INTERNAL && n <= LAST_INTERNAL;
    }

    /** {@code -ENOMEM} for -12, or just the number when it has no name here. */
    static String name(long negative) {
        String name = NAMES.get((int) -negative);
        return name == null ? Long.toString(negative) : "-" + name;
    }
}
