package org.koops.dump;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registers of an NT_PRSTATUS note ({@code struct elf_prstatus}): after the signal information,
 * pending and held signals (32 bytes), {@code pr_pid} at 32, and after the four process ids and four
 * times (80 bytes), {@code pr_reg} at 112 in the order of the architecture's {@code user_regs_struct}.
 */
final class Prstatus {
    private static final int PID = 32;
    private static final int REGISTERS = 112;
    private static final List<String> X86_64 = List.of("r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10",
            "r9", "r8", "rax", "rcx", "rdx", "rsi", "rdi", "orig_rax", "rip", "cs", "eflags", "rsp", "ss",
            "fs_base", "gs_base", "ds", "es", "fs", "gs");
    private static final List<String> AARCH64 = aarch64();

    private Prstatus() {
    }

    private static List<String> aarch64() {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i <= 30; i++) {
            names.add("x" + i);
        }
        names.addAll(List.of("sp", "pc", "pstate"));
        return List.copyOf(names);
    }

    /** The CPU state of a note, or {@code null} when the note is too short for the machine's registers. */
    static CpuState of(int cpu, byte[] desc, String machine, ByteOrder order) {
        List<String> names = machine.equals("aarch64") ? AARCH64 : X86_64;
        if (desc.length < REGISTERS + names.size() * 8) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(desc).order(order);
        Map<String, Long> registers = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            registers.put(names.get(i), b.getLong(REGISTERS + i * 8));
        }
        return new CpuState(cpu, b.getInt(PID), registers);
    }
}
