package org.koops.debuginfo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a kernel's debug files are. Given files and directories come first; otherwise the kernel
 * release of the report (its {@code CPU: ... 6.1.0-18-amd64 #1} line) leads to the places
 * distributions install them, under each debug directory ({@code /usr/lib/debug} by default) and
 * the root:
 * <ul>
 *   <li>vmlinux: {@code DEBUG/boot/vmlinux-RELEASE} (Debian, Ubuntu), {@code DEBUG/lib/modules/RELEASE/vmlinux}
 *   (Fedora, RHEL), {@code /lib/modules/RELEASE/build/vmlinux} (a kernel built here), {@code /boot/vmlinux-RELEASE};</li>
 *   <li>modules: {@code DEBUG/lib/modules/RELEASE}, then {@code /lib/modules/RELEASE};</li>
 *   <li>a build id (printed after a module's name, or the running kernel's in {@code /sys/kernel/notes}):
 *   {@code DEBUG/.build-id/ab/cdef....debug} (gdb's layout), then a debuginfod server.</li>
 * </ul>
 */
public final class DebugFiles {
    private final Path vmlinux;
    private final Path modulesDir;
    private final List<Path> debugDirs;
    private final Path root;
    private final Debuginfod debuginfod;
    private final Map<Path, ModuleFiles> moduleDirs = new HashMap<>();
    /** Build ids of kernels by release, learnt from where the logs came from (a vmcore's VMCOREINFO). */
    private final Map<String, String> kernelBuildIds = new java.util.concurrent.ConcurrentHashMap<>();

    private DebugFiles(Path vmlinux, Path modulesDir, List<Path> debugDirs, Path root, Debuginfod debuginfod) {
        this.vmlinux = vmlinux;
        this.modulesDir = modulesDir;
        this.debugDirs = List.copyOf(debugDirs);
        this.root = root;
        this.debuginfod = debuginfod;
    }

    /**
     * @param vmlinux    the kernel image with debug info, or {@code null} to search for it
     * @param modulesDir a directory searched at any depth for module files, or {@code null} to search
     * @param debugDirs  the debug directories ({@code /usr/lib/debug}); empty for none
     * @param root       the file system root the standard places are under ({@code /})
     * @param debuginfod the client for build ids found nowhere else, or {@code null}
     */
    public static DebugFiles of(Path vmlinux, Path modulesDir, List<Path> debugDirs, Path root, Debuginfod debuginfod) {
        return new DebugFiles(vmlinux, modulesDir, debugDirs, root, debuginfod);
    }

    /** Only the given files: no search by release or build id. */
    public static DebugFiles given(Path vmlinux, Path modulesDir) {
        return new DebugFiles(vmlinux, modulesDir, List.of(), null, null);
    }

    /**
     * Tells the build id of the kernel of {@code release}, as a crash dump says it: its vmlinux is then
     * also looked for by build id, in the debug directories and from debuginfod, when no file of the
     * release is found.
     */
    public void kernelBuildId(String release, String buildId) {
        if (release != null && buildId != null) {
            kernelBuildIds.put(release, buildId);
        }
    }

    /** The vmlinux given, or {@code null}. */
    Path givenVmlinux() {
        return vmlinux;
    }

    /** The files of the module directory given, to be listed ahead of the first lookup; or {@code null}. */
    ModuleFiles givenModules() {
        return modulesDir == null || !Files.isDirectory(modulesDir) ? null
                : moduleDirs.computeIfAbsent(modulesDir, ModuleFiles::new);
    }

    /** The vmlinux candidates for a kernel of {@code release} (may be {@code null}), likeliest first; and why none, if so. */
    Candidates vmlinux(String release) {
        Candidates c = new Candidates();
        if (vmlinux != null) {
            c.add(vmlinux);
            return c;
        }
        List<Path> tried = new ArrayList<>();
        if (release != null && root != null && isRelease(release)) {
            for (Path debug : debugDirs) {
                tried.add(debug.resolve("boot/vmlinux-" + release));
                tried.add(debug.resolve("lib/modules/" + release + "/vmlinux"));
            }
            tried.add(root.resolve("lib/modules/" + release + "/build/vmlinux"));
            tried.add(root.resolve("boot/vmlinux-" + release));
            tried.forEach(c::addIfFile);
            String running = runningBuildId(release);
            if (running != null) {
                c.addAll(byBuildId(running, c));
            }
            String known = kernelBuildIds.get(release);
            if (known != null && c.files.isEmpty()) {
                c.addAll(byBuildId(known, c));
            }
        }
        if (c.files.isEmpty() && root == null) {
            c.why = "no vmlinux given for the kernel's own functions";
        } else if (c.files.isEmpty()) {
            c.why = release == null ? "no vmlinux given, and the report names no kernel release to look for one"
                    : "no vmlinux given, and none found for kernel " + release + " (" + join(tried)
                    + (c.why == null ? "" : "; " + c.why) + ")";
        }
        return c;
    }

    /** The files that may hold {@code module} of a kernel of {@code release}, with debug info first; and why none, if so. */
    Candidates module(String module, String buildId, String release) {
        Candidates c = new Candidates();
        if (buildId != null) {
            c.addAll(byBuildId(buildId, c));
        }
        List<Path> dirs = new ArrayList<>();
        if (modulesDir != null) {
            dirs.add(modulesDir);
        } else if (release != null && root != null && isRelease(release)) {
            debugDirs.forEach(d -> dirs.add(d.resolve("lib/modules/" + release)));
            dirs.add(root.resolve("lib/modules/" + release));
        }
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try {
                c.addAll(moduleDirs.computeIfAbsent(dir, ModuleFiles::new).candidates(module));
            } catch (IOException e) {
                c.why = "cannot search " + dir + " for module " + module + ": " + e.getMessage();
            }
        }
        if (c.files.isEmpty() && c.why == null) {
            c.why = modulesDir != null ? "no file for module " + module + " in the module directory"
                    : release == null || root == null ? "no module directory given for module " + module
                    : "no module directory given, and no file for module " + module + " of kernel " + release
                    + " (" + join(dirs) + ")";
        }
        return c;
    }

    /**
     * Where the debug file {@code name} of a stripped {@code file} may be, as gdb looks: beside it,
     * in its {@code .debug} directory, and under each debug directory at the file's own path.
     */
    List<Path> debugLinkCandidates(Path file, String name) {
        List<Path> places = new ArrayList<>();
        if (name.isEmpty() || name.contains("/")) {
            return places;
        }
        Path dir = file.toAbsolutePath().getParent();
        places.add(dir.resolve(name));
        places.add(dir.resolve(".debug").resolve(name));
        for (Path debug : debugDirs) {
            places.add(debug.resolve(dir.toString().substring(1)).resolve(name));
        }
        return places;
    }

    /** The debug-directory file of a build id, else debuginfod's; failures go to {@code c}. */
    private List<Path> byBuildId(String buildId, Candidates c) {
        String id = buildId.toLowerCase(Locale.ROOT);
        List<Path> found = new ArrayList<>();
        if (id.length() < 4 || !id.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            return found;
        }
        for (Path debug : debugDirs) {
            Path file = debug.resolve(".build-id/" + id.substring(0, 2) + "/" + id.substring(2) + ".debug");
            if (Files.isRegularFile(file)) {
                found.add(file);
            }
        }
        if (found.isEmpty() && debuginfod != null) {
            try {
                found.add(debuginfod.debuginfo(id));
            } catch (IOException e) {
                c.why = e.getMessage();
            }
        }
        return found;
    }

    /** The running kernel's build id, from /sys/kernel/notes, when it is the kernel of {@code release}. */
    private String runningBuildId(String release) {
        try {
            Path osRelease = root.resolve("proc/sys/kernel/osrelease");
            if (!Files.isRegularFile(osRelease) || !Files.readString(osRelease).trim().equals(release)) {
                return null;
            }
            return noteBuildId(Files.readAllBytes(root.resolve("sys/kernel/notes")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The GNU build id in raw ELF notes (namesz, descsz, type, name, desc, each padded to 4 bytes), or {@code null}. */
    static String noteBuildId(byte[] notes) {
        ByteBuffer b = ByteBuffer.wrap(notes).order(ByteOrder.nativeOrder());
        while (b.remaining() >= 12) {
            long nameSize = Integer.toUnsignedLong(b.getInt());
            long descSize = Integer.toUnsignedLong(b.getInt());
            int type = b.getInt();
            long nameSpace = (nameSize + 3) & ~3L;
            long descSpace = (descSize + 3) & ~3L;
            if (nameSpace + descSpace > b.remaining()) {
                return null;
            }
            byte[] name = new byte[(int) nameSize];
            b.get(name);
            b.position(b.position() + (int) (nameSpace - nameSize));
            byte[] desc = new byte[(int) descSize];
            b.get(desc);
            b.position(b.position() + (int) (descSpace - descSize));
            if (type == 3 && nameSize == 4 && name[0] == 'G' && name[1] == 'N' && name[2] == 'U' && descSize > 0) {
                return HexFormat.of().formatHex(desc);
            }
        }
        return null;
    }

    private static String join(List<Path> paths) {
        return "looked in " + String.join(", ", paths.stream().map(Path::toString).toList());
    }

    /** A release as printed ({@code 6.1.0-18-amd64}), never a path. */
    private static boolean isRelease(String release) {
        return !release.isEmpty() && release.length() < 256 && !release.contains("/") && !release.startsWith(".");
    }

    /** Files to try in order, and why there are none when so. */
    static final class Candidates {
        private final Set<Path> files = new LinkedHashSet<>();
        String why;

        void add(Path file) {
            files.add(file);
        }

        void addAll(List<Path> more) {
            files.addAll(more);
        }

        void addIfFile(Path file) {
            if (Files.isRegularFile(file)) {
                files.add(file);
            }
        }

        List<Path> files() {
            return List.copyOf(files);
        }
    }
}
