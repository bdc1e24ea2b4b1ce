package org.koops.format;

import java.util.List;
import java.util.regex.Pattern;

import org.koops.model.Arch;
import org.koops.model.LogLine;

/** Tells the architecture from lines only one architecture prints; the first rule that matches a line wins. */
public final class ArchRules {
    private record Rule(Pattern line, Arch arch, String reason) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("^\\s*(?:RIP: |RAX: |R1[0-5]: |entry_SYSCALL_64|#PF: |CR2: [0-9a-f]{16}|</?TASK>|</?IRQ>|asm_exc_|asm_sysvec_|__x64_sys_)"), Arch.X86_64,
                    "64-bit x86 register names or entry code"),
            new Rule(Pattern.compile("^Kernel Offset: 0x[0-9a-f]++ from 0xffffffff8[01]000000"), Arch.X86_64,
                    "the x86-64 kernel image base"),
            new Rule(Pattern.compile("^\\s*(?:EIP: |EAX: |entry_SYSENTER_32|entry_INT80_32)"), Arch.X86,
                    "32-bit x86 register names"),
            new Rule(Pattern.compile("^\\s*(?:pc : |x29: |x2[0-9]: |pstate: |el[01]h?t?_64_|el0_svc|Mem abort info:|ESR = 0x|__arm64_sys_)"), Arch.ARM64,
                    "arm64 register names, exception vectors or syscall wrappers"),
            new Rule(Pattern.compile("^\\s*(?:PC is at |r1[0-2] : |fp : [0-9a-f]{8} |Flags: [nN][zZ][cC][vV]|\\[<[0-9a-f]{8}>\\] \\(|__dabt_svc|vector_swi)"), Arch.ARM,
                    "32-bit arm register names or exception vectors"),
            new Rule(Pattern.compile("^\\s*(?:epc : |ra : |status: [0-9a-f]{16} badaddr|handle_exception\\+)"), Arch.RISCV64,
                    "RISC-V register names"));

    private ArchRules() {
    }

    public static Arch detect(List<LogLine> lines) {
        for (LogLine line : lines) {
            for (Rule r : RULES) {
                if (r.line().matcher(line.text()).lookingAt()) {
                    return r.arch();
                }
            }
        }
        return Arch.UNKNOWN;
    }
}
