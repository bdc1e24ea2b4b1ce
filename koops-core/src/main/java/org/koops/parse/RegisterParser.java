package org.koops.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.model.Damage;
import org.koops.model.Frame;
import org.koops.model.Register;
import org.koops.model.RegisterDump;

/**
 * Reads register dumps: x86 ({@code RIP: 0010:func+0x56/0x1c0 [mod]}, {@code RAX: ... RBX: ...}),
 * arm64 ({@code pc : func+0x240/0x3c0}, {@code x29: ... x28: ...}) and arm32 ({@code PC is at f+0x94/0x138},
 * {@code pc : [<808f355c>]    lr : [<808f3548>]    psr: 20060013}, {@code r10: 0000ff00  r9 : 00000020}).
 * A register name damaged in transcription ({@code RDY:}) is recovered from its position in the kernel's fixed row layout.
 */
final class RegisterParser {
    private static final Pattern IP_LINE = Pattern.compile(
            "^\\s*(?<name>RIP|EIP|pc|lr|PC is at|LR is at|epc|ra)\\s?:?\\s*(?:(?<seg>[0-9a-f]{4}):)?(?:\\[<(?<addr1>[0-9a-f]{1,16}+)>\\]\\s*)?(?:\\[<[0-9a-f]++>\\]\\s*)?(?<rest>.*)$");
    private static final Pattern TOKEN = Pattern.compile(
            "(?<name>[A-Za-z][A-Za-z0-9_]{0,7})\\s?:\\s*(?:(?<seg>[0-9a-f]{4}):)?(?<value>[0-9a-f]{4,16}+)(?:\\((?<sel>[0-9a-f]{4})\\))?");
    // arm32's r0-r12 only as __show_regs prints them (r9 : 0000ff00): the unwinder's saved registers
    // between backtrace entries (r9:808f34c8) are not the dump at the fault.
    private static final Pattern REGISTER_LINE = Pattern.compile(
            "^\\s*(?:(?:[A-Z][A-Z0-9]{1,3}|knlGS|x\\d{1,2}|sp|pstate|ORIG_RAX|EFLAGS|s\\d{1,2}|t\\d|a\\d|gp|tp|status|badaddr|cause)\\s?:\\s*+"
            + "|r1?\\d ?: )[0-9a-f]{4,16}+");
    /** What follows arm32's pc on its line: {@code lr : [<808f3548>]    psr: 20060013}. */
    private static final Pattern ARM32_PC_LINE_REST = Pattern.compile("(?<name>lr|psr) ?: (?:\\[<)?(?<value>[0-9a-f]{8})");
    private static final Pattern PSTATE = Pattern.compile("^\\s*pstate: ([0-9a-f]{1,16}+)(?: \\((.*)\\))?");

    /** The x86_64 dump's fixed rows (arch/x86/kernel/process_64.c __show_regs). */
    private static final List<List<String>> X86_64_ROWS = List.of(
            List.of("RAX", "RBX", "RCX"), List.of("RDX", "RSI", "RDI"), List.of("RBP", "R08", "R09"),
            List.of("R10", "R11", "R12"), List.of("R13", "R14", "R15"));
    private static final Set<String> KNOWN = Set.of("RAX", "RBX", "RCX", "RDX", "RSI", "RDI", "RBP", "RSP",
            "R08", "R09", "R10", "R11", "R12", "R13", "R14", "R15", "RIP", "EFLAGS", "ORIG_RAX", "FS", "GS",
            "knlGS", "CS", "DS", "ES", "SS", "CR0", "CR2", "CR3", "CR4", "CR8", "DR0", "DR1", "DR2", "DR3", "DR6",
            "DR7", "PKRU", "EAX", "EBX", "ECX", "EDX", "ESI", "EDI", "EBP", "ESP", "EIP", "SEG");

    private final List<RegisterDump> dumps = new ArrayList<>();
    private final List<Damage> damage;
    private List<Register> current;
    private boolean currentUser;
    private long currentLine;

    RegisterParser(List<Damage> damage) {
        this.damage = damage;
    }

    static boolean isIpLine(String text) {
        String t = text.stripLeading();
        return t.startsWith("RIP: ") || t.startsWith("EIP: ") || t.startsWith("pc : ") || t.startsWith("PC is at ")
                || t.startsWith("epc : ") || t.startsWith("IP: ");
    }

    static boolean isRegisterLine(String text) {
        return REGISTER_LINE.matcher(text).lookingAt();
    }

    /** Reads a line if it is part of a register dump; returns whether it was. */
    boolean accept(String text, long line) {
        String t = text.stripLeading();
        if (isIpLine(t) || t.startsWith("lr : ") || t.startsWith("LR is at ") || t.startsWith("ra : ")) {
            readIp(t, line);
            return true;
        }
        Matcher ps = PSTATE.matcher(t);
        if (ps.lookingAt()) {
            add(new Register("pstate", Long.parseUnsignedLong(ps.group(1), 16), null, null, null), line, false);
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
    }

    List<RegisterDump> dumps() {
        flush();
        return List.copyOf(dumps);
    }

    private void readIp(String t, long line) {
        String name = t.startsWith("IP: ") ? "RIP" : t.substring(0, t.indexOf(t.contains(" is at") ? " is at" : ":")).strip();
        name = switch (name) {
            case "PC" -> "pc";
            case "LR" -> "lr";
            default -> name;
        };
        Matcher m = IP_LINE.matcher(t.startsWith("IP: ") ? "RIP: " + t.substring(4) : t);
        if (!m.matches()) {
            return;
        }
        String seg = m.group("seg");
        String rest = m.group("rest").strip();
        boolean user = "0033".equals(seg) || "0023".equals(seg) || "0073".equals(seg);
        Frame symbol = TraceParser.parseLocation(rest, line);
        Long value = null;
        if (symbol != null && symbol.function() == null) {
            value = symbol.address();
            symbol = null;
        } else if (m.group("addr1") != null) {
            value = Long.parseUnsignedLong(m.group("addr1"), 16);
        }
        if (symbol == null && value == null && !rest.isEmpty()) {
            if (rest.endsWith(" [inline]")) {
                return; // a symboliser's line for a function inlined at the pc; the next line has the pc's own
            }
            damage.add(new Damage(line, "could not read the " + name + " value \"" + rest + "\""));
        }
        add(new Register(name, value, seg, symbol, null), line, user);
        if (m.group("addr1") != null) {
            Matcher more = ARM32_PC_LINE_REST.matcher(rest);
            while (more.find()) {
                add(new Register(more.group("name"), Long.parseUnsignedLong(more.group("value"), 16), null, null, null),
                        line, user);
            }
        }
    }

    private void readTokens(String t, long line) {
        List<Register> row = new ArrayList<>();
        Matcher m = TOKEN.matcher(t);
        while (m.find()) {
            String name = m.group("name");
            long value = Long.parseUnsignedLong(m.group("value"), 16);
            String seg = m.group("seg") != null ? m.group("seg") : m.group("sel");
            row.add(new Register(name, value, seg, null, null));
        }
        repairNames(row, line);
        boolean user = row.stream().anyMatch(r -> r.name().equals("RSP") && "002b".equals(r.segment()));
        for (Register r : row) {
            add(r, line, user || currentUser);
        }
    }

    /** Restores a damaged x86_64 register name from the names beside it in its row. */
    private void repairNames(List<Register> row, long line) {
        if (row.size() != 3 || row.stream().allMatch(r -> KNOWN.contains(r.name()) || r.name().matches("x\\d{1,2}"))) {
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

    private void add(Register r, long line, boolean user) {
        if (current == null) {
            current = new ArrayList<>();
            currentLine = line;
            currentUser = user;
        }
        for (int i = 0; i < current.size(); i++) {
            Register c = current.get(i);
            if (c.name().equals(r.name()) && c.value() == null && c.symbol() != null && r.value() != null && r.symbol() == null
                    && java.util.Objects.equals(c.segment(), r.segment())) {
                // arm32 prints pc and lr twice: by symbol (PC is at f+0x94/0x138), then by value (pc : [<808f355c>])
                current.set(i, new Register(c.name(), r.value(), r.segment(), c.symbol(), r.printedName()));
                return;
            }
        }
        boolean repeated = current.stream().anyMatch(c -> c.name().equals(r.name()));
        if (repeated) {
            flush();
            current = new ArrayList<>();
            currentLine = line;
            currentUser = user;
        }
        current.add(r);
    }

    private void flush() {
        if (current != null && !current.isEmpty()) {
            dumps.add(new RegisterDump(currentUser, currentLine, List.copyOf(current)));
        }
        current = null;
        currentUser = false;
    }
}
