package org.koops.debuginfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The crash lab's real consoles (lab/fixtures/ARCH/*.log) decoded with Debian's debug vmlinux and
 * the lab's modules from the lab's cache ({@code KOOPS_LAB_CACHE}, default ~/.cache/koops-lab), entry
 * by entry against the kernel's {@code scripts/decode_stacktrace.sh} on the same console. Only in the
 * {@code kernel-lab} profile ({@code mvn -B test -pl koops-debuginfo -am -Pkernel-lab}); the cache is
 * filled by {@code lab/check.sh}, whose output of decode_stacktrace.sh (ARCH/decoded/) is reused when
 * present.
 *
 * <p>decode_stacktrace.sh looks a return address up as printed, so koops decodes here with return
 * addresses as printed too ({@code --return-addresses=exact}); the whole inline chain (file and line
 * of every location) must then be the same. Known differences, each checked: decode_stacktrace.sh
 * takes the first symbol {@code nm} lists under a name, koops the one whose size the entry prints;
 * it looks names up among {@code nm}'s types t and T only, so weak functions (W) stay undecoded; it
 * runs {@code addr2line} on a module without {@code -j SECTION}, which places only .text: a function
 * in another section (.text.unlikely, .init.text) gets {@code file:?}.
 */
@Tag("kernel-lab")
class LabDecodeTest {
    private static final Path CACHE = Path.of(System.getenv().getOrDefault("KOOPS_LAB_CACHE",
            System.getProperty("user.home") + "/.cache/koops-lab"));
    private static final Path FIXTURES = Path.of("..", "lab", "fixtures").toAbsolutePath().normalize();
    private static final Pattern LOCATION = Pattern.compile("(\\S+):(\\d+|\\?)");
    private static final Pattern DISCRIMINATOR = Pattern.compile(" \\(discriminator \\d+\\)");
    private static final String RELEASE = "6.1.0-56";

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "arm64"})
    void everyEntryIsWhereDecodeStacktraceSaysItIs(String arch) throws Exception {
        String flavour = arch.equals("x86_64") ? "amd64" : "arm64";
        Path vmlinux = CACHE.resolve(arch + "/root/usr/lib/debug/boot/vmlinux-" + RELEASE + "-" + flavour);
        Path modules = CACHE.resolve(arch + "/modules");
        assumeTrue(Files.isRegularFile(vmlinux), "no " + vmlinux + ": run lab/check.sh " + arch + " first");
        List<Path> logs;
        try (Stream<Path> files = Files.list(FIXTURES.resolve(arch))) {
            logs = files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
        int compared = 0;
        int same = 0;
        Map<String, Integer> explained = new TreeMap<>();
        List<String> different = new ArrayList<>();
        Map<String, String> nmTypes = nmTypes(arch, vmlinux);
        try (KernelDebugInfo kernel = KernelDebugInfo.of(vmlinux, modules);
             Symbolizer image = Symbolizer.open(vmlinux)) {
            LogDecoder decoder = new LogDecoder(kernel, false);
            for (Path log : logs) {
                List<String> reference = decodeStacktrace(arch, log, vmlinux, modules);
                List<DecodedLine> mine = new ArrayList<>();
                try (InputStream in = Files.newInputStream(log)) {
                    decoder.decode(in, mine::add);
                }
                for (DecodedLine line : mine) {
                    for (FrameLocation f : line.frames()) {
                        if (f.resolution() == null || f.resolution().locations().isEmpty()
                                || f.resolution().locations().get(0).file() == null) {
                            continue;
                        }
                        String theirLine = (int) line.number() <= reference.size() ? reference.get((int) line.number() - 1) : "";
                        List<String> theirs = chain(theirLine, f.frame().function());
                        List<String> ours = f.resolution().locations().stream()
                                .map(l -> normalise(l.file()) + ":" + l.line()).toList();
                        compared++;
                        if (ours.equals(theirs)) {
                            same++;
                        } else if (f.frame().module() == null && image.symbols(f.frame().function()).size() > 1) {
                            explained.merge("a name nm lists several times", 1, Integer::sum);
                        } else if (f.frame().module() == null && theirs.isEmpty()
                                && nmTypes.getOrDefault(f.frame().function(), "").matches("[wW]+")) {
                            explained.merge("weak function, not looked up by decode_stacktrace.sh", 1, Integer::sum);
                        } else if (f.frame().module() != null && !f.resolution().symbol().section().equals(".text")
                                && theirs.size() == 1 && theirs.get(0).endsWith(":0")) {
                            explained.merge("module function outside .text, addr2line run without -j", 1, Integer::sum);
                        } else {
                            different.add(log.getFileName() + ":" + line.number() + " " + f.frame().function() + "+0x"
                                    + Long.toHexString(f.frame().offset()) + ": koops " + ours + " | decode_stacktrace.sh " + theirs);
                        }
                    }
                }
            }
        }
        System.out.printf("%s: %d consoles, %d entries: %d the same, explained %s, different %d%n%s%n", arch, logs.size(),
                compared, same, explained, different.size(), String.join("\n", different));
        assertThat(compared).as("entries compared").isGreaterThan(10 * logs.size());
        assertThat(different).as("entries decode_stacktrace.sh places elsewhere").isEmpty();
    }

    /** The nm types of every name of the image's symbol table, e.g. {@code T} or {@code tt}. */
    private static Map<String, String> nmTypes(String arch, Path vmlinux) throws Exception {
        Map<String, String> types = new java.util.HashMap<>();
        String nm = arch.equals("arm64") && Toolchain.find("aarch64-linux-gnu-nm").isPresent() ? "aarch64-linux-gnu-nm" : "nm";
        for (String line : Toolchain.run(Path.of("."), "", List.of(nm, vmlinux.toString())).split("\n")) {
            String[] f = line.split(" ");
            if (f.length == 3) {
                types.merge(f[2], f[1], String::concat);
            }
        }
        return types;
    }

    /** decode_stacktrace.sh's output for {@code log}, from the lab's cache or run now. */
    private static List<String> decodeStacktrace(String arch, Path log, Path vmlinux, Path modules) throws Exception {
        Path decoded = CACHE.resolve(arch + "/decoded/" + log.getFileName().toString().replace(".log", ".txt"));
        if (!Files.isRegularFile(decoded) || Files.getLastModifiedTime(decoded).compareTo(Files.getLastModifiedTime(log)) < 0) {
            Path script = CACHE.resolve("linux-source/decode_stacktrace.sh");
            assumeTrue(Files.isRegularFile(script), "no " + script + ": run lab/check.sh first");
            String console = Files.readString(log, StandardCharsets.ISO_8859_1).replace("\r", "")
                    .replaceAll("\u001b\\[[0-9;?]*[a-zA-Z]", "").replace("\u001bc", "");
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), vmlinux.toString(), "", modules.toString())
                    .redirectErrorStream(true);
            pb.environment().put("CROSS_COMPILE", arch.equals("arm64") ? "aarch64-linux-gnu-" : "");
            Files.createDirectories(decoded.getParent());
            return List.of(Toolchain.run(Path.of("."), console, pb.command()).split("\n", -1));
        }
        return Files.readAllLines(decoded, StandardCharsets.ISO_8859_1);
    }

    /** The locations decode_stacktrace.sh put after {@code function} on a line: {@code function (a.c:1 b.c:2)}. */
    private static List<String> chain(String line, String function) {
        int at = line.indexOf(function + " (");
        if (at < 0) {
            return List.of();
        }
        int start = at + function.length() + 2;
        int depth = 1;
        int end = start;
        while (end < line.length() && depth > 0) {
            char c = line.charAt(end++);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        }
        String inside = DISCRIMINATOR.matcher(line.substring(start, end - 1)).replaceAll("");
        List<String> locations = new ArrayList<>();
        Matcher m = LOCATION.matcher(inside);
        while (m.find()) {
            locations.add(normalise(m.group(1)) + ":" + (m.group(2).equals("?") ? "0" : m.group(2)));
        }
        return locations;
    }

    /** A path less the build directories: Debian's build tree, the lab's module directory. */
    private static String normalise(String path) {
        String p = path.replaceFirst("^.*/build_[a-z0-9]+_none_[a-z0-9]+/", "")
                .replaceFirst("^.*/linux-6\\.1\\.\\d+/", "");
        int modules = p.indexOf("/modules/");
        return modules >= 0 ? p.substring(modules + "/modules/".length()) : p.replaceFirst("^/", "");
    }
}
