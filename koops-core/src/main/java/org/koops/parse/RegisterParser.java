package org.koops.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.format.GuardedPattern;
import org.koops.model.Arch;
import org.koops.model.Damage;
import org.koops.model.Frame;
import org.koops.model.Register;
import org.koops.model.RegisterDump;

/**
 * Reads register dumps as each architecture's {@code __show_regs()} prints them: a code register with
 * its symbol ({@code RIP: 0010:func+0x56/0x1c0 [mod]}, {@code EIP is at f+0x3/0x5}, {@code PC is at f+0x94/0x138},
 * {@code pc : func+0x240/0x3c0}, {@code NIP [c000000008068dfc] .func+0x27c/0x390}, MIPS's
 * {@code epc   : 80123456 func+0x10/0x20}, RISC-V's {@code epc : func+0x72/0xb2}, LoongArch's
 * {@code   ERA: 9000000000abcdef func+0x24/0x80}, s390's {@code Krnl PSW : mask addr (func+0x3a/0x1000 [mod])}),
 * named values ({@code RAX: ... RBX: ...}, {@code x29: ... x28: ...}, {@code r10: 0000ff00  r9 : 00000020},
 * {@code status: ... badaddr: ... cause: ...}, {@code Cause : 50800008}), and rows of values named by their
 * first register: powerpc's {@code GPR08: a b c d} (r8 to r11), MIPS's {@code $ 8   : a b c d} (by the ABI's
 * names), s390's {@code Krnl GPRS:} and the three rows under it (r0 to r15), LoongArch's {@code a0 v a1 v a2 v a3 v}.
 * A register name damaged in transcription ({@code RDY:}) is recovered from its position in the kernel's fixed row layout.
 */
final class RegisterParser {
    /**
     * A line giving a code register and its symbol: groups {@code name} (unless {@code register} names it),
     * {@code seg} and {@code addr} (where the form prints them) and {@code rest}, the symbol.
     */
    private record SymbolicLine(GuardedPattern line, String register, boolean segment, boolean address) {
    }

    private static final List<SymbolicLine> SYMBOLIC = List.of(
            // powerpc's xmon (pc: c00000000047d72c: __do_softirq+0xd4/0x2b0) and LoongArch (ERA: 9000... f+0x24/0x80).
            symbolic("^(?<name>pc|lr|ra|ERA): (?<addr>[0-9a-f]{8,16}+):? (?<rest>\\S.*)$", null, "pc: ", "lr: ", "ra: ", "ERA: "),
            // MIPS pads the name: epc   : 80123456 func+0x10/0x20.
            symbolic("^(?<name>epc|ra) {2,4}+: (?<addr>[0-9a-f]{8,16}+) (?<rest>\\S.*)$", null, "epc  ", "ra  "),
            symbolic("^(?<name>NIP|LR) \\[(?<addr>[0-9a-f]{8,16}+)\\] (?<rest>.*)$", null, "NIP [", "LR ["),
            symbolic("^PC is at (?<rest>.*)$", "pc", "PC is at "),
            symbolic("^LR is at (?<rest>.*)$", "lr", "LR is at "),
            symbolic("^EIP is at (?<rest>.*)$", "EIP", "EIP is at "),
            // Before Linux 4.15 x86 printed the instruction pointer under the header: IP: [<f83f9f24>] func+0x54/0x140.
            symbolic("^IP: (?:\\[<(?<addr>[0-9a-f]{1,16}+)>\\]\\s*+)?(?<rest>.*)$", "IP", "IP: "),
            symbolic("^(?<name>RIP|EIP|pc|lr|epc|ra)\\s?:\\s*+(?:(?<seg>[0-9a-f]{4}):)?(?:\\[<(?<addr>[0-9a-f]{1,16}+)>\\]\\s*+)?"
                    + "(?:\\[<[0-9a-f]++>\\]\\s*+)?(?<rest>.*)$", null, "RIP", "EIP", "pc", "lr", "epc", "ra"));
    /** s390's program status word: the mask, then the address, with its symbol. */
    private static final GuardedPattern S390_PSW = GuardedPattern.starting(
            "^(?<who>Krnl|User) PSW : (?<mask>[0-9a-f]{16}) (?<addr>[0-9a-f]{16})(?: \\((?<rest>[^)]*+)\\))?", "Krnl PSW : ",
            "User PSW : ");
    /** The PSW's bits, decoded by the kernel on the next line. */
    private static final GuardedPattern S390_PSW_BITS = GuardedPattern.starting(
            "^R:\\d T:\\d IO:\\d EX:\\d Key:\\d++ M:\\d W:\\d P:\\d", "R:");
    private static final GuardedPattern S390_GPRS = GuardedPattern.starting(
            "^(?:Krnl|User) GPRS: (?<values>(?:[0-9a-f]{16} ?){4})\\s*+$", "Krnl GPRS: ", "User GPRS: ");
    private static final Pattern S390_GPRS_ROW = Pattern.compile("^(?<values>(?:[0-9a-f]{16} ?){4})\\s*+$");
    private static final GuardedPattern POWERPC_GPRS = GuardedPattern.starting(
            "^GPR(?<base>\\d\\d): ?(?<values>(?:[0-9a-f]{8,16}+ ?){1,8})\\s*+$", "GPR");
    private static final GuardedPattern MIPS_GPRS = GuardedPattern.starting(
            "^\\$(?<base>[ 1-3]?\\d) {3}:(?<values>(?: [0-9a-f]{8,16}+| {8,16}+)*+)\\s*+$", "$");
    private static final GuardedPattern LOONGARCH_ROW = GuardedPattern.starting(
            "^(?:(?:pc|ra|tp|sp|fp|u0|a[0-7]|t[0-8]|s[0-9]) [0-9a-f]{16}+ ?){4}\\s*+$", "pc ", "ra ", "tp ", "sp ", "fp ", "u0 ",
            "a", "t", "s");
    private static final Pattern NAME_VALUE = Pattern.compile("(?<name>[a-z][a-z0-9]{1,2}) (?<value>[0-9a-f]{16}+)");
    /** A code register's line that goes on with more registers: RISC-V's {@code epc : ffffffe00008c762 ra : ... sp : ...}. */
    private static final GuardedPattern MORE_TOKENS = GuardedPattern.containing("^[0-9a-f]{8,16}+ ++[A-Za-z][A-Za-z0-9]{0,7} ?: ", ": ");
    // arm32's r0-r12 only as __show_regs prints them (r9 : 0000ff00): the unwinder's saved registers
    // between backtrace entries (r9:808f34c8) are not the dump at the fault. s390's AS:... R3:... line names
    // the page tables walked, not registers.
    private static final GuardedPattern REGISTER_LINE = GuardedPattern.containing(
            "^\\s*(?!AS:[0-9a-f]{16} )(?:(?:[A-Z][A-Z0-9]{1,3}|knlGS|x\\d{1,2}|sp|pstate|ORIG_RAX|EFLAGS|s\\d{1,2}|t\\d|a\\d|gp|tp|status|badaddr|cause"
            + "|Hi|Lo|Acx|Status|Cause|BadVA|PrId|ESTAT|DSISR|msr|dar|dsisr)\\s{0,5}+:\\s*+"
            + "|r1?\\d ?: )[0-9a-f]{4,16}+|^\\s*(?:SOFTE|IRQMASK): [0-9a-f]++\\s*+$", ":");
    /** What follows arm32's pc on its line: {@code lr : [<808f3548>]    psr: 20060013}. */
    private static final GuardedPattern ARM32_PC_LINE_REST = GuardedPattern.containing(
            "(?<name>lr|psr) ?: (?:\\[<)?(?<value>[0-9a-f]{8})", "lr", "psr");
    private static final GuardedPattern PSTATE = GuardedPattern.starting("^\\s*pstate: ([0-9a-f]{1,16}+)(?: \\((.*)\\))?", "pstate: ");

    /** The x86_64 dump's fixed rows (arch/x86/kernel/process_64.c __show_regs). */
    private static final List<List<String>> X86_64_ROWS = List.of(
            List.of("RAX", "RBX", "RCX"), List.of("RDX", "RSI", "RDI"), List.of("RBP", "R08", "R09"),
            List.of("R10", "R11", "R12"), List.of("R13", "R14", "R15"));
    private static final Set<String> KNOWN = Set.of("RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP", "RSP",
            "R08", "R09", "R10", "R11", "R12", "R13", "R14", "R15", "RIP", "EFLAGS", "ORIG_RAX", "FS", "GS",
            "knlGS", "CS", "DS", "ES", "SS", "CR0", "CR2", "CR3", "CR4", "CR8", "DR0", "DR1", "DR2", "DR3", "DR6",
            "DR7", "PKRU", "EAX", "EBX", "ECX", "EDX", "ESI", "EDI", "EBP", "ESP", "EIP", "SEG");
    /** MIPS's general registers by their o32 ABI names (32-bit kernels); n64 names 8 to 15 a4-a7, t0-t3. */
    private static final List<String> MIPS_O32 = List.of("zero", "at", "v0", "v1", "a0", "a1", "a2", "a3",
            "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7",
            "t8", "t9", "k0", "k1", "gp", "sp", "s8", "ra");
    private static final List<String> MIPS_N64_8_TO_15 = List.of("a4", "a5", "a6", "a7", "t0", "t1", "t2", "t3");

    private final List<RegisterDump> dumps = new ArrayList<>();
    private final List<Damage> damage;
    private final Arch arch;
    private List<Register> current;
    private boolean currentUser;
    private long currentLine;
    /** s390 register rows still expected under {@code Krnl GPRS:}, and the first register of the next. */
    private int s390Rows;
    private int s390Next;

    RegisterParser(List<Damage> damage, Arch arch) {
        this.damage = damage;
        this.arch = arch;
    }

    private static SymbolicLine symbolic(String pattern, String register, String... leads) {
        return new SymbolicLine(GuardedPattern.starting(pattern, leads), register, pattern.contains("(?<seg>"),
                pattern.contains("(?<addr>"));
    }

    static boolean isIpLine(String text) {
        String t = text.stripLeading();
        return t.startsWith("RIP: ") || t.startsWith("EIP: ") || t.startsWith("pc : ") || t.startsWith("PC is at ")
                || t.startsWith("epc : ") || t.startsWith("IP: ");
    }

    static boolean isRegisterLine(String text) {
        return REGISTER_LINE.isLookingAt(text);
    }

    /** Reads a line if it is part of a register dump; returns whether it was. */
    boolean accept(String text, long line) {
        String t = text.strip();
        if (s390Rows > 0) {
            Matcher row = S390_GPRS_ROW.matcher(t);
            s390Rows--;
            if (row.matches()) {
                readRow(row.group("values"), s390Next, line, i -> "r" + i);
                s390Next += 4;
                return true;
            }
            s390Rows = 0;
        }
        if (readRows(t, line) || readSymbolic(t, line)) {
            return true;
        }
        Matcher ps;
        if ((ps = PSTATE.lookingAt(t)) != null) {
            add(new Register("pstate", Long.parseUnsignedLong(ps.group(1), 16), null, null, null), line, false);
            return true;
        }
        if (S390_PSW_BITS.isLookingAt(t)) {
            return true;
        }
        if (!isRegisterLine(t)) {
            return false;
        }
        readTokens(t, line);
        return true;
    }

    /** A line that is not part of a dump ends the one being read. */
    void interrupt() {
        flush();
        s390Rows = 0;
    }

    List<RegisterDump> dumps() {
        flush();
        return List.copyOf(joinBroken(dumps));
    }

    /** Rows of values named by their first register; returns whether the line was one. */
    private boolean readRows(String t, long line) {
        Matcher m;
        if ((m = POWERPC_GPRS.matches(t)) != null) {
            readRow(m.group("values"), Integer.parseInt(m.group("base")), line, i -> "r" + i);
            return true;
        }
        if ((m = MIPS_GPRS.matches(t)) != null) {
            String values = m.group("values");
            boolean wide = values.strip().split(" ", 2)[0].length() == 16; // a 64-bit kernel: n64's register names
            readRow(values, Integer.parseInt(m.group("base").strip()), line, i -> mipsName(i, wide));
            return true;
        }
        if ((m = S390_GPRS.matches(t)) != null) {
            readRow(m.group("values"), 0, line, i -> "r" + i);
            s390Rows = 3;
            s390Next = 4;
            return true;
        }
        if ((m = S390_PSW.lookingAt(t)) != null) {
            boolean user = m.group("who").equals("User");
            Frame symbol = m.group("rest") == null ? null : TraceParser.parseLocation(m.group("rest"), line);
            add(new Register("PSW", Long.parseUnsignedLong(m.group("addr"), 16), null,
                    symbol != null && symbol.function() != null ? symbol : null, null), line, user);
            add(new Register("PSW_MASK", Long.parseUnsignedLong(m.group("mask"), 16), null, null, null), line, user);
            return true;
        }
        if (LOONGARCH_ROW.isMatch(t)) {
            Matcher v = NAME_VALUE.matcher(t);
            while (v.find()) {
                // The row's "pc" is the exception return address, which the dump prints again as ERA with its symbol.
                String name = v.group("name").equals("pc") ? "ERA" : v.group("name");
                add(new Register(name, Long.parseUnsignedLong(v.group("value"), 16), null, null, null), line, false);
            }
            return true;
        }
        return false;
    }

    private void readRow(String values, int first, long line, java.util.function.IntFunction<String> name) {
        int i = first;
        for (String v : Whitespace.split(values.strip())) {
            if (!v.isEmpty()) {
                add(new Register(name.apply(i), HexDigits.value(v), null, null, null), line, false);
            }
            i++;
        }
    }

    private static String mipsName(int register, boolean n64) {
        if (register < 0 || register >= MIPS_O32.size()) {
            return "$" + register;
        }
        return n64 && register >= 8 && register <= 15 ? MIPS_N64_8_TO_15.get(register - 8) : MIPS_O32.get(register);
    }

    /** A code register with its symbol; returns whether the line was one. */
    private boolean readSymbolic(String t, long line) {
        for (SymbolicLine form : SYMBOLIC) {
            Matcher m = form.line().matches(t);
            if (m != null) {
                readSymbolic(form, m, line);
                return true;
            }
        }
        return false;
    }

    private void readSymbolic(SymbolicLine form, Matcher m, long line) {
        String name = form.register() == null ? m.group("name") : form.register().equals("IP")
                ? (arch == Arch.X86 ? "EIP" : "RIP") : form.register();
        String seg = form.segment() ? m.group("seg") : null;
        String addr = form.address() ? m.group("addr") : null;
        String rest = m.group("rest").strip();
        if (addr == null && MORE_TOKENS.isLookingAt(rest)) {
            readTokens(m.group().strip(), line); // RISC-V's epc : v ra : v sp : v row
            return;
        }
        boolean user = "0033".equals(seg) || "0023".equals(seg) || "0073".equals(seg);
        Frame symbol = TraceParser.parseLocation(rest, line);
        Long value = addr == null ? null : Long.parseUnsignedLong(addr, 16);
        if (symbol != null && symbol.function() == null) {
            value = value != null ? value : symbol.address();
            symbol = null;
        }
        if (symbol == null && value == null && !rest.isEmpty()) {
            if (rest.endsWith(" [inline]")) {
                return; // a symboliser's line for a function inlined at the pc; the next line has the pc's own
            }
            damage.add(new Damage(line, "could not read the " + name + " value \"" + rest + "\""));
        }
        add(new Register(name, value, seg, symbol, null), line, user);
        if (addr != null && symbol == null && !rest.isEmpty()) {
            // arm32's pc : [<808f355c>]    lr : [<808f3548>]    psr: 20060013; 32-bit x86's EIP: 0060:[<c10a1234>] EFLAGS: ...
            Matcher more = ARM32_PC_LINE_REST.find(rest);
            boolean arm = more != null;
            while (more != null) {
                add(new Register(more.group("name"), Long.parseUnsignedLong(more.group("value"), 16), null, null, null),
                        line, user);
                more = more.find() ? more : null;
            }
            if (!arm && isRegisterLine(rest)) {
                readTokens(rest, line);
            }
        }
    }

    private void readTokens(String t, long line) {
        List<Register> row = new ArrayList<>();
        RegisterTokens tokens = new RegisterTokens(t);
        while (tokens.find()) {
            row.add(new Register(tokens.name(), tokens.value(), tokens.segment(), null, null));
        }
        repairNames(row, line);
        boolean user = false;
        for (Register r : row) {
            user |= r.name().equals("RSP") && "002b".equals(r.segment());
        }
        for (Register r : row) {
            add(r, line, user || currentUser);
        }
    }

    /** Restores a damaged x86_64 register name from the names beside it in its row. */
    private void repairNames(List<Register> row, long line) {
        if (row.size() != 3 || isKnown(row.get(0).name()) && isKnown(row.get(1).name()) && isKnown(row.get(2).name())) {
            return;
        }
        for (List<String> layout : X86_64_ROWS) {
            int agree = 0;
            for (int i = 0; i < 3; i++) {
                agree += layout.get(i).equals(row.get(i).name()) ? 1 : 0;
            }
            if (agree == 2) {
                for (int i = 0; i < 3; i++) {
                    Register r = row.get(i);
                    if (!layout.get(i).equals(r.name())) {
                        row.set(i, new Register(layout.get(i), r.value(), r.segment(), null, r.name()));
                        damage.add(new Damage(line, "register name " + r.name() + " is damaged; read as " + layout.get(i)
                                + " from its place in the row"));
                    }
                }
                return;
            }
        }
    }

    /** A name the x86 dump prints, or an arm64 general register's ({@code x0} to {@code x99}). */
    private static boolean isKnown(String name) {
        return KNOWN.contains(name) || name.length() >= 2 && name.length() <= 3 && name.charAt(0) == 'x'
                && isDigit(name.charAt(1)) && (name.length() == 2 || isDigit(name.charAt(2)));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void add(Register r, long line, boolean user) {
        if (current == null) {
            current = new ArrayList<>();
            currentLine = line;
            currentUser = user;
        }
        // A dump names each register once (a repeated name starts the next one): only a reading of the same name
        // can complement the new one.
        int same = -1;
        for (int i = 0; i < current.size() && same < 0; i++) {
            same = current.get(i).name().equals(r.name()) ? i : -1;
        }
        Register c = same < 0 ? null : current.get(same);
        if (c != null && complements(c, r)) {
            // The same register printed twice, by symbol and by value: arm's PC is at f+0x94/0x138 and
            // pc : [<808f355c>], 32-bit x86's EIP: 0060:[<c10a1234>] and EIP is at f+0x3/0x5, powerpc's
            // NIP: c000... and NIP [c000...] f+0x27c/0x390.
            current.set(same, new Register(c.name(), c.value() != null ? c.value() : r.value(),
                    c.segment() != null ? c.segment() : r.segment(), c.symbol() != null ? c.symbol() : r.symbol(),
                    c.printedName() != null ? c.printedName() : r.printedName()));
            return;
        }
        boolean repeated = c != null;
        if (repeated) {
            flush();
            current = new ArrayList<>();
            currentLine = line;
            currentUser = user;
        }
        current.add(r);
    }

    /** Whether two readings of one register fit together: one has the symbol the other lacks, and no value differs. */
    private static boolean complements(Register a, Register b) {
        return a.name().equals(b.name()) && (a.symbol() == null) != (b.symbol() == null)
                && (a.value() == null || b.value() == null || a.value().equals(b.value()))
                && (a.segment() == null || b.segment() == null || a.segment().equals(b.segment()));
    }

    /**
     * Two lines that read one register alike: x86's {@code IP: [<...>] f+0x1/0x2} and {@code RIP: 0010:[<...>] f+0x1/0x2},
     * or 32-bit x86's {@code EIP: [<...>] f+0x1/0x2 SS:ESP ...} and {@code CR2:} repeated after the trace.
     */
    private static boolean sameReading(Register a, Register b) {
        return a.name().equals(b.name()) && Objects.equals(a.value(), b.value())
                && Objects.equals(a.symbol() == null ? null : a.symbol().symbolic(), b.symbol() == null ? null : b.symbol().symbolic());
    }

    /**
     * Joins a kernel dump to the kernel dump before it when a line printed in between broke it in two
     * (powerpc's {@code SOFTE:} or an empty line before its GPR rows; x86's {@code IP:} line under the header,
     * before Linux 4.15): when every register of the later one is new, or the same reading by symbol of one
     * the earlier read by value. Two dumps of different faults share registers with different values.
     */
    private static List<RegisterDump> joinBroken(List<RegisterDump> dumps) {
        List<RegisterDump> out = new ArrayList<>();
        for (RegisterDump next : dumps) {
            RegisterDump last = out.isEmpty() ? null : out.get(out.size() - 1);
            List<Register> joined = last == null || last.userSpace() || next.userSpace() ? null : join(last, next);
            if (joined == null) {
                out.add(next);
            } else {
                out.set(out.size() - 1, new RegisterDump(false, last.line(), joined));
            }
        }
        return out;
    }

    /** The registers of both dumps, or {@code null} when the later one repeats a register differently. */
    private static List<Register> join(RegisterDump first, RegisterDump later) {
        List<Register> joined = new ArrayList<>(first.registers());
        for (Register r : later.registers()) {
            int at = -1;
            for (int i = 0; i < joined.size() && at < 0; i++) {
                at = joined.get(i).name().equals(r.name()) ? i : -1;
            }
            if (at < 0) {
                joined.add(r);
            } else if (complements(joined.get(at), r) || sameReading(joined.get(at), r)) {
                Register c = joined.get(at);
                joined.set(at, new Register(c.name(), c.value() != null ? c.value() : r.value(),
                        c.segment() != null ? c.segment() : r.segment(), c.symbol() != null ? c.symbol() : r.symbol(),
                        c.printedName()));
            } else {
                return null;
            }
        }
        return List.copyOf(joined);
    }

    private void flush() {
        if (current != null && !current.isEmpty()) {
            dumps.add(new RegisterDump(currentUser, currentLine, List.copyOf(current)));
        }
        current = null;
        currentUser = false;
    }
}
