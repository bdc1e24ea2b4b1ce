package org.koops.decode;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a kernel release and build string ({@code 6.8.0-59-generic #61~22.04.1-Ubuntu}) say about where the kernel
 * came from: a distribution's package, whose debug symbols are a package too, or a build of one's own, whose debug
 * symbols are its own vmlinux.
 */
public final class KernelRelease {
    /**
     * One marker in a release or build string.
     *
     * @param name    what the kernel is ({@code an Ubuntu kernel})
     * @param debug   the package with its debug symbols, {@code null} when not a distribution's
     * @param vmlinux where that package puts vmlinux, with {@code RELEASE} for the release
     */
    public record Origin(Pattern marker, String name, String debug, String vmlinux) {
        /** The debug vmlinux path for {@code release}. */
        public String vmlinux(String release) {
            return vmlinux == null ? null : vmlinux.replace("RELEASE", release);
        }
    }

    private static final String BOOT = "/usr/lib/debug/boot/vmlinux-RELEASE";
    private static final List<Origin> ORIGINS = List.of(
            new Origin(Pattern.compile("Ubuntu"), "an Ubuntu kernel", "linux-image-RELEASE-dbgsym (from ddebs.ubuntu.com)", BOOT),
            new Origin(Pattern.compile("Debian|-amd64$|-arm64$"), "a Debian kernel", "linux-image-RELEASE-dbg", BOOT),
            new Origin(Pattern.compile("\\.el\\d++"), "a Red Hat Enterprise Linux family kernel", "kernel-debuginfo",
                    "/usr/lib/debug/lib/modules/RELEASE/vmlinux"),
            new Origin(Pattern.compile("\\.fc\\d++"), "a Fedora kernel", "kernel-debuginfo",
                    "/usr/lib/debug/lib/modules/RELEASE/vmlinux"),
            new Origin(Pattern.compile("-default$|SUSE"), "a SUSE kernel", "kernel-default-debuginfo",
                    "/usr/lib/debug/boot/vmlinux-RELEASE.debug"),
            new Origin(Pattern.compile("-rc\\d++"), "a release candidate, not a final release", null, null),
            new Origin(Pattern.compile("\\+$"), "built from a modified source tree (the + suffix)", null, null));

    private KernelRelease() {
    }

    /** The first marker the release or the build string shows, if any. */
    public static Optional<Origin> origin(String release, String build) {
        return ORIGINS.stream().filter(o -> o.marker().matcher(release).find()
                || build != null && o.marker().matcher(build).find()).findFirst();
    }

    /** The distribution's debug package, or empty for a kernel built by its user. */
    public static Optional<Origin> packaged(String release, String build) {
        return origin(release, build).filter(o -> o.debug() != null);
    }
}
