package org.koops.format;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.model.Arch;
import org.koops.model.LogLine;

/**
 * Tells the architecture that printed a report from whatever its lines show, also when there is no
 * register dump: register names, exception vectors and system-call entry code in the trace, the oops
 * line's own words, the hardware name, the release's architecture suffix ({@code .x86_64},
 * {@code .armv7hl}), the width of the addresses printed, an instruction at an odd offset, where the
 * kernel's code lies, the largest process id or free stack a 32-bit kernel cannot have. Where a
 * report's own lines leave it open, the lines around it in the same log (the same machine's boot
 * messages, drivers and other reports) narrow it further ({@link #detect(List, List)}).
 *
 * <p>Each row of the table is a kind of line and the architectures that print it, with the reason.
 * The rows are taken in the table's order, strongest first: every row some line matches narrows the
 * candidates to the architectures it allows; a row that would leave none is contradicted by stronger
 * evidence and set aside. Among the candidates {@link Arch#UNKNOWN} stands for the architectures koops does
 * not name (OpenRISC prints "Call trace:" as arm64 does, but 8-digit addresses). One named architecture
 * left is the answer; several (an x86 machine check without the kernel's bitness) or none is
 * {@link Arch#UNKNOWN}, never a guess.
 */
public final class ArchRules {
    /**
     * A line that shows the architecture.
     *
     * @param line   its log line number
     * @param arches the architectures that print such a line
     * @param reason what it is, in a few words
     */
    public record Finding(long line, Set<Arch> arches, String reason) {
    }

    /**
     * A kind of line, the architectures that print it, and why; searched anywhere in a line.
     *
     * @param needles literals one of which every line the pattern matches holds: a line holding none is
     *                passed over without running the pattern (most lines of a log hold none)
     */
    private record Row(List<String> needles, Pattern line, Set<Arch> arches, String reason) {
        boolean matches(String text, Matcher matcher) {
            for (String needle : needles) {
                if (text.contains(needle)) {
                    return matcher.reset(text).find();
                }
            }
            return false;
        }
    }

    private static final Set<Arch> X86_FAMILY = EnumSet.of(Arch.X86_64, Arch.X86);
    /**
     * Architectures whose kernels are 64-bit (32-bit riscv and loongarch kernels are too rare to tell apart);
     * {@link Arch#UNKNOWN} stands for the architectures koops does not name, which print such lines too.
     */
    private static final Set<Arch> BITS_64 = EnumSet.of(Arch.X86_64, Arch.ARM64, Arch.POWERPC, Arch.S390, Arch.MIPS,
            Arch.RISCV64, Arch.LOONGARCH, Arch.UNKNOWN);
    private static final Set<Arch> BITS_32 = EnumSet.of(Arch.X86, Arch.ARM, Arch.POWERPC, Arch.MIPS, Arch.UNKNOWN);

    /** Where a line's own text starts: the line's start, or after a prefix the reader left on it. */
    private static final String START = "(?:^|(?<=[\\]>:]\\s))\\s*+";

    private static final List<Row> ROWS = List.of(
            // Register dumps: names only one architecture's __show_regs() prints.
            row("RIP: |RAX: |RBX: |R1|R0|ORIG_RAX: |FS: ", START + "(?:RIP: |RAX: |RBX: |R1[0-5]: |R0[89]: |ORIG_RAX: |FS:  ?[0-9a-f]{16})", Arch.X86_64,
                    "64-bit x86 register names"),
            row("EIP|EAX: |ESI: ", START + "(?:EIP: |EIP is at |EAX: [0-9a-f]{8} EBX: |ESI: [0-9a-f]{8} EDI: )", Arch.X86,
                    "32-bit x86 register names"),
            // __show_regs prints the control and debug registers as wide as a long: 16 digits on x86-64, 8 on i386.
            row("CR|DR", START + "(?:CR[0234]|DR[0-7]): [0-9a-f]{16}(?![0-9a-f])", Arch.X86_64,
                    "64-bit x86 control or debug registers"),
            row("CR|DR", START + "(?:CR[0234]|DR[0-7]): [0-9a-f]{8}(?![0-9a-f])", Arch.X86,
                    "32-bit x86 control or debug registers"),
            row("pc : |lr : |x29: |x2|pstate: ", START + "(?:pc : (?!\\[<[0-9a-f]{8}>\\])|lr : (?!\\[<[0-9a-f]{8}>\\])|x29: |x2[0-8]: |pstate: [0-9a-f]{8})",
                    Arch.ARM64, "arm64 register names"),
            row("r1| : |Flags: |Control: ", START + "(?:pc : \\[<[0-9a-f]{8}>\\]|r1[0-2]: [0-9a-f]{8}|r[0-9] : [0-9a-f]{8}|sp : [0-9a-f]{8}  ip : "
                    + "|Flags: [nN][zZ][cC][vV]  IRQs|Control: [0-9a-f]{8}  Table: )", Arch.ARM, "32-bit arm register names"),
            row("NIP|GPR|MSR|REGS: |--- interrupt: ", START + "(?:NIP: ? ?[0-9a-f]{8,16} |NIP \\[[0-9a-f]{8,16}\\] |GPR[0-3][0-9]: [0-9a-f]{8,16} [0-9a-f]{8,16} "
                    + "|MSR: ? ?[0-9a-f]{8,16} |REGS: [0-9a-f]{8,16} TRAP: |--- interrupt: [0-9a-f]{1,4} at )",
                    Arch.POWERPC, "powerpc register names"),
            row("Krnl |User PSW : |Last Breaking-Event-Address:", "(?:Krnl PSW : |Krnl GPRS: |Krnl Code: |User PSW : |Last Breaking-Event-Address:)", Arch.S390,
                    "s390 program status word and register names"),
            row("$|epc   : |BadVA : |PrId  : |Cause : ", START + "(?:\\$[ 1-3]?\\d {3}: [0-9a-f]{8,16}|epc {3}: |BadVA : |PrId  : |Cause : [0-9a-f]{8} \\(ExcCode)",
                    Arch.MIPS, "MIPS register names"),
            row("epc|ra : |gp : |status: ", START + "(?:epc ?: |ra : |gp : [0-9a-f]{8,16} tp : |status: [0-9a-f]{8,16} badaddr: )", Arch.RISCV64,
                    "RISC-V register names"),
            row("ERA: |CRMD: |PRMD: |ESTAT: |BADV: |PRID: ", START + "(?:ERA: [0-9a-f]{16}|CRMD: [0-9a-f]{8} \\(|PRMD: [0-9a-f]{8} \\(|ESTAT: [0-9a-f]{8} \\[|BADV: [0-9a-f]{16}"
                    + "|PRID: [0-9a-f]{8} \\(Loongson)", Arch.LOONGARCH, "LoongArch control register names"),
            // Entry code and exception vectors in the trace.
            row("entry_SYSCALL|do_syscall_64|system_call_fastpath|__x64_sys_|x86_64_start_kernel|secondary_startup_64|retint_kernel|tracesys+|ret_from_sys_call", "(?<![\\w.])(?:entry_SYSCALL_64|do_syscall_64|system_call_fastpath|__x64_sys_|x86_64_start_kernel"
                    + "|secondary_startup_64|retint_kernel|entry_SYSCALL64_slow_path|tracesys\\+|ret_from_sys_call)", Arch.X86_64,
                    "64-bit x86 system-call entry or start-up code"),
            // objtool writes __pfx_ symbols for the padding before functions (PREFIX_SYMBOLS, arch/x86/Kconfig), and x86 runs
            // objtool on 64-bit kernels only (HAVE_OBJTOOL if X86_64).
            row("__pfx_", "(?<![\\w.])__pfx_\\w++\\+0x", Arch.X86_64, "objtool's __pfx_ padding symbols: an x86-64 kernel"),
            row("entry_SYSENTER_32|entry_INT80_32|sysenter_|syscall_call+|i386_start_kernel|startup_32_smp", "(?<![\\w.])(?:entry_SYSENTER_32|entry_INT80_32|sysenter_do_call|sysenter_past_esp|syscall_call\\+"
                    + "|i386_start_kernel|startup_32_smp)", Arch.X86, "32-bit x86 system-call entry or start-up code"),
            // dumpstack_64.c's stack_type_name() names the task stack (5.16 on) and the NMI stack; dumpstack_32.c names
            // only IRQ, SOFTIRQ and #DF, so i386 never prints these markers.
            row("TASK>|NMI>", START + "</?(?:TASK|NMI)>\\s*+$", Arch.X86_64, "x86-64's task or NMI stack marker"),
            // dump_pagetable() of arch/x86/mm/fault.c: 64-bit kernels print PGD, P4D, PUD, PMD, PTE; 32-bit ones *pde = and
            // *pte = ; the other architectures print their tables in lower case (pgd=, p4d=, pud=).
            row("PGD |P4D |PUD ", START + "(?:PGD [0-9a-f]++ (?:P4D|PUD) |P4D [0-9a-f]++(?: |$)|PUD [0-9a-f]++(?: PMD |$))",
                    Arch.X86_64, "x86-64's page-table walk (P4D, PUD)"),
            row("el0|el1|__arm64_sys_|invoke_syscall+|do_mem_abort", "(?<![\\w.])(?:el0_svc|el[01]h?t?_(?:64_)?(?:sync|irq|error)|el1_(?:da|ia|abort)|__arm64_sys_|invoke_syscall\\+"
                    + "|do_mem_abort)", Arch.ARM64, "arm64 exception vectors or system-call code"),
            row("__dabt_|__irq_|__und_svc|__pabt_usr|vector_swi|kernel_thread_exit|do_DataAbort|do_PrefetchAbort", "(?<![\\w.])(?:__dabt_svc|__dabt_usr|__irq_svc|__irq_usr|__und_svc|__pabt_usr|vector_swi|kernel_thread_exit"
                    + "|do_DataAbort|do_PrefetchAbort)\\b", Arch.ARM, "32-bit arm exception vectors"),
            row("system_call_|ret_from_except|.ret_from_kernel_thread", "(?<![\\w.])(?:system_call_common|system_call_exception|ret_from_except(?:_lite)?|\\.ret_from_kernel_thread)\\b",
                    Arch.POWERPC, "powerpc exception or system-call code"),
            row("sysc_tracego|system_call+|__do_pgm_check|pgm_check_handler", "(?<![\\w.])(?:sysc_tracego|system_call\\+0x[0-9a-f]++/0x[0-9a-f]++\\s*+$|__do_pgm_check|pgm_check_handler)",
                    Arch.S390, "s390 system-call or program-check code"),
            row("handle_|syscall_common", "(?<![\\w.])(?:handle_sys|handle_sys64|syscall_common|handle_adel_int|handle_ades_int|handle_tlb[lsm]_int)\\b",
                    Arch.MIPS, "MIPS exception handlers"),
            // show_stacktrace() of arch/mips/kernel/traps.c, copied by LoongArch: "Stack :" and the words, each as wide as a
            // long. LoongArch's kernel is 64-bit only, so 8-digit words are a 32-bit MIPS kernel's.
            row("Stack : ", START + "Stack : [0-9a-f]{8}(?: |$)", Arch.MIPS, "MIPS's stack dump of 8-digit words"),
            row("Stack : ", START + "Stack : [0-9a-f]{16}(?: |$)", EnumSet.of(Arch.MIPS, Arch.LOONGARCH),
                    "the MIPS-style stack dump"),
            row("do_trap_|handle_exception+", "(?<![\\w.])(?:do_trap_ecall_u|do_trap_insn_|do_trap_load_|do_trap_store_|handle_exception\\+)", Arch.RISCV64,
                    "RISC-V trap handlers"),
            // The oops line and fault messages only one architecture prints.
            row("Internal error: ", "Internal error: [^\\[]*+\\[#\\d++\\].* (?:ARM|THUMB2)\\s*+$", Arch.ARM,
                    "the instruction set word of 32-bit arm's oops line"),
            row("Internal error: Oops: ", "Internal error: Oops: (?:00000000)?9[26]0000[0-9a-f]{2} \\[#", Arch.ARM64,
                    "an arm64 exception syndrome (ESR) as the oops code"),
            // do_sp_pc_abort() of arch/arm64/mm/fault.c; 32-bit arm has no such exception.
            row("SP/PC alignment exception", "Internal error: SP/PC alignment exception: ", Arch.ARM64,
                    "arm64's SP/PC alignment exception"),
            row("8<--- cut here|pgd = |*pgd=", "(?:8<--- cut here ---|pgd = [0-9a-f]{8}\\s*+$|\\[[0-9a-f]{8}\\] \\*pgd=[0-9a-f]{8})", Arch.ARM,
                    "32-bit arm's page-fault banner or page-table walk"),
            row("pgd = |Mem abort info:|ESR = 0x|Data abort info:", "(?:pgd = [0-9a-f]{16}\\s*+$|Mem abort info:|ESR = 0x[0-9a-f]{8}|Data abort info:)", Arch.ARM64,
                    "arm64's memory abort decoding"),
            row(", epc == |Oops[#", "(?:Unable to handle kernel paging request at virtual address [0-9a-f]++, epc == |Oops\\[#\\d++\\]:)",
                    EnumSet.of(Arch.MIPS, Arch.LOONGARCH), "the MIPS-style oops line"),
            row("Faulting instruction address: 0x|Oops: Kernel access of bad area, sig:|Instruction dump:|(unreliable)|] [|cpu 0x", "(?:Faulting instruction address: 0x|Oops: Kernel access of bad area, sig:|Instruction dump:\\s*+$|\\(unreliable\\)\\s*+$"
                    + "|^\\s*\\[[0-9a-f]{8,16}\\] \\[[0-9a-f]{8,16}\\] |cpu 0x[0-9a-f]++: Vector: )", Arch.POWERPC,
                    "powerpc's fault lines, instruction dump or stack frames"),
            row("#PF: |IRQ>|NMI>|EOI>|TASK>|Code: |asm_exc_|asm_sysvec_|asm_common_interrupt|apic_timer_interrupt|do_fast_syscall_32|native_safe_halt", "(?:#PF: |</?(?:IRQ|NMI|EOI|TASK|SOFTIRQ)>\\s*+$|Code: Unable to access opcode bytes at|(?:^|\\s)Code: (?:[0-9a-f]{2} ){4}"
                    + ".*<[0-9a-f]{2}>|(?<![\\w.])(?:asm_exc_|asm_sysvec_|asm_common_interrupt|apic_timer_interrupt"
                    + "|do_fast_syscall_32|native_safe_halt))", X86_FAMILY,
                    "x86's page-fault lines, stack section markers, Code: bytes or interrupt entry"),
            row("Call trace:", START + "Call trace:", EnumSet.of(Arch.ARM64, Arch.UNKNOWN),
                    "arm64's call-trace heading (of the architectures koops names, the others print \"Call Trace:\")"),
            row("PC is at ", "PC is at ", EnumSet.of(Arch.ARM, Arch.ARM64, Arch.UNKNOWN), "the arm pc line"),
            row("Code: ", "(?:^|\\s)Code: (?:[0-9a-f]{8} ){2,}\\([0-9a-f]{8}\\)", EnumSet.of(Arch.ARM, Arch.ARM64),
                    "arm's Code: words with the faulting one in parentheses"),
            row("Code: ", "(?:^|\\s)Code: (?:[0-9a-f]{8}  ?){2,}<[0-9a-f]{8}>", EnumSet.of(Arch.MIPS, Arch.LOONGARCH),
                    "MIPS-style Code: words with the faulting one in angle brackets"),
            row("ret_fast_syscall+", "ret_fast_syscall\\+", EnumSet.of(Arch.ARM, Arch.ARM64), "arm's fast system-call return"),
            row(" from ", "^\\s*+[A-Za-z0-9_.$]++(?: \\[[A-Za-z0-9_\\-]++\\])? from [A-Za-z0-9_.$]++\\+0x[0-9a-f]++/0x[0-9a-f]++", Arch.ARM,
                    "32-bit arm's \"a from b+off\" backtrace"),
            row(") from [<", "\\[<[0-9a-f]{8}>\\] \\([A-Za-z0-9_.$]++(?:\\+0x[0-9a-f]++/0x[0-9a-f]++)?\\) from \\[<", Arch.ARM,
                    "32-bit arm's \"[<pc>] (a) from [<lr>] (b+off)\" backtrace"),
            row("r0:|r1:|r2:|r3:|r4:|r5:|r6:|r7:|r8:|r9:", "(?:^|\\s)r\\d{1,2}:[0-9a-f]{8} r\\d:[0-9a-f]{8}", Arch.ARM, "registers 32-bit arm's unwinder saved between frames"),
            // A WARNING or BUG names its source file; only the kernel's own architecture's arch/ directory is built.
            row("arch/x86/", "(?:\\bat |^)arch/x86/[\\w/.-]++:\\d", EnumSet.of(Arch.X86_64, Arch.X86, Arch.UNKNOWN),
                    "a source file under arch/x86/ (user-mode Linux builds some of it too)"),
            row("arch/arm64/", "(?:\\bat |^)arch/arm64/[\\w/.-]++:\\d", Arch.ARM64, "a source file under arch/arm64/"),
            row("arch/arm/", "(?:\\bat |^)arch/arm/[\\w/.-]++:\\d", Arch.ARM, "a source file under arch/arm/"),
            row("arch/powerpc/", "(?:\\bat |^)arch/powerpc/[\\w/.-]++:\\d", Arch.POWERPC, "a source file under arch/powerpc/"),
            row("arch/mips/", "(?:\\bat |^)arch/mips/[\\w/.-]++:\\d", Arch.MIPS, "a source file under arch/mips/"),
            row("arch/s390/", "(?:\\bat |^)arch/s390/[\\w/.-]++:\\d", Arch.S390, "a source file under arch/s390/"),
            row("arch/riscv/", "(?:\\bat |^)arch/riscv/[\\w/.-]++:\\d", Arch.RISCV64, "a source file under arch/riscv/"),
            row("arch/loongarch/", "(?:\\bat |^)arch/loongarch/[\\w/.-]++:\\d", Arch.LOONGARCH,
                    "a source file under arch/loongarch/"),
            // The kernel release's architecture suffix, as distributions name their builds.
            row("x86_64|amd64", "\\d\\.\\d++[\\w.+~-]*?[.-](?:x86_64|amd64)\\b", Arch.X86_64, "an x86-64 distribution kernel"),
            row("86", "\\d\\.\\d++[\\w.+~-]*?[.-](?:i[3-6]86|686)(?:[.+-](?:PAE|pae))?\\b", Arch.X86, "a 32-bit x86 distribution kernel"),
            row("arm|-v7", "\\d\\.\\d++[\\w.+~-]*?(?:[.-](?:armv[5-7]\\w*+|armhf|armel|armmp(?:-lpae)?)\\b|-v7l?\\+)", Arch.ARM,
                    "a 32-bit arm distribution kernel"),
            row("aarch64|arm64|-v8+", "\\d\\.\\d++[\\w.+~-]*?(?:[.-](?:aarch64|arm64)\\b|-v8\\+)", Arch.ARM64, "an arm64 distribution kernel"),
            row("ppc|powerpc", "\\d\\.\\d++[\\w.+~-]*?[.-](?:ppc64(?:le)?|ppc|powerpc\\w*+)\\b", Arch.POWERPC, "a powerpc distribution kernel"),
            row("s390", "\\d\\.\\d++[\\w.+~-]*?[.-]s390x?\\b", Arch.S390, "an s390 distribution kernel"),
            row("mips|octeon|loongson-3|kc-malta|-Cavium-Octeon", "\\d\\.\\d++[\\w.+~-]*?[.-](?:mips\\w*+|octeon|loongson-3|[45]kc-malta)\\b|-Cavium-Octeon", Arch.MIPS,
                    "a MIPS kernel"),
            row("riscv64", "\\d\\.\\d++[\\w.+~-]*?[.-]riscv64\\b", Arch.RISCV64, "a RISC-V distribution kernel"),
            row("loong", "\\d\\.\\d++[\\w.+~-]*?[.-](?:loong64|loongarch64)\\b", Arch.LOONGARCH, "a LoongArch distribution kernel"),
            // Arch Linux builds x86-64 only and Arch Linux 32 the same package for i686 (6.12.10-arch1-1); Arch Linux ARM
            // names its kernels -ARCH.
            row("-arch", "\\d\\.\\d++[\\w.+~-]*?-arch\\d++-\\d++\\b", X86_FAMILY, "an Arch Linux kernel"),
            // The hardware name: how each architecture names the machine (dump_stack_set_arch_desc).
            row("Hardware name: ", "Hardware name: (?:.*\\(Device Tree\\)\\s*+$|Generic DT based system|BCM2835|BCM27\\d\\d\\b)", Arch.ARM,
                    "a 32-bit arm machine description"),
            row("Hardware name: ", "Hardware name: .*\\(DT\\)\\s*+$", EnumSet.of(Arch.ARM64, Arch.RISCV64, Arch.UNKNOWN),
                    "a device tree machine named the arm64 way"),
            row("Hardware name: ", "Hardware name: .*\\b(?:HiKey|Kirin|HiSilicon|Hisilicon|Exynos|Snapdragon|Qualcomm|Rockchip|RK3\\d{3}|Amlogic|Meson"
                    + "|Raspberry Pi|BCM27\\d\\d|Jetson|Tegra|NVIDIA|Juno|i\\.MX ?\\d|Freescale|MediaTek|MT\\d{4}|ZynqMP|ODROID|Khadas"
                    + "|Unisoc|Spreadtrum|Apple M\\d|linux,dummy-virt)", EnumSet.of(Arch.ARM, Arch.ARM64),
                    "an arm system-on-chip or board (no other architecture's chips carry these names)"),
            row("Hardware name: ", "Hardware name: .*(?:pSeries|PowerNV|POWER\\d)", Arch.POWERPC, "an IBM POWER machine"),
            row("Hardware name: IBM ", "Hardware name: IBM \\d{4} ", Arch.S390, "an IBM Z machine"),
            row("Hardware name: ", "Hardware name: (?:QEMU Standard PC|Bochs|VMware|innotek|VirtualBox)", X86_FAMILY, "a PC-compatible virtual machine"),
            row(", BIOS ", "(?:Hardware name|DMI): .*, BIOS ", EnumSet.of(Arch.X86_64, Arch.X86, Arch.ARM64, Arch.LOONGARCH),
                    "a machine with SMBIOS firmware"),
            row("Machine Check Exception|mce: [Hardware Error]|Machine check events logged", "(?:Machine Check Exception|mce: \\[Hardware Error\\]|Machine check events logged)", X86_FAMILY,
                    "an x86 machine check"),
            // Loaded modules only one architecture builds.
            row("_x86_64|_edac", "(?<![\\w-])(?:[a-z0-9]++(?:_[a-z0-9]++)*?_x86_64|amd64_edac\\w*+|sb_edac|skx_edac|i10nm_edac|pnd2_edac)(?![\\w-])", Arch.X86_64,
                    "a module only x86-64 builds (the crypto *_x86_64 ones, amd64_edac, sb_edac ...)"),
            row("sof", "(?<![\\w-])(?:sof-audio-pci-intel-\\w++|snd_sof_pci_intel_\\w++|snd_sof_intel_\\w++)(?![\\w-])", X86_FAMILY,
                    "Intel's audio DSP (SOF) drivers, built for x86 only"),
            row("kvm_|x86_pkg_temp_thermal|intel_rapl|aesni_intel|crc32c_intel|crc32_pclmul|crct10dif_pclmul|ghash_clmulni_intel|iTCO_|intel_powerclamp|coretemp|k10temp|intel_cstate|intel_uncore|i7core_edac|lpc_ich|i2c_i801", "(?<![\\w-])(?:kvm_intel|kvm_amd|x86_pkg_temp_thermal|intel_rapl\\w*+|aesni_intel|crc32c_intel|crc32_pclmul"
                    + "|crct10dif_pclmul|ghash_clmulni_intel|iTCO_wdt|iTCO_vendor_support|intel_powerclamp|coretemp|k10temp"
                    + "|intel_cstate|intel_uncore|i7core_edac|lpc_ich|i2c_i801)(?![\\w-])", X86_FAMILY,
                    "a module only x86 builds (kvm_intel, coretemp, iTCO_wdt ...)"),
            // arch/arm64/crypto's modules; arch/arm/crypto names its own *_arm, *_arm_ce or *_arm_bs (ghash_arm_ce,
            // sha2_arm_ce, aes_arm_bs), and chacha_neon and nhpoly1305_neon exist on both.
            row("_arm64|_ce|_neon", "(?<![\\w-])(?:[a-z0-9]++(?:_[a-z0-9]++)*?_arm64|aes_ce_(?:blk|cipher|ccm)|aes_neon_(?:blk|bs)"
                    + "|sha(?:1|2|3|512)_ce|sm[34]_ce|crct10dif_ce|crc32_ce|ghash_ce|polyval_ce|poly1305_neon)(?![\\w-])", Arch.ARM64,
                    "a module only arm64 builds (its crypto: sha256_arm64, aes_ce_blk, sha2_ce ...)"),
            row("_vpmsum|pseries_|ibmv|rpaphp|rpadlpar_io|vmx_crypto",
                    "(?<![\\w-])(?:[a-z0-9]++_vpmsum|pseries_\\w++|ibmveth|ibmvnic|ibmvscsi|ibmvfc|rpaphp|rpadlpar_io|vmx_crypto)(?![\\w-])",
                    Arch.POWERPC, "a module only powerpc builds (POWER8 vpmsum crypto, pSeries and IBM virtual I/O drivers)"),
            // The width of printed addresses, and instructions at odd addresses.
            row("[", "\\[<[0-9a-f]{16}>\\]|^\\s*+\\[[0-9a-f]{16}\\] ", BITS_64, "16-digit code addresses: a 64-bit kernel"),
            row("[", "\\[<[0-9a-f]{8}>\\]|^\\s*+\\[[0-9a-f]{8}\\] ", BITS_32, "8-digit code addresses: a 32-bit kernel"),
            // Documentation/arch/x86/x86_64/mm.rst: kernel text from ffffffff80000000, modules above it; MIPS64 runs
            // its kernel from CKSEG0 (ffffffff80000000) and RISC-V maps its own at ffffffff80000000 too. arm64, powerpc,
            // s390 and LoongArch run theirs elsewhere.
            row("[<ffffffff", "\\[<ffffffff[89a-f][0-9a-f]{7}>\\]", EnumSet.of(Arch.X86_64, Arch.MIPS, Arch.RISCV64, Arch.UNKNOWN),
                    "code in the top 2 GB of a 64-bit address space, where x86-64, MIPS64 and RISC-V run their kernels"),
            // arm64's kernel half below ffff800000000000 (its image and modules before 5.4), and its image at ffff8000...
            // since: on x86-64 the first is not canonical and the second its hypervisor hole; RISC-V maps nothing there.
            row("[<ffff", "\\[<ffff(?:[0-7][0-9a-f]|80)[0-9a-f]{10}>\\]", EnumSet.of(Arch.ARM64, Arch.UNKNOWN),
                    "code at an address only arm64 runs its kernel at"),
            // PID_MAX_LIMIT is PID_MAX_DEFAULT (32768) when a long has 4 bytes.
            row("PID: |Pid: |pid:|Showing stack for process |by task |! [|INFO: task ", "(?:\\bPID: |\\bPid: |\\bpid: *+|Showing stack for process |\\bby task [^/\\s]{1,16}/|! \\[[^\\]]{1,16}:"
                    + "|INFO: task .{1,16}:)(?:3276[89]|327[7-9]\\d|32[89]\\d\\d|3[3-9]\\d{3}|[4-9]\\d{4}|[1-9]\\d{5,})(?!\\d)",
                    BITS_64, "a process id above 32767: a 64-bit kernel (a 32-bit one never allows more)"),
            // i386's thread stacks are two pages (THREAD_SIZE_ORDER 1 in page_32_types.h).
            row("stack:", "\\bstack: ?(?:8(?:19[3-9]|[2-9]\\d\\d)|9\\d{3}|[1-9]\\d{4,})\\b", EnumSet.complementOf(EnumSet.of(Arch.X86)),
                    "more than 8 KiB of a task's stack unused: not i386, whose stacks are 8 KiB"),
            // sched_show_task() before 5.x: the name in 15 columns, the state letter, the free stack, the pid, the parent's, the flags.
            row(" 0x", "^.{15} [A-Z] *+(?:8(?:19[3-9]|[2-9]\\d\\d)|9\\d{3}|[1-9]\\d{4,})\\s++\\d++\\s++\\d++ 0x[0-9a-f]{8}\\s*+$",
                    EnumSet.complementOf(EnumSet.of(Arch.X86)), "more than 8 KiB of a task's stack unused (older form): not i386"),
            row("ffff", "(?<![0-9a-fA-Fx])(?:0x)?ffff[0-9a-f]{12}(?![0-9a-f])", BITS_64, "a 16-digit kernel pointer: a 64-bit kernel"),
            row("ffff888", "(?<![0-9a-fA-Fx])(?:0x)?ffff888[0-9a-f]{9}(?![0-9a-f])", Arch.X86_64,
                    "a pointer into x86-64's direct map (0xffff888000000000 unless randomised)"),
            // Only x86 places instructions at odd addresses. A Thumb-2 arm kernel's return addresses are odd too,
            // but its reports also show arm's own lines, which come first in this table.
            row("+0x", "[A-Za-z0-9_.]\\+0x(?:[0-9a-f]{0,15}[13579bdf]/0x[0-9a-f]{1,16}|[0-9a-f]{1,16}/0x[0-9a-f]{0,15}[13579bdf])"
                    + "(?![0-9a-f])", X86_FAMILY, "code at an odd offset or of odd size: only x86 instructions have any length"));

    /** A word for an architecture, as people write it. */
    private record Word(Pattern pattern, Arch arch) {
    }

    /**
     * The words people write for an architecture ({@code uname -m}'s, the distributions' port names), as they name their
     * machine in the remarks around a pasted log: {@code uname -a}'s line, "OS: ... x86_64", a release such as
     * {@code 5.14.0-70.el9.x86_64}. A word inside a longer name ({@code x86_64-linux-gnu}, {@code arm64_defconfig},
     * a path) does not count.
     */
    private static final List<Word> WORDS = List.of(
            word("x86_64|x86-64|amd64", Arch.X86_64), word("i[3-6]86", Arch.X86), word("aarch64|arm64", Arch.ARM64),
            word("armv[5-7]\\w*+|armhf|armel", Arch.ARM), word("ppc64(?:le)?|ppc|powerpc(?:64)?(?:le)?", Arch.POWERPC),
            word("s390x?", Arch.S390), word("mips(?:el|64(?:el)?)?", Arch.MIPS), word("riscv64", Arch.RISCV64),
            word("loongarch64|loong64", Arch.LOONGARCH));

    private ArchRules() {
    }

    private static Word word(String words, Arch arch) {
        return new Word(Pattern.compile("(?<![\\w/])(?:" + words + ")(?![\\w/-])", Pattern.CASE_INSENSITIVE), arch);
    }

    private static Row row(String needles, String pattern, Arch arch, String reason) {
        return row(needles, pattern, EnumSet.of(arch), reason);
    }

    /** A row: {@code needles} are its literals, apart by {@code |}; {@code pattern} the line it stands for. */
    private static Row row(String needles, String pattern, Set<Arch> arches, String reason) {
        return new Row(List.of(needles.split("\\|")), Pattern.compile(pattern), Set.copyOf(arches), reason);
    }

    /** The architecture the lines show, or {@link Arch#UNKNOWN}. */
    public static Arch detect(List<LogLine> lines) {
        return decide(List.of(lines), null);
    }

    /**
     * The architecture a report's {@code lines} show; where they leave it open, the lines {@code around}
     * them in the same log (printed by the same machine: its boot messages, drivers, other reports) narrow
     * the candidates the report's own lines left, never contradicting them.
     */
    public static Arch detect(List<LogLine> lines, List<LogLine> around) {
        return decide(List.of(lines, around), null);
    }

    /**
     * As {@link #detect(List, List)}; where the kernel's lines leave it open, the architecture the {@code remarks}
     * around a pasted log name in words ({@code uname -a}'s line, "OS: Fedora 39 x86_64"), the weakest evidence: used
     * only when they name one architecture, and one the kernel's lines allow.
     */
    public static Arch detect(List<LogLine> lines, List<LogLine> around, List<LogLine> remarks) {
        Set<Arch> candidates = candidates(List.of(lines, around), null);
        Arch decided = named(candidates);
        if (decided != Arch.UNKNOWN) {
            return decided;
        }
        Set<Arch> said = EnumSet.noneOf(Arch.class);
        for (LogLine remark : remarks) {
            for (Word word : WORDS) {
                if (word.pattern().matcher(remark.text()).find()) {
                    said.add(word.arch());
                }
            }
        }
        return said.size() == 1 && candidates.containsAll(said) ? said.iterator().next() : Arch.UNKNOWN;
    }

    /**
     * The lines that decided the architecture, one per row that narrowed the candidates, strongest
     * first; empty when the lines show none.
     */
    public static List<Finding> evidence(List<LogLine> lines) {
        return evidence(lines, List.of());
    }

    /** As {@link #evidence(List)}, the report's own lines first, then those {@code around} them. */
    public static List<Finding> evidence(List<LogLine> lines, List<LogLine> around) {
        List<Finding> out = new ArrayList<>();
        decide(List.of(lines, around), out);
        return out;
    }

    /** Narrows the candidates with each source of lines in turn, until one named architecture is left. */
    private static Arch decide(List<List<LogLine>> sources, List<Finding> findings) {
        return named(candidates(sources, findings));
    }

    private static Set<Arch> candidates(List<List<LogLine>> sources, List<Finding> findings) {
        Set<Arch> candidates = EnumSet.allOf(Arch.class);
        for (List<LogLine> lines : sources) {
            if (named(candidates) != Arch.UNKNOWN) {
                break;
            }
            candidates = narrow(candidates, lines, findings);
        }
        return candidates;
    }

    private static Set<Arch> narrow(Set<Arch> from, List<LogLine> lines, List<Finding> findings) {
        Set<Arch> candidates = from;
        for (Row row : ROWS) {
            LogLine at = firstMatch(row, lines);
            if (at == null) {
                continue;
            }
            Set<Arch> narrowed = EnumSet.copyOf(candidates);
            narrowed.retainAll(row.arches());
            if (narrowed.isEmpty() || narrowed.equals(candidates)) {
                continue;
            }
            candidates = narrowed;
            if (findings != null) {
                findings.add(new Finding(at.number(), row.arches(), row.reason()));
            }
            if (candidates.size() == 1) {
                break; // no later row can change it: each either agrees or is set aside
            }
        }
        return candidates;
    }

    /** The one named architecture among the candidates, or {@link Arch#UNKNOWN}. */
    private static Arch named(Set<Arch> candidates) {
        Set<Arch> named = EnumSet.copyOf(candidates);
        named.remove(Arch.UNKNOWN);
        return named.size() == 1 ? named.iterator().next() : Arch.UNKNOWN;
    }

    private static LogLine firstMatch(Row row, List<LogLine> lines) {
        Matcher matcher = row.line().matcher("");
        for (LogLine line : lines) {
            if (row.matches(line.text(), matcher)) {
                return line;
            }
        }
        return null;
    }
}
