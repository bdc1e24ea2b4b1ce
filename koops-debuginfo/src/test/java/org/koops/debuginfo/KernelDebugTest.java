package org.koops.debuginfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real kernel, only in the {@code kernel-debug} profile (see koops-debuginfo/pom.xml): a Debian
 * {@code linux-image-*-dbg} package fetched with {@code apt-get download}, its vmlinux checked on
 * 10,000 random addresses inside functions against {@code llvm-symbolizer} and {@code addr2line},
 * with the time each takes, and its largest modules on every instruction of their .text against
 * {@code addr2line -j .text}.
 */
@Tag("kernel-debug")
class KernelDebugTest {
    private static final Path DIR = Path.of("target", "kernel-debug").toAbsolutePath();
    private static final Pattern NM = Pattern.compile("^([0-9a-f]+) ([0-9a-f]+) [tT] \\S+$", Pattern.MULTILINE);
    private static final Pattern INSTRUCTION = Pattern.compile("^\\s+([0-9a-f]+):\\t", Pattern.MULTILINE);
    private static Path root;

    @BeforeAll
    static void fetch() throws Exception {
        Files.createDirectories(DIR);
        String given = System.getProperty("koops.kernel.root", "");
        if (!given.isEmpty()) {
            root = Path.of(given);
            return;
        }
        String pkg = System.getProperty("koops.kernel.package", "linux-image-6.1.0-50-cloud-amd64-dbg");
        Path dir = Files.createDirectories(DIR.resolve(pkg));
        root = dir.resolve("root");
        if (!Files.isDirectory(root)) {
            assumeTrue(Toolchain.find("apt-get").isPresent() && Toolchain.find("dpkg-deb").isPresent(), "no apt-get/dpkg-deb");
            Toolchain.run(dir, "", List.of("apt-get", "download", pkg));
            try (Stream<Path> debs = Files.list(dir)) {
                Path deb = debs.filter(p -> p.toString().endsWith(".deb")).findFirst().orElseThrow();
                Toolchain.run(dir, "", List.of("dpkg-deb", "-x", deb.toString(), root.toString()));
            }
        }
    }

    @Test
    void vmlinuxAgreesWithTheOraclesOnTenThousandAddresses() throws Exception {
        Path vmlinux;
        try (Stream<Path> boot = Files.list(root.resolve("usr/lib/debug/boot"))) {
            vmlinux = boot.filter(p -> p.getFileName().toString().startsWith("vmlinux-")).findFirst().orElseThrow();
        }
        List<Long> addresses = randomAddressesInFunctions(vmlinux, 10_000);
        String input = addresses.stream().map(a -> "0x" + Long.toHexString(a)).collect(Collectors.joining("\n", "", "\n"));

        long start = System.nanoTime();
        Map<Long, List<String>> mine = new LinkedHashMap<>();
        try (Symbolizer s = Symbolizer.open(vmlinux)) {
            for (long a : addresses) {
                mine.put(a, OracleComparison.render(s.symbolize(a)));
            }
        }
        long koops = System.nanoTime() - start;
        Map<String, Map<Long, List<String>>> oracles = new LinkedHashMap<>();
        Map<String, Long> times = new LinkedHashMap<>();
        for (List<String> cmd : List.of(List.of("llvm-symbolizer", "--obj=" + vmlinux, "-a", "--functions=short", "-i",
                "--output-style=GNU"), List.of("addr2line", "-a", "-f", "-i", "-e", vmlinux.toString()))) {
            if (Toolchain.find(cmd.get(0)).isPresent()) {
                long t = System.nanoTime();
                oracles.put(cmd.get(0), OracleComparison.parse(Toolchain.run(DIR, input, cmd)));
                times.put(cmd.get(0), System.nanoTime() - t);
            }
        }
        OracleComparison.Tally tally = new OracleComparison.Tally();
        for (Map.Entry<Long, List<String>> e : mine.entrySet()) {
            Map<Long, List<String>> llvm = oracles.getOrDefault("llvm-symbolizer", Map.of());
            Map<Long, List<String>> binutils = oracles.getOrDefault("addr2line", Map.of());
            if (!binutils.isEmpty()) {
                tally.compare("addr2line", e.getKey(), e.getValue(), binutils.get(e.getKey()), llvm.get(e.getKey()));
            }
            if (!llvm.isEmpty()) {
                tally.compare("llvm-symbolizer", e.getKey(), e.getValue(), llvm.get(e.getKey()), binutils.get(e.getKey()));
            }
        }
        System.out.printf("%s, %d addresses: koops %.2f s in this JVM (open included)%s%n%s%n", vmlinux.getFileName(),
                addresses.size(), koops / 1e9, times.entrySet().stream().map(t -> String.format(", %s %.2f s", t.getKey(),
                        t.getValue() / 1e9)).collect(Collectors.joining()), tally);
        assertThat(tally.unexplained).as("differences no rule explains").isEmpty();
    }

    @Test
    void modulesAgreeWithAddr2lineOnEveryInstruction() throws Exception {
        assumeTrue(Toolchain.find("addr2line").isPresent() && Toolchain.find("objdump").isPresent(), "no binutils");
        Path modules = root.resolve("usr/lib/debug/lib/modules");
        assumeTrue(Files.isDirectory(modules), "no module debug files under " + root + " (only the vmlinux was extracted)");
        List<Path> largest;
        try (Stream<Path> files = Files.walk(modules)) {
            largest = files.filter(p -> p.toString().endsWith(".ko"))
                    .sorted(Comparator.comparingLong((Path p) -> p.toFile().length()).reversed()).limit(6).toList();
        }
        OracleComparison.Tally tally = new OracleComparison.Tally();
        for (Path module : largest) {
            String listing = Toolchain.run(DIR, "", List.of("objdump", "-d", "--no-show-raw-insn", "-j", ".text", module.toString()));
            List<Long> offsets = new ArrayList<>();
            Matcher m = INSTRUCTION.matcher(listing);
            while (m.find()) {
                offsets.add(Long.parseUnsignedLong(m.group(1), 16));
            }
            String input = offsets.stream().map(a -> "0x" + Long.toHexString(a)).collect(Collectors.joining("\n", "", "\n"));
            Map<Long, List<String>> binutils = OracleComparison.parse(Toolchain.run(DIR, input,
                    List.of("addr2line", "-a", "-f", "-i", "-j", ".text", "-e", module.toString())));
            // llvm-symbolizer cannot place a relocatable object's addresses: the second opinion is
            // readelf's own decoding of the line table, on the innermost file.
            NavigableMap<Long, Set<String>> lineTable = decodedLineFiles(module);
            try (Symbolizer s = Symbolizer.open(module)) {
                long base = s.sectionAddress(".text");
                for (long offset : offsets) {
                    List<String> mine = OracleComparison.render(s.symbolize(base + offset));
                    tally.compare("addr2line", offset, mine, binutils.get(offset), lineTableNames(lineTable, offset, mine) ? mine : null);
                }
            }
        }
        System.out.println(largest.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", ")) + ": " + tally);
        assertThat(tally.unexplained).as("differences no rule explains").isEmpty();
    }

    private static final Pattern DECODED_ROW = Pattern.compile("^(\\S+)\\s+\\d+\\s+(0x[0-9a-f]+|\\d+)\\b", Pattern.MULTILINE);

    /**
     * The file names of {@code readelf --debug-dump=decodedline}'s rows, by address. A module's
     * sections all start at 0, so the rows of every section are merged: another section's row may
     * answer too, which can only make a confirmation looser, never a mismatch.
     */
    private static NavigableMap<Long, Set<String>> decodedLineFiles(Path module) throws Exception {
        NavigableMap<Long, Set<String>> rows = new TreeMap<>();
        Matcher m = DECODED_ROW.matcher(Toolchain.run(DIR, "", List.of("readelf", "--debug-dump=decodedline", module.toString())));
        while (m.find()) {
            String address = m.group(2);
            long at = address.startsWith("0x") ? Long.parseUnsignedLong(address.substring(2), 16) : Long.parseLong(address);
            rows.computeIfAbsent(at, a -> new HashSet<>()).add(m.group(1));
        }
        return rows;
    }

    /**
     * Whether a row of the line table in the 256 bytes up to {@code offset} names the file of koops's
     * innermost location: the rows of the other sections, merged in, may be the nearest ones.
     */
    private static boolean lineTableNames(NavigableMap<Long, Set<String>> rows, long offset, List<String> mine) {
        String fileLine = mine.get(1).replaceAll(" \\(discriminator \\d+\\)$", "");
        String file = fileLine.substring(0, fileLine.lastIndexOf(':'));
        String name = file.substring(file.lastIndexOf('/') + 1);
        return rows.subMap(Math.max(0, offset - 256), true, offset, true).values().stream().anyMatch(files -> files.contains(name));
    }

    /** Addresses inside the text functions of {@code nm -S}, seeded so runs compare. */
    private static List<Long> randomAddressesInFunctions(Path vmlinux, int count) throws Exception {
        Matcher m = NM.matcher(Toolchain.run(DIR, "", List.of("nm", "-S", "--defined-only", vmlinux.toString())));
        List<long[]> functions = new ArrayList<>();
        while (m.find()) {
            long size = Long.parseUnsignedLong(m.group(2), 16);
            if (size > 1) {
                functions.add(new long[] {Long.parseUnsignedLong(m.group(1), 16), size});
            }
        }
        Random random = new Random(42);
        List<Long> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long[] f = functions.get(random.nextInt(functions.size()));
            addresses.add(f[0] + (long) (random.nextDouble() * f[1]));
        }
        return addresses;
    }
}
