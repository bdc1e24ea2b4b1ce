package org.koops.disasm;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.debuginfo.FunctionCode;
import org.koops.debuginfo.SourceLocation;
import org.koops.debuginfo.Symbol;
import org.koops.debuginfo.Symbolizer;
import org.koops.model.Arch;
import org.koops.model.CodeBytes;

/**
 * A whole function disassembled from a vmlinux or {@code .ko} with its source lines interleaved, the
 * faulting instruction marked, as {@code crash}'s {@code dis -l} shows it: the function's bytes,
 * relocations and line table read from the file by koops-debuginfo and decoded by Capstone, or else
 * objdump {@code -d -l -r --disassemble=FUNCTION}. The report's {@code Code:} bytes are compared with
 * the function's, bytes that relocations fill in at load time excepted, to tell whether the file is
 * the build that crashed.
 *
 * @param function the function
 * @param lines    the listing: source locations, instructions, the faulting one starting with {@code *}
 * @param faulting whether an instruction starts at the faulting offset
 * @param check    what comparing the {@code Code:} bytes with the file showed
 */
public record FunctionListing(String function, List<String> lines, boolean faulting, String check) {
    private static final Pattern HEADER = Pattern.compile("^([0-9a-f]+) <(.+)>:$");
    private static final Pattern INSN = Pattern.compile("^\\s*([0-9a-f]+):\\t([0-9a-f ]+?)\\s*\\t(.*)$");
    private static final Pattern RELOC = Pattern.compile("^\\s+([0-9a-f]+): (R_\\w+)\\s+([\\w.$]+).*$");
    /**
     * Calls and jumps the kernel rewrites in place when it boots or loads a module, so their bytes in
     * memory differ from the file: ftrace turns {@code call __fentry__} into a 5-byte NOP, the return
     * and retpoline thunks become {@code ret; int3} or indirect jumps (alternatives).
     */
    private static final Pattern PATCHED_TARGETS = Pattern.compile(
            "__fentry__|__x86_return_thunk|__x86_indirect_thunk_\\w+|__x86_indirect_call_thunk_\\w+|_mcount");

    /**
     * Disassembles {@code function} of {@code object}; {@code offset} is the faulting offset into it
     * ({@code RIP: func+0x13/0x40}). Capstone when it decodes {@code arch}, else objdump.
     */
    public static FunctionListing of(Path object, Arch arch, String function, long offset, CodeBytes code)
            throws Disassembler.DisassemblyException {
        int unit = unitSize(arch);
        Optional<Disassembler> capstone = Disassemblers.capstone().filter(c -> c.supports(arch, unit));
        if (capstone.isPresent()) {
            return decoded(capstone.get(), object, arch, function, offset, code);
        }
        return objdump(object, arch, function, offset, code);
    }

    /** Disassembles {@code function} of {@code object} with objdump, as {@link #of} does without Capstone. */
    public static FunctionListing objdump(Path object, Arch arch, String function, long offset, CodeBytes code)
            throws Disassembler.DisassemblyException {
        ObjdumpDisassembler objdump = (ObjdumpDisassembler) Disassemblers.objdump().orElseThrow(
                () -> new Disassembler.DisassemblyException(Disassemblers.objdumpProblem()));
        String tool = objdump.tool(arch).orElseThrow(() -> new Disassembler.DisassemblyException(
                "no installed objdump decodes " + arch.id()));
        List<String> command = new ArrayList<>(List.of(tool, "-d", "-l", "-r", "--disassemble=" + function));
        if (arch == Arch.X86_64 || arch == Arch.X86) {
            command.addAll(List.of("-M", "intel"));
        }
        command.add(object.toString());
        String out = ObjdumpDisassembler.run(command).orElseThrow(() -> new Disassembler.DisassemblyException(
                tool + " could not read " + object));
        return parse(out, function, offset, code);
    }

    /** The function's bytes from the file decoded by {@code backend}, with its relocations and source lines. */
    static FunctionListing decoded(Disassembler backend, Path object, Arch arch, String function, long offset,
                                   CodeBytes code) throws Disassembler.DisassemblyException {
        try (Symbolizer file = Symbolizer.open(object)) {
            List<Symbol> found = file.symbols(function);
            if (found.isEmpty()) {
                return new FunctionListing(function, List.of(), false, "the file has no function " + function);
            }
            Symbol symbol = found.get(0);
            FunctionCode fc = file.code(symbol);
            boolean lines = file.hasDebugInfo();
            int unit = unitSize(arch);
            List<String> out = new ArrayList<>();
            long shift = fc.shownAddress() - symbol.address();
            out.add(String.format("%016x <%s>:", fc.shownAddress(), function));
            Map<Long, Integer> bytes = new HashMap<>();
            Set<Long> relocated = new HashSet<>();
            boolean faulting = false;
            SourceHeadings headings = new SourceHeadings();
            int next = 0;
            for (Disassembler.RawInstruction i : backend.decode(arch, unit, fc.bytes(), 0)) {
                long address = symbol.address() + i.offset();
                if (lines) {
                    headings.add(file.symbolize(address), out);
                }
                for (int k = 0; k < i.length(); k++) {
                    bytes.put(address + k, fc.bytes()[i.offset() + k] & 0xff);
                }
                boolean here = address == symbol.address() + offset;
                faulting |= here;
                String hex = CodeDecoder.hex(fc.bytes(), i.offset(), i.length(), unit);
                out.add(String.format("%s%x:\t%-20s\t%s", here ? "* " : "  ", address + shift, hex,
                        (i.mnemonic() + " " + i.operands()).strip()) + (here ? "   <-- faulting instruction" : ""));
                List<FunctionCode.Relocation> relocations = fc.relocations();
                for (; next < relocations.size() && relocations.get(next).address() < address + i.length(); next++) {
                    FunctionCode.Relocation r = relocations.get(next);
                    out.add(String.format("        %x: %s\t%s", r.address() + shift, r.type(), r.target()));
                    for (int k = 0; k < r.width(); k++) {
                        relocated.add(r.address() + k);
                    }
                    if (PATCHED_TARGETS.matcher(r.target().replaceFirst("[-+]0x[0-9a-f]+$", "")).matches()) {
                        for (int k = 0; k < i.length(); k++) {
                            relocated.add(address + k);
                        }
                    }
                }
            }
            return new FunctionListing(function, List.copyOf(out), faulting,
                    check(code, symbol.address() + offset, bytes, relocated));
        } catch (IOException e) {
            throw new Disassembler.DisassemblyException(e.getMessage());
        }
    }

    /** The headings objdump -l prints: an instruction's function and file:line, each when it changes. */
    private static final class SourceHeadings {
        private String function;
        private String line;

        void add(List<SourceLocation> at, List<String> out) {
            if (at.isEmpty() || at.get(0).file() == null) {
                return;
            }
            String in = at.get(0).function();
            if (in != null && !in.equals(function)) {
                function = in;
                out.add(in + "():");
            }
            String fileLine = at.get(0).fileLine(false);
            if (!fileLine.equals(line)) {
                line = fileLine;
                out.add(fileLine);
            }
        }
    }

    private static int unitSize(Arch arch) {
        return arch == Arch.ARM64 || arch == Arch.ARM ? 4 : 1;
    }

    static FunctionListing parse(String listing, String function, long offset, CodeBytes code) {
        List<String> lines = new ArrayList<>();
        Map<Long, Integer> bytes = new HashMap<>();
        Set<Long> relocated = new HashSet<>();
        Long start = null;
        boolean faulting = false;
        long insnStart = -1;
        long insnEnd = -1;
        for (String line : listing.split("\n")) {
            Matcher h = HEADER.matcher(line);
            if (h.matches()) {
                if (start != null) {
                    break; // only the first function of that name
                }
                if (h.group(2).equals(function)) {
                    start = Long.parseUnsignedLong(h.group(1), 16);
                    lines.add(line);
                }
                continue;
            }
            if (start == null || line.isBlank() || line.startsWith("Disassembly of section")) {
                continue;
            }
            Matcher r = RELOC.matcher(line);
            if (r.matches()) {
                long at = Long.parseUnsignedLong(r.group(1), 16);
                if (at < insnStart || at >= insnEnd) {
                    continue; // objdump -r lists a linked file's other relocations of the section after the function
                }
                int size = r.group(2).endsWith("64") || r.group(2).endsWith("ABS64") ? 8 : 4;
                for (int i = 0; i < size; i++) {
                    relocated.add(at + i);
                }
                if (PATCHED_TARGETS.matcher(r.group(3)).matches() && at >= insnStart && at < insnEnd) {
                    for (long i = insnStart; i < insnEnd; i++) {
                        relocated.add(i);
                    }
                }
                lines.add("        " + line.strip());
                continue;
            }
            Matcher m = INSN.matcher(line);
            if (m.matches()) {
                long address = Long.parseUnsignedLong(m.group(1), 16);
                String[] units = m.group(2).strip().split(" ");
                long a = address;
                for (String u : units) {
                    int n = u.length() / 2;
                    long v = Long.parseUnsignedLong(u, 16);
                    for (int i = 0; i < n; i++) {
                        // objdump prints arm words as numbers: their bytes are little-endian in memory
                        bytes.put(a + i, (int) (n == 1 ? v : (v >>> (8 * i)) & 0xff));
                    }
                    a += n;
                }
                insnStart = address;
                insnEnd = a;
                boolean here = address == start + offset;
                faulting |= here;
                lines.add((here ? "* " : "  ") + line.strip() + (here ? "   <-- faulting instruction" : ""));
            } else {
                lines.add(line);
            }
        }
        if (start == null) {
            return new FunctionListing(function, List.of(), false, "the file has no function " + function);
        }
        return new FunctionListing(function, List.copyOf(lines), faulting, check(code, start + offset, bytes, relocated));
    }

    private static String check(CodeBytes code, long faultAddress, Map<Long, Integer> bytes, Set<Long> relocated) {
        if (code == null || code.bytes().length == 0 || code.faultOffset() < 0) {
            return "the report has no Code: bytes to compare with the file";
        }
        int compared = 0;
        int differ = 0;
        int skipped = 0;
        long base = faultAddress - code.faultOffset();
        for (int i = 0; i < code.bytes().length; i++) {
            Integer b = bytes.get(base + i);
            if (b == null) {
                continue;
            }
            if (relocated.contains(base + i)) {
                skipped++;
                continue;
            }
            compared++;
            if (b != (code.bytes()[i] & 0xff)) {
                differ++;
            }
        }
        String reloc = skipped == 0 ? "" : " (" + skipped + " not compared: filled in by relocations or rewritten by"
                + " ftrace and alternatives when the module was loaded)";
        if (compared == 0) {
            return "no Code: byte falls inside the function in the file";
        }
        return differ == 0 ? "the " + compared + " Code: bytes inside the function match the file" + reloc
                : differ + " of " + compared + " Code: bytes inside the function differ from the file" + reloc
                + ": it is not the build that crashed, or the code was patched at run time (alternatives, static keys)";
    }
}
