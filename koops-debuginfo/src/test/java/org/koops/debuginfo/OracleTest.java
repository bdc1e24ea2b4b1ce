package org.koops.debuginfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Symbolises every instruction address of the code of small C programs and kernel-module-like
 * objects built with gcc, and compares function, file, line, discriminator and the whole inline
 * chain with {@code addr2line -f -i} (binutils) and, for executables, {@code llvm-symbolizer}.
 * An oracle that is not installed is skipped, and the whole test without its gcc. Every difference
 * must match one of the rules of {@link #explain}, each a known, documented behaviour of the oracle.
 */
class OracleTest {
    private static final Pattern INSTRUCTION = Pattern.compile("^\\s+([0-9a-f]+):\\t", Pattern.MULTILINE);
    private static final Pattern SECTION = Pattern.compile("^Disassembly of section (\\S+):$", Pattern.MULTILINE);

    /** One way of building the test code: compiler prefix, flags, and whether it stays a relocatable object. */
    record Variant(String name, List<String> sources, String prefix, List<String> flags, boolean relocatable, boolean zstd) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<String> PROGRAM = List.of("program.c");
    private static final List<String> MODULE = List.of("module.c");

    static Stream<Variant> variants() {
        return Stream.of(
                new Variant("x86_64 executable, DWARF 5", PROGRAM, "", List.of("-gdwarf-5"), false, false),
                new Variant("x86_64 executable, DWARF 4", PROGRAM, "", List.of("-gdwarf-4"), false, false),
                new Variant("x86_64 executable, -O3 -funroll-loops, DWARF 4", PROGRAM, "",
                        List.of("-O3", "-funroll-loops", "-gdwarf-4"), false, false),
                new Variant("x86_64 executable, two units inlined into each other by LTO, DWARF 5",
                        List.of("program.c", "library.c"), "", List.of("-flto", "-DWITH_LIBRARY", "-gdwarf-5"), false, false),
                new Variant("x86_64 executable, DWARF 2", PROGRAM, "", List.of("-gdwarf-2", "-gstrict-dwarf"), false, false),
                new Variant("x86_64 executable, DWARF 5, zlib sections (-gz)", PROGRAM, "", List.of("-gdwarf-5", "-gz"), false, false),
                new Variant("x86_64 executable, DWARF 4, .zdebug sections", PROGRAM, "", List.of("-gdwarf-4", "-gz=zlib-gnu"), false, false),
                new Variant("x86_64 executable, DWARF 5, zstd sections", PROGRAM, "", List.of("-gdwarf-5"), false, true),
                new Variant("x86_64 module object, DWARF 5", MODULE, "", List.of("-gdwarf-5"), true, false),
                new Variant("x86_64 module object, -ffunction-sections, DWARF 5", MODULE, "",
                        List.of("-ffunction-sections", "-gdwarf-5"), true, false),
                new Variant("x86_64 module object, DWARF 4, -gz", MODULE, "", List.of("-gdwarf-4", "-gz"), true, false),
                new Variant("i386 module object, DWARF 4 (ELF32, REL)", MODULE, "", List.of("-m32", "-gdwarf-4"), true, false),
                new Variant("arm64 module object, DWARF 5", MODULE, "aarch64-linux-gnu-", List.of("-gdwarf-5"), true, false),
                new Variant("arm64 big-endian module object, DWARF 4", MODULE, "aarch64-linux-gnu-",
                        List.of("-mbig-endian", "-gdwarf-4"), true, false),
                new Variant("arm64 ILP32 module object, DWARF 5 (ELF32)", MODULE, "aarch64-linux-gnu-",
                        List.of("-mabi=ilp32", "-gdwarf-5"), true, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyInstructionAgreesWithTheOracles(Variant v, @TempDir Path dir) throws Exception {
        assumeTrue(Toolchain.find("gcc").isPresent(), "gcc is not installed");
        assumeTrue(Toolchain.find(v.prefix() + "gcc").isPresent(), v.prefix() + "gcc is not installed");
        Path object = build(v, dir);
        Map<String, List<Long>> code = instructions(v, object, dir);
        OracleComparison.Tally tally = new OracleComparison.Tally();
        try (Symbolizer symbolizer = Symbolizer.open(object)) {
            for (Map.Entry<String, List<Long>> section : code.entrySet()) {
                long base = v.relocatable() ? symbolizer.sectionAddress(section.getKey()) : 0;
                Map<Long, List<String>> mine = new LinkedHashMap<>();
                for (long a : section.getValue()) {
                    mine.put(a, OracleComparison.render(symbolizer.symbolize(base + a)));
                }
                String input = addresses(section.getValue());
                Map<Long, List<String>> binutils = Map.of();
                Map<Long, List<String>> llvm = Map.of();
                if (Toolchain.find(v.prefix() + "addr2line").isPresent()) {
                    List<String> cmd = new ArrayList<>(List.of(v.prefix() + "addr2line", "-a", "-f", "-i", "-e", object.toString()));
                    if (v.relocatable()) {
                        cmd.addAll(List.of("-j", section.getKey()));
                    }
                    binutils = OracleComparison.parse(Toolchain.run(dir, input, cmd));
                }
                // llvm-symbolizer cannot tell the sections of a relocatable object apart (all start at 0),
                // and reads zstd sections only since LLVM 16.
                if (!v.relocatable() && Toolchain.find("llvm-symbolizer").isPresent() && (!v.zstd() || llvmReadsZstd(dir))) {
                    llvm = OracleComparison.parse(Toolchain.run(dir, input, List.of("llvm-symbolizer", "--obj=" + object, "-a",
                            "--functions=short", "-i", "--output-style=GNU")));
                }
                for (Map.Entry<Long, List<String>> e : mine.entrySet()) {
                    if (!binutils.isEmpty()) {
                        tally.compare("addr2line", e.getKey(), e.getValue(), binutils.get(e.getKey()), llvm.get(e.getKey()));
                    }
                    if (!llvm.isEmpty()) {
                        tally.compare("llvm-symbolizer", e.getKey(), e.getValue(), llvm.get(e.getKey()), binutils.get(e.getKey()));
                    }
                }
            }
        }
        System.out.println(v + ": " + tally);
        assertThat(tally.checked).as("addresses compared").isGreaterThan(50);
        assertThat(tally.unexplained).as("differences no rule explains (address: koops | oracle)").isEmpty();
    }

    private static boolean llvmReadsZstd(Path dir) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("LLVM version (\\d+)").matcher(Toolchain.run(dir, "", List.of("llvm-symbolizer", "--version")));
        return m.find() && Integer.parseInt(m.group(1)) >= 16;
    }

    private static Path build(Variant v, Path dir) throws IOException, InterruptedException {
        Path out = dir.resolve(v.relocatable() ? "test.o" : "test");
        List<String> cmd = new ArrayList<>(List.of(v.prefix() + "gcc", "-O2", "-g"));
        cmd.addAll(v.flags());
        cmd.addAll(List.of("-I", Toolchain.sources().toString()));
        if (v.relocatable()) {
            cmd.add("-c");
        }
        v.sources().forEach(source -> cmd.add(Toolchain.sources().resolve(source).toString()));
        cmd.addAll(List.of("-o", out.toString()));
        Toolchain.run(dir, "", cmd);
        if (v.zstd()) {
            try {
                Toolchain.run(dir, "", List.of(v.prefix() + "objcopy", "--compress-debug-sections=zstd", out.toString()));
            } catch (IOException e) {
                assumeTrue(false, "objcopy cannot compress with zstd: " + e.getMessage());
            }
        }
        return out;
    }

    /** Instruction addresses by section, from objdump (section-relative in a relocatable object). */
    private static Map<String, List<Long>> instructions(Variant v, Path object, Path dir) throws Exception {
        String listing = Toolchain.run(dir, "", List.of(v.prefix() + "objdump", "-d", "--no-show-raw-insn", object.toString()));
        Map<String, List<Long>> code = new TreeMap<>();
        Matcher s = SECTION.matcher(listing);
        List<int[]> bounds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (s.find()) {
            bounds.add(new int[] {s.end(), listing.length()});
            names.add(s.group(1));
            if (bounds.size() > 1) {
                bounds.get(bounds.size() - 2)[1] = s.start();
            }
        }
        for (int i = 0; i < names.size(); i++) {
            // The C runtime's startup code in an executable has no DWARF: only code gcc compiled counts.
            if (!v.relocatable() && !names.get(i).equals(".text")) {
                continue;
            }
            Matcher m = INSTRUCTION.matcher(listing.substring(bounds.get(i)[0], bounds.get(i)[1]));
            List<Long> addresses = new ArrayList<>();
            while (m.find()) {
                addresses.add(Long.parseUnsignedLong(m.group(1), 16));
            }
            code.put(names.get(i), addresses);
        }
        return code;
    }

    private static String addresses(List<Long> addresses) {
        return addresses.stream().map(a -> "0x" + Long.toHexString(a)).collect(Collectors.joining("\n", "", "\n"));
    }
}
