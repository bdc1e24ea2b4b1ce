package org.koops.disasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.koops.Koops;
import org.koops.model.Arch;
import org.koops.model.CodeBytes;
import org.koops.model.CrashReport;
import org.koops.model.Disassembly;
import org.koops.model.FaultingCode;
import org.koops.model.Instruction;
import org.koops.model.MemoryOperand;
import org.koops.model.LogAnalysis;

/**
 * The {@code Code:} lines of the seeds and of syzkaller's {@code decompile/} cases: Capstone and objdump
 * agree instruction by instruction, the faulting one is marked, and where syzkaller's expected output
 * lists objdump's disassembly, the same instructions start at the same offsets.
 */
class SharedCodeLinesTest {
    /** Prefixes objdump prints as words of their own before the mnemonic. */
    private static final Set<String> PREFIXES = Set.of("data16", "cs", "ds", "es", "ss", "fs", "gs", "rex", "rex.w",
            "rex.b", "rex.r", "rex.x", "rex.wb", "rex.wr", "rex.wx", "rex.rb", "addr32", "notrack", "bnd");
    /** Mnemonics Capstone 4 prints where objdump prints an alias of the same instruction. */
    private static final java.util.Map<String, String> ALIASES = java.util.Map.of("movz", "mov");
    /** syzkaller's listing: {@code * 2a:\t48 f7 f5   \tdiv    %rbp <-- trapping instruction}. */
    private static final Pattern SYZ_LINE = Pattern.compile("^(\\*?)\\s*([0-9a-f]+):\\t([0-9a-f ]+?)\\s*\\t(\\S+).*$");

    @TestFactory
    Stream<DynamicTest> capstoneAndObjdumpAgreeOnEveryCodeLine() throws IOException {
        Disassembler capstone = Backends.capstone();
        Disassembler objdump = Backends.objdump();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(Backends.shared("seeds"))) {
            s.sorted().forEach(files::add);
        }
        try (Stream<Path> s = Files.walk(Backends.shared("corpus/syzkaller-linux/decompile"))) {
            s.filter(p -> p.toString().endsWith(".in")).sorted().forEach(files::add);
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getParent().getFileName() + "/" + f.getFileName(),
                () -> compare(f, capstone, objdump)));
    }

    private static void compare(Path file, Disassembler capstone, Disassembler objdump) throws Exception {
        LogAnalysis analysis = Koops.create().analyze(file);
        for (CrashReport r : analysis.reports()) {
            for (CodeBytes code : r.details().code()) {
                if (code.unavailable() != null || code.bytes().length == 0
                        || !capstone.supports(r.arch(), code.unitSize()) || !objdump.supports(r.arch(), code.unitSize())) {
                    continue;
                }
                Disassembly a = Disassemblers.using(List.of(capstone)).disassemble(r.arch(), code, null);
                String where = file + " line " + code.line();
                if (code.faultOffset() < 0) {
                    assertThat(a.problem()).as(where).isEqualTo("the Code: line marks no faulting byte");
                } else {
                    assertThat(a.faulting()).as("faulting instruction marked, " + where).isGreaterThanOrEqualTo(0);
                    assertThat(a.instructions().get(a.faulting()).offset()).as(where).isEqualTo(code.faultOffset());
                }
                // objdump from the same start: it accepts a few encodings Capstone rejects (lock mov), so
                // its own resynchronisation may start earlier.
                List<Disassembler.RawInstruction> b = objdump.decode(r.arch(), code.unitSize(), code.bytes(), a.skipped());
                assertThat(shape(b, r.arch(), true)).as("objdump vs capstone, " + where)
                        .isEqualTo(shape(a.instructions().stream().map(i -> new Disassembler.RawInstruction(
                                i.offset(), i.length(), i.mnemonic(), i.operands())).toList(), r.arch(), false));
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> syzkallerListingsMatch() throws IOException {
        Disassembler capstone = Backends.capstone();
        List<Path> outs = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Backends.shared("corpus/syzkaller-linux/decompile"))) {
            s.filter(p -> p.toString().endsWith(".out")).sorted().forEach(outs::add);
        }
        return outs.stream().map(out -> DynamicTest.dynamicTest(out.getParent().getFileName() + "/" + out.getFileName(),
                () -> {
                    List<String[]> expected = syzkallerListing(out);
                    if (expected.isEmpty()) {
                        return; // syzkaller printed no disassembly for this report
                    }
                    Path in = out.resolveSibling(out.getFileName().toString().replace(".out", ".in"));
                    CrashReport r = Koops.create().analyze(in).reports().get(0);
                    CodeBytes code = r.details().kernelCode().orElseThrow(() -> new AssertionError("no Code: line in the report"));
                    Disassembly d = Disassemblers.using(List.of(capstone)).disassemble(r.arch(), code, null);
                    List<String[]> actual = d.instructions().stream().limit(expected.size())
                            .map(i -> new String[] {
                                    (d.instructions().indexOf(i) == d.faulting() ? "*" : "") + Integer.toHexString(i.offset()),
                                    i.hex()})
                            .toList();
                    assertThat(actual).as("offsets and bytes of syzkaller's objdump listing")
                            .usingElementComparator((x, y) -> x[0].equals(y[0]) && x[1].equals(y[1]) ? 0 : 1)
                            .containsExactlyElementsOf(expected.stream().map(e -> new String[] {e[0], e[1]}).toList());
                }));
    }

    @Test
    void seed000NamesRbxAsTheBadPointer() throws IOException {
        Backends.capstone();
        Path seed;
        try (Stream<Path> s = Files.list(Backends.shared("seeds"))) {
            seed = s.filter(p -> p.getFileName().toString().startsWith("000_")).findFirst().orElseThrow();
        }
        CrashReport r = Koops.create().withDisassembler(Disassemblers.installed()).analyze(seed).reports().get(0);
        FaultingCode code = r.diagnosis().faultingCode();
        assertThat(code.disassembly().faultingInstruction().map(Instruction::text)).hasValue("mov esi, dword ptr [rbx]");
        assertThat(code.pointer().register()).isEqualTo("RBX");
        assertThat(code.pointer().registerValue()).isEqualTo(1L);
        assertThat(code.pointer().offset()).isZero();
        assertThat(code.pointer().effectiveAddress()).isEqualTo(1L);
        assertThat(code.pointer().faultAddress()).isEqualTo(1L);
        assertThat(code.pointer().agrees()).isTrue();
        assertThat(r.diagnosis().evidence()).anySatisfy(c -> assertThat(c.statement())
                .contains("RBX = 0x1 held the bad pointer"));
    }

    /** Offsets, lengths, mnemonics (objdump's prefix words removed) and memory operands. */
    private static List<String> shape(List<Disassembler.RawInstruction> insns, Arch arch, boolean objdump) {
        return insns.stream().map(i -> {
            MemoryOperand m = OperandParser.parse(arch, i.mnemonic(), i.operands());
            return i.offset() + "+" + i.length() + " " + mnemonic(i, objdump)
                    + (m == null ? "" : " [" + m.base() + "," + m.index() + "*" + m.scale() + "," + m.displacement() + "]");
        }).toList();
    }

    private static String mnemonic(Disassembler.RawInstruction i, boolean objdump) {
        String text = (i.mnemonic() + " " + i.operands()).toLowerCase(Locale.ROOT);
        for (String word : text.split("\\s+")) {
            if (!objdump || !PREFIXES.contains(word)) {
                return ALIASES.getOrDefault(word, word);
            }
        }
        return text;
    }

    private static List<String[]> syzkallerListing(Path out) throws IOException {
        List<String[]> rows = new ArrayList<>();
        boolean in = false;
        for (String line : Files.readAllLines(out)) {
            if (line.startsWith("Code disassembly")) {
                in = true;
                continue;
            }
            Matcher m = SYZ_LINE.matcher(line);
            if (in && m.matches()) {
                rows.add(new String[] {m.group(1) + m.group(2), m.group(3).strip(), m.group(4)});
            }
        }
        return rows;
    }
}
