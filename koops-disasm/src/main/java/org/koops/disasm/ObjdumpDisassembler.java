package org.koops.disasm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.model.Arch;

/**
 * GNU objdump run on the code as a raw binary, as the kernel's {@code scripts/decodecode} does:
 * {@code objdump -D -b binary -m i386:x86-64 -M intel}. Other architectures use the cross objdump
 * ({@code aarch64-linux-gnu-objdump}, Debian's binutils-aarch64-linux-gnu) or a multi-architecture
 * one (binutils-multiarch), whichever is installed.
 */
final class ObjdumpDisassembler implements Disassembler {
    /** {@code   1f:\t48 8b 83 18 02 00 00 \tmov    rax,QWORD PTR [rbx+0x218]}. */
    private static final Pattern LINE = Pattern.compile("^\\s*([0-9a-f]+):\\t([0-9a-f ]+?)\\s*\\t(.*)$");
    /** objdump's comments: {@code # 0x1234}, arm64 {@code // #42}, arm {@code @ 0xffffffe0}. */
    private static final Pattern COMMENT = Pattern.compile("(?:\\t|\\s{2,})(?://|@|#|;).*$");
    /** A prefix printed alone: the instruction it belongs to is cut by the end of the code. */
    private static final Pattern LONE_PREFIX = Pattern.compile("(?i)rex(?:\\.\\w+)?|data16|addr32|lock|rep[nez]*|[c-gs]s");
    private static final long TIMEOUT_SECONDS = 20;

    private final String version;
    private final Map<Arch, Optional<String>> tools = new ConcurrentHashMap<>();

    private ObjdumpDisassembler(String version) {
        this.version = version;
    }

    static ObjdumpDisassembler load() throws DisassemblyException {
        Optional<String> out = run(List.of("objdump", "--version"));
        if (out.isEmpty()) {
            throw new DisassemblyException("GNU objdump is not installed (Debian package binutils)");
        }
        Matcher m = Pattern.compile("(\\d+\\.\\d+(?:\\.\\d+)?)").matcher(out.get().lines().findFirst().orElse(""));
        return new ObjdumpDisassembler("objdump" + (m.find() ? " " + m.group(1) : ""));
    }

    @Override
    public String name() {
        return version;
    }

    @Override
    public boolean supports(Arch arch, int unitSize) {
        return machine(arch) != null && tool(arch).isPresent();
    }

    @Override
    public List<RawInstruction> decode(Arch arch, int unitSize, byte[] code, int from) throws DisassemblyException {
        String tool = tool(arch).orElseThrow(() -> new DisassemblyException("no objdump that decodes " + arch.id()
                + " is installed (binutils-multiarch or the cross binutils)"));
        Path file = null;
        try {
            file = Files.createTempFile("koops-code", ".bin");
            Files.write(file, code);
            List<String> command = new ArrayList<>(List.of(tool, "-D", "-z", "-b", "binary", "-m", machine(arch),
                    "--insn-width=16", "--start-address=" + from));
            switch (arch) {
                case X86_64, X86 -> command.addAll(List.of("-M", "intel"));
                case ARM -> {
                    command.add("-EL");
                    if (unitSize == 2) {
                        command.addAll(List.of("-M", "force-thumb"));
                    }
                }
                default -> command.add("-EL");
            }
            command.add(file.toString());
            String out = run(command).orElseThrow(() -> new DisassemblyException(tool + " failed"));
            return parse(out);
        } catch (IOException e) {
            throw new DisassemblyException("could not write the code for objdump: " + e.getMessage());
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }

    /** Reads objdump's listing up to the first byte sequence it could not decode. */
    static List<RawInstruction> parse(String listing) {
        List<RawInstruction> out = new ArrayList<>();
        for (String line : listing.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String text = COMMENT.matcher(m.group(3)).replaceFirst("").strip();
            if (text.isEmpty() || text.startsWith("(bad)") || text.startsWith(".") || text.contains("<internal disassembler error>")
                    || LONE_PREFIX.matcher(text).matches()) {
                break;
            }
            int length = m.group(2).replace(" ", "").length() / 2;
            String[] parts = text.split("\\s+", 2);
            out.add(new RawInstruction(Integer.parseInt(m.group(1), 16), length, parts[0],
                    parts.length > 1 ? parts[1].strip() : ""));
        }
        return out;
    }

    private static String machine(Arch arch) {
        return switch (arch) {
            case X86_64 -> "i386:x86-64";
            case X86 -> "i386";
            case ARM64 -> "aarch64";
            case ARM -> "arm";
            case RISCV64 -> "riscv:rv64";
            default -> null;
        };
    }

    Optional<String> tool(Arch arch) {
        return tools.computeIfAbsent(arch, a -> {
            List<String> candidates = switch (a) {
                case X86_64, X86 -> List.of("objdump", "x86_64-linux-gnu-objdump");
                case ARM64 -> List.of("aarch64-linux-gnu-objdump", "objdump");
                case ARM -> List.of("arm-linux-gnueabihf-objdump", "arm-linux-gnueabi-objdump", "objdump");
                case RISCV64 -> List.of("riscv64-linux-gnu-objdump", "objdump");
                default -> List.of();
            };
            String bfdArch = machine(a) == null ? null : machine(a).split(":")[0];
            for (String c : candidates) {
                Optional<String> archs = run(List.of(c, "-i"));
                if (archs.isPresent() && archs.get().lines().anyMatch(l -> l.strip().equals(bfdArch))) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        });
    }

    /** Runs a command, its output or empty when it cannot be run or fails. */
    static Optional<String> run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return p.exitValue() == 0 ? Optional.of(new String(out, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
