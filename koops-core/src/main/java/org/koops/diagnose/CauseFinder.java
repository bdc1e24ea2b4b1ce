package org.koops.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.decode.AddressClass;
import org.koops.decode.AddressInfo;
import org.koops.decode.ArchAddresses;
import org.koops.decode.PoisonValues;
import org.koops.model.Cause;
import org.koops.model.Claim;
import org.koops.model.Kind;
import org.koops.model.LogLine;
import org.koops.model.Register;

/**
 * Decides the likely class of bug and the claims that support it. The report's kind gives a first
 * answer; for memory faults the faulting address and the register values refine it (a NULL page,
 * a non-canonical pointer, slab poison). Where nothing supports a class, the answer is UNKNOWN.
 */
final class CauseFinder {
    /** What a report of each kind means when nothing more specific is known. */
    private static final Map<Kind, Cause> BY_KIND = Map.ofEntries(
            Map.entry(Kind.NULL_POINTER_DEREFERENCE, Cause.NULL_POINTER_DEREFERENCE),
            Map.entry(Kind.KERNEL_BUG, Cause.ASSERTION_FAILED),
            Map.entry(Kind.DIVIDE_ERROR, Cause.ARITHMETIC_ERROR),
            Map.entry(Kind.STACK_GUARD, Cause.STACK_OVERFLOW),
            Map.entry(Kind.WARNING, Cause.WARNING),
            Map.entry(Kind.REFCOUNT, Cause.REFCOUNT_BUG),
            Map.entry(Kind.LIST_CORRUPTION, Cause.LIST_CORRUPTION),
            Map.entry(Kind.KMSAN, Cause.UNINITIALIZED_MEMORY),
            Map.entry(Kind.KCSAN, Cause.DATA_RACE),
            Map.entry(Kind.UBSAN, Cause.UNDEFINED_BEHAVIOUR),
            Map.entry(Kind.MEMORY_LEAK, Cause.MEMORY_LEAK),
            Map.entry(Kind.LOCKDEP, Cause.LOCKING_BUG),
            Map.entry(Kind.PREEMPTIBLE_CPU_ACCESS, Cause.PREEMPTION_UNSAFE),
            Map.entry(Kind.HUNG_TASK, Cause.DEADLOCK_OR_LOCKUP),
            Map.entry(Kind.RCU_STALL, Cause.DEADLOCK_OR_LOCKUP),
            Map.entry(Kind.SOFT_LOCKUP, Cause.DEADLOCK_OR_LOCKUP),
            Map.entry(Kind.HARD_LOCKUP, Cause.DEADLOCK_OR_LOCKUP),
            Map.entry(Kind.ATOMIC_SLEEP, Cause.SLEEP_IN_ATOMIC),
            Map.entry(Kind.SCHEDULING_WHILE_ATOMIC, Cause.SLEEP_IN_ATOMIC),
            Map.entry(Kind.BAD_PAGE_STATE, Cause.BAD_PAGE),
            Map.entry(Kind.BAD_USERCOPY, Cause.OUT_OF_BOUNDS),
            Map.entry(Kind.OUT_OF_MEMORY, Cause.OUT_OF_MEMORY),
            Map.entry(Kind.ALLOCATION_FAILURE, Cause.OUT_OF_MEMORY),
            Map.entry(Kind.SPL_PANIC, Cause.ASSERTION_FAILED),
            Map.entry(Kind.MACHINE_CHECK, Cause.HARDWARE_ERROR));

    /** What SLUB's consistency checks report ({@code BUG cache (...): message}) and what each means. */
    private static final List<Map.Entry<String, Cause>> SLAB_MESSAGES = List.of(
            Map.entry("Poison overwritten", Cause.USE_AFTER_FREE),
            Map.entry("Redzone overwritten", Cause.OUT_OF_BOUNDS),
            Map.entry("Object already free", Cause.INVALID_FREE),
            Map.entry("Objects remaining", Cause.MEMORY_LEAK));
    private static final Pattern SLAB = Pattern.compile("^BUG [\\w.\\-]++(?: \\([^)]*+\\))?: (.++)");

    /**
     * Sanitizer bug words ({@code BUG: KASAN: slab-use-after-free}) and what they mean, in the order they are tried: a
     * header may hold several ({@code double-free or invalid-free}), and the bare {@code invalid} only stands for
     * an access of no other kind ({@code invalid-access}).
     */
    private static final List<Map.Entry<String, Cause>> SANITIZER_WORDS = List.of(
            Map.entry("use-after-free", Cause.USE_AFTER_FREE),
            Map.entry("out-of-bounds", Cause.OUT_OF_BOUNDS),
            Map.entry("null-ptr-deref", Cause.NULL_POINTER_DEREFERENCE),
            Map.entry("double-free", Cause.INVALID_FREE),
            Map.entry("invalid-free", Cause.INVALID_FREE),
            Map.entry("wild-memory-access", Cause.WILD_POINTER),
            Map.entry("user-memory-access", Cause.USER_ADDRESS_FROM_KERNEL),
            Map.entry("memory corruption", Cause.OUT_OF_BOUNDS),
            Map.entry("uninit-value", Cause.UNINITIALIZED_MEMORY),
            Map.entry("invalid", Cause.WILD_POINTER));

    private static final Pattern SANITIZER = Pattern.compile("^BUG: (?:KASAN|KASan|KFENCE): ([a-z\\- ]+?)(?: in | read | write | on address)");
    private static final Pattern BUG_AT = Pattern.compile("^kernel BUG at (\\S++)!");
    private static final Pattern SYSRQ = Pattern.compile("^sysrq: (?:SysRq : )?Trigger a crash");
    private static final Pattern LOCKDEP_DEADLOCK = Pattern.compile("^WARNING: possible (?:circular locking dependency|recursive locking)");

    record Finding(Cause cause, List<Claim> claims) {
    }

    private CauseFinder() {
    }

    /**
     * The cause and the claims that back it; without {@code explained} (the diagnosis's facts only, whose claims are
     * not kept), the claims that only explain the cause without deciding it, what the faulting address is and the
     * registers that held it, are not made.
     */
    static Finding find(Evidence e, boolean explained) {
        List<Claim> claims = new ArrayList<>();
        Cause cause = switch (e.kind()) {
            case PANIC -> panic(e, claims);
            case KASAN, KFENCE -> sanitizer(e, claims);
            case KERNEL_BUG, INVALID_OPCODE -> assertion(e, claims);
            case SLAB_CORRUPTION -> slab(e, claims);
            case LOCKDEP -> e.find(LOCKDEP_DEADLOCK).isPresent() ? Cause.DEADLOCK_OR_LOCKUP : Cause.LOCKING_BUG;
            case DOUBLE_FAULT -> {
                claims.add(Claim.of("A double fault is a fault while handling a fault; in the kernel it is most often a stack overflow.",
                        e.headerLine()));
                yield Cause.STACK_OVERFLOW;
            }
            default -> BY_KIND.getOrDefault(e.kind(), Cause.UNKNOWN);
        };
        if (isMemoryFault(e.kind())) {
            cause = memoryFault(e, cause, claims, explained);
        }
        if (claims.isEmpty() && cause != Cause.UNKNOWN) {
            claims.add(Claim.of("The report is " + Articles.with(e.kind().description()) + ".", e.headerLine()));
        }
        return new Finding(cause, claims);
    }

    private static boolean isMemoryFault(Kind kind) {
        return switch (kind) {
            case NULL_POINTER_DEREFERENCE, PAGING_REQUEST, GENERAL_PROTECTION_FAULT, OOPS, STACK_SEGMENT -> true;
            default -> false;
        };
    }

    private static Cause memoryFault(Evidence e, Cause initial, List<Claim> claims, boolean explained) {
        Long address = e.faultAddress();
        Cause cause = initial;
        if (address != null) {
            AddressInfo info = ArchAddresses.classify(e.arch(), address);
            if (explained) {
                List<Long> lines = new ArrayList<>(List.of(e.headerLine()));
                registerLine(e, "CR2").ifPresent(lines::add);
                String label = info.kind().label();
                String what = info.description().startsWith(label) ? Articles.with(info.description())
                        : Articles.with(label) + ": " + info.description();
                claims.add(new Claim(String.format("The faulting address 0x%x is %s.", address, what), lines));
            }
            cause = switch (info.kind()) {
                case NULL_POINTER -> Cause.NULL_POINTER_DEREFERENCE;
                case USER -> info.offset() != null ? Cause.NULL_POINTER_DEREFERENCE : Cause.USER_ADDRESS_FROM_KERNEL;
                case POISON_POINTER -> info.description().startsWith("LIST_POISON") ? Cause.LIST_CORRUPTION : Cause.USE_AFTER_FREE;
                case POISON_PATTERN -> Cause.USE_AFTER_FREE;
                case NON_CANONICAL -> Cause.NON_CANONICAL_POINTER;
                case KASAN_SHADOW_ACCESS -> info.offset() != null ? Cause.NULL_POINTER_DEREFERENCE : Cause.WILD_POINTER;
                case KERNEL_HOLE -> Cause.WILD_POINTER;
                default -> cause == Cause.UNKNOWN ? Cause.WILD_POINTER : cause;
            };
            if (explained && !isKasanShadow(info)) {
                claims.addAll(AddressRegisters.claims(e, address));
            }
        } else if (e.kind() == Kind.GENERAL_PROTECTION_FAULT) {
            claims.add(Claim.of("A general protection fault on x86-64 is usually an access through a non-canonical pointer "
                    + "(the CPU does not report its address), for example a corrupted or poisoned pointer.", e.headerLine()));
            cause = Cause.WILD_POINTER;
        }
        Optional<Cause> poisoned = poisonedRegister(e, claims);
        if (poisoned.isPresent() && (cause == Cause.WILD_POINTER || cause == Cause.NON_CANONICAL_POINTER || cause == Cause.UNKNOWN)) {
            cause = poisoned.get();
        }
        return cause;
    }


    /** A KASAN shadow address was computed from the checked pointer, not reached from a register by an offset. */
    private static boolean isKasanShadow(AddressInfo info) {
        return info.kind() == AddressClass.KASAN_SHADOW_ACCESS;
    }

    /** A register holding slab or list poison says what happened to the object it was loaded from. */
    private static Optional<Cause> poisonedRegister(Evidence e, List<Claim> claims) {
        return e.details().kernelRegisters().flatMap(d -> {
            for (Register r : d.registers()) {
                if (r.value() == null || r.symbol() != null) {
                    continue;
                }
                Optional<AddressInfo> poison = PoisonValues.identify(r.value());
                if (poison.isPresent()) {
                    AddressInfo p = poison.get();
                    claims.add(Claim.of(String.format("%s holds 0x%x: %s.", r.name(), r.value(), p.description()), d.line()));
                    return Optional.of(p.kind() == AddressClass.POISON_POINTER && p.description().startsWith("LIST_POISON")
                            ? Cause.LIST_CORRUPTION : Cause.USE_AFTER_FREE);
                }
            }
            return Optional.empty();
        });
    }


    private static Optional<Long> registerLine(Evidence e, String name) {
        return e.details().registers().stream().filter(d -> d.find(name).isPresent()).findFirst()
                .map(d -> d.line());
    }

    private static Cause panic(Evidence e, List<Claim> claims) {
        String message = e.details().panic() != null ? e.details().panic() : "";
        Optional<PanicRules.Rule> rule = PanicRules.forMessage(message);
        if (rule.isEmpty()) {
            claims.add(Claim.of("The kernel stopped with the message \"" + message + "\".", e.headerLine()));
            return Cause.UNKNOWN;
        }
        PanicRules.Rule r = rule.get();
        claims.add(Claim.of("The panic message means " + r.meaning() + ".", e.headerLine()));
        if (!r.usualCauses().isEmpty()) {
            claims.add(Claim.of("Usual causes: " + String.join("; ", r.usualCauses()) + ".", e.headerLine()));
        }
        if (r.cause() == org.koops.model.Cause.DELIBERATE_PANIC) {
            e.find(SYSRQ).ifPresent(l -> claims.add(Claim.of("The line before the panic records the request: \""
                    + l.text().strip() + "\".", l.number())));
            e.reliableFrames().stream().filter(f -> f.function().startsWith("sysrq_handle_crash")
                            || f.function().startsWith("write_sysrq_trigger")).findFirst()
                    .ifPresent(f -> claims.add(Claim.of("The call trace goes through " + f.function()
                            + ": the crash was requested through the SysRq interface.", f.line())));
        }
        return r.cause();
    }

    private static Cause sanitizer(Evidence e, List<Claim> claims) {
        Matcher m = SANITIZER.matcher(e.lines().get(0).text().stripLeading());
        if (!m.find()) {
            return Cause.UNKNOWN;
        }
        String word = m.group(1).strip();
        // KASan of Linux 4.0 to 4.3 wrote its words apart: "use after free", "out of bounds access".
        String hyphenated = word.replace(' ', '-');
        for (Map.Entry<String, Cause> entry : SANITIZER_WORDS) {
            if (hyphenated.contains(entry.getKey())) {
                claims.add(Claim.of("The sanitizer detected a " + word + " access directly; this is not an inference.",
                        e.headerLine()));
                return entry.getValue();
            }
        }
        return Cause.UNKNOWN;
    }

    /** SLUB names what it found in its report's first line. */
    private static Cause slab(Evidence e, List<Claim> claims) {
        Matcher m = SLAB.matcher(e.lines().get(0).text().stripLeading());
        if (!m.find()) {
            return Cause.UNKNOWN;
        }
        for (Map.Entry<String, Cause> entry : SLAB_MESSAGES) {
            if (m.group(1).contains(entry.getKey())) {
                claims.add(Claim.of("SLUB's consistency check found: " + m.group(1).strip() + ".", e.headerLine()));
                return entry.getValue();
            }
        }
        return Cause.UNKNOWN;
    }

    private static Cause assertion(Evidence e, List<Claim> claims) {
        Optional<LogLine> bugAt = e.find(BUG_AT);
        if (bugAt.isPresent()) {
            Matcher m = BUG_AT.matcher(bugAt.get().text().stripLeading());
            m.lookingAt();
            claims.add(Claim.of("A BUG_ON() or BUG() at " + m.group(1) + " found a condition its authors declared impossible.",
                    bugAt.get().number()));
            return Cause.ASSERTION_FAILED;
        }
        claims.add(Claim.of("An invalid opcode in kernel code is usually the ud2 instruction that BUG() and BUG_ON() "
                + "compile to, i.e. a failed assertion; otherwise a jump to a corrupted code address.", e.headerLine()));
        return Cause.ASSERTION_FAILED;
    }
}
