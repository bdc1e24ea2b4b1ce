package org.koops.explain;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.koops.decode.X86ControlRegisters;
import org.koops.model.Arch;
import org.koops.model.Frame;
import org.koops.model.Kind;
import org.koops.model.LogLine;
import org.koops.model.ModuleRef;
import org.koops.model.Register;
import org.koops.model.RegisterDump;
import org.koops.model.ReportDetails;

/**
 * Facts about a whole report that single lines are read against: which register lines belong to
 * the user-space block, which lines continue the module list, which frames form the call trace,
 * and the fault address. Computed once per report.
 */
final class ReportContext {
    private static final Pattern IP_LINE = Pattern.compile("^(?:RIP|EIP|IP): (?:00(33|23|73):)?");
    private static final Pattern REGISTER_LINE = Pattern.compile(
            "^(?:[A-Z][A-Z0-9]{1,3}|knlGS|ORIG_RAX|EFLAGS|x\\d{1,2}|sp|pc|lr|pstate)\\s?:\\s?(?:[0-9a-f]{4}:)?[0-9a-f]{4,16}");
    private static final Pattern MODULE_TOKENS = Pattern.compile(
            "^(?:[A-Za-z0-9_\\-]++(?:\\([A-Z+\\-]++\\))?+\\s*+|\\[last unloaded: [^\\]]++\\]\\s*+)++$");
    /** SLUB's allocation and free tracks, which head stacks without a colon. */
    private static final Pattern SLAB_TRACK = Pattern.compile("^(?:INFO: )?(?:Allocated|Freed) in \\S.* age=\\d++");
    private static final Pattern FRAME_LINE = Pattern.compile(
            "^(?:\\? )?(?:\\[<[0-9a-f]{1,16}+>\\] )?[A-Za-z_.$][\\w.$]*+\\+0x|^</?(?:TASK|IRQ|NMI|SOFTIRQ|EOI)>");

    private final ReportDetails details;
    private final Arch arch;
    private final Kind kind;
    private final Set<Long> userLines = new HashSet<>();
    private final Set<Long> interruptedLines = new HashSet<>();
    private final Set<Long> moduleContinuations = new HashSet<>();
    private final Map<Long, String> headings = new HashMap<>();
    private final Map<Long, Frame> primaryFrames = new HashMap<>();
    private final List<Frame> reliableFrames;
    private final Map<String, ModuleRef> modules = new HashMap<>();
    private final boolean faultInRegister;
    private final long zeroRegisters;
    private long summaryStart = -1;
    private boolean errorCodeDecoded;

    private ReportContext(ReportDetails details, Arch arch, Kind kind) {
        this.details = details;
        this.arch = arch;
        this.kind = kind;
        details.frames().forEach(f -> primaryFrames.put(f.line(), f));
        this.reliableFrames = details.frames().stream().filter(Frame::reliable).toList();
        if (details.modules() != null) {
            details.modules().modules().forEach(m -> modules.putIfAbsent(m.name(), m));
        }
        Long fault = faultAddress();
        this.faultInRegister = fault != null && details.kernelRegisters().stream().flatMap(d -> d.registers().stream())
                .anyMatch(r -> !r.name().startsWith("CR") && fault.equals(r.value()));
        this.zeroRegisters = details.kernelRegisters().stream().flatMap(d -> d.registers().stream())
                .filter(r -> (X86Registers.GENERAL.contains(r.name()) || r.name().matches("x\\d{1,2}")) && r.value() != null
                        && r.value() == 0)
                .count();
    }

    static ReportContext of(List<LogLine> lines, ReportDetails details, Arch arch, Kind kind) {
        ReportContext c = new ReportContext(details, arch, kind);
        c.scan(lines);
        return c;
    }

    /** One pass over the lines for the facts that depend on line order. */
    private void scan(List<LogLine> lines) {
        boolean user = false;
        boolean interrupted = false;
        boolean afterFrame = false;
        boolean inModules = false;
        boolean afterEnd = false;
        String heading = null;
        for (LogLine line : lines) {
            String text = line.text().stripLeading();
            long n = line.number();
            var ip = IP_LINE.matcher(text);
            if (ip.lookingAt()) {
                user = ip.group(1) != null;
                // A kernel dump printed between frames holds the registers an interrupt or exception saved.
                interrupted = !user && afterFrame;
                if (afterEnd && summaryStart < 0) {
                    summaryStart = n;
                }
            } else if (!REGISTER_LINE.matcher(text).lookingAt() && !text.startsWith("Code: ")) {
                user = false; // any other line ends a register dump, as in the parser
                interrupted = false;
            }
            if (user) {
                userLines.add(n);
            }
            if (interrupted) {
                interruptedLines.add(n);
            }
            if (inModules && MODULE_TOKENS.matcher(text).matches() && !REGISTER_LINE.matcher(text).lookingAt()) {
                moduleContinuations.add(n);
            } else {
                inModules = text.startsWith("Modules linked in:");
            }
            afterEnd |= text.startsWith("---[ end trace");
            errorCodeDecoded |= text.startsWith("#PF: error_code(") || text.startsWith("ESR = ");
            afterFrame = FRAME_LINE.matcher(text).lookingAt();
            if (afterFrame) {
                if (heading != null) {
                    headings.put(n, heading);
                }
            } else if (text.endsWith(":") && !REGISTER_LINE.matcher(text).lookingAt() || SLAB_TRACK.matcher(text).lookingAt()) {
                heading = text;
            }
        }
    }

    ReportDetails details() {
        return details;
    }

    Arch arch() {
        return arch;
    }

    /** The kind of report, or null when the caller does not know it. */
    Kind kind() {
        return kind;
    }

    /** Whether a register or Code line belongs to the user-space block after the call trace. */
    boolean userSpace(long line) {
        return userLines.contains(line);
    }

    /** Whether a register or Code line belongs to a dump saved inside the call trace by an interrupt or exception. */
    boolean interrupted(long line) {
        return interruptedLines.contains(line);
    }

    boolean moduleContinuation(long line) {
        return moduleContinuations.contains(line);
    }

    /** Whether a line of the report reads out the fault's error code ({@code #PF: error_code}, arm64 {@code ESR = }). */
    boolean errorCodeDecoded() {
        return errorCodeDecoded;
    }

    /** Whether this is the first line of the register summary printed again after the end marker. */
    boolean summaryStart(long line) {
        return line == summaryStart;
    }

    /** The heading printed above a frame line ({@code Call Trace:}, {@code Freed by task 1:} ...), or null. */
    String heading(long line) {
        return headings.get(line);
    }

    /** The call-trace frame read from this line, or null when the line is not part of the primary trace. */
    Frame primaryFrame(long line) {
        return primaryFrames.get(line);
    }

    /** The first reliable frame of the call trace, or null. */
    Frame firstReliable() {
        return reliableFrames.isEmpty() ? null : reliableFrames.get(0);
    }

    /** The next reliable frame below {@code f} in the same stack section, or null when {@code f} is the outermost. */
    Frame caller(Frame f) {
        int i = reliableFrames.indexOf(f);
        if (i < 0 || i + 1 >= reliableFrames.size()) {
            return null;
        }
        Frame next = reliableFrames.get(i + 1);
        return Objects.equals(next.context(), f.context()) ? next : null;
    }

    /** The symbolic kernel instruction pointer (RIP/EIP/pc) at the fault, if printed. */
    Optional<Frame> kernelIp() {
        return details.kernelRegisters().flatMap(d -> ip(d)).map(Register::symbol);
    }

    private static Optional<Register> ip(RegisterDump d) {
        return d.instructionPointer().filter(r -> r.symbol() != null);
    }

    Optional<ModuleRef> module(String name) {
        return Optional.ofNullable(modules.get(name));
    }

    /**
     * The faulting address (header, CR2, FAR), or null. After a general protection fault only an address
     * in the header counts: CR2 is stale.
     */
    Long faultAddress() {
        if (details.fault() == null || generalProtection() && !details.message().contains("address")) {
            return null;
        }
        return details.fault().address();
    }

    /** A general protection fault leaves CR2 alone, so CR2 is stale and the header holds no address. */
    boolean generalProtection() {
        return details.message().contains("general protection fault");
    }

    /** Whether a kernel general-purpose register holds exactly the fault address, which then explains it. */
    boolean faultAddressInRegister() {
        return faultInRegister;
    }

    /** How many general-purpose registers of the kernel dump are zero. */
    long zeroRegisters() {
        return zeroRegisters;
    }

    /** A kernel register of the fault's dump. */
    Optional<Long> kernelRegister(String name) {
        return details.kernelRegisters().flatMap(d -> d.value(name));
    }

    Optional<Long> userRegister(String name) {
        return details.userRegisters().flatMap(d -> d.value(name));
    }

    /** Whether CR4 shows 5-level paging, which changes the x86-64 address layout. */
    boolean fiveLevelPaging() {
        return kernelRegister("CR4").map(X86ControlRegisters::isFiveLevelPaging).orElse(false);
    }
}
