package org.koops.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.koops.format.FrameSkipRules;
import org.koops.model.Culprit;
import org.koops.model.Frame;
import org.koops.model.ModuleRef;
import org.koops.model.Register;
import org.koops.model.Taint;

/**
 * Picks the code most likely at fault: the faulting instruction's function when it is not a generic
 * helper, else the first reliable frame that is neither a helper nor entry code.
 */
final class CulpritFinder {
    private CulpritFinder() {
    }

    /** Kinds whose trace shows who asked, not who is wrong: an OOM trace is just the last allocation. */
    private static final java.util.Set<org.koops.model.Kind> NO_CULPRIT = java.util.EnumSet.of(org.koops.model.Kind.OUT_OF_MEMORY);

    static Culprit find(Evidence e) {
        if (NO_CULPRIT.contains(e.kind())) {
            return null;
        }
        Frame ip = e.instructionPointer().map(Register::symbol).orElse(null);
        if (ip != null && ip.function() != null) {
            FrameSkipRules.Rule skip = FrameSkipRules.skipping(ip.function());
            if (skip == null) {
                return culprit(e, ip, "the faulting instruction is in this function");
            }
            Frame caller = firstUsable(e.reliableFrames(), ip.function());
            if (caller != null) {
                return culprit(e, caller, "the fault is in " + ip.function() + " (" + skip.reason()
                        + "), so its first caller that is not such code is the likely culprit");
            }
        }
        Frame first = firstUsable(e.reliableFrames(), null);
        if (first == null) {
            return null;
        }
        List<String> skipped = new ArrayList<>();
        for (Frame f : e.reliableFrames()) {
            if (f == first) {
                break;
            }
            skipped.add(f.function());
        }
        return culprit(e, first, skipped.isEmpty() ? "the first reliable frame of the call trace"
                : "the first reliable frame after " + String.join(", ", skipped) + ", which only "
                + FrameSkipRules.skipping(skipped.get(skipped.size() - 1)).reason());
    }

    private static Frame firstUsable(List<Frame> frames, String except) {
        String skip = except == null ? null : CompilerClones.sourceName(except);
        for (Frame f : frames) {
            if (!CompilerClones.sourceName(f.function()).equals(skip) && FrameSkipRules.skipping(f.function()) == null) {
                return f;
            }
        }
        return null;
    }

    /**
     * The culprit in the frame's function, named as in the sources ({@code .constprop.0} and the like stay in the
     * frame). A return address past the end of its caller names the wrong function: then the culprit is the function
     * known to make that call, if the report tells which, else there is none to name.
     */
    private static Culprit culprit(Evidence e, Frame f, String reason) {
        Optional<PastTheEnd.Entry> pastEnd = PastTheEnd.of(e.details().frames(), f);
        if (pastEnd.isPresent()) {
            return caller(e, pastEnd.get());
        }
        String function = CompilerClones.sourceName(f.function());
        String clone = CompilerClones.describe(f.function());
        return new Culprit(function, f.module(), moduleTaints(e, f.module()), f,
                clone == null ? reason : reason + "; " + clone);
    }

    /** The caller behind a past-the-end return address: the origin of a panic message that only one function prints. */
    private static Culprit caller(Evidence e, PastTheEnd.Entry entry) {
        Frame callee = entry.callee();
        String message = e.details().panic();
        if (callee == null || message == null || !CompilerClones.sourceName(callee.function()).equals("panic")) {
            return null;
        }
        return PanicRules.forMessage(message).filter(r -> r.origin() != null)
                .map(r -> new Culprit(r.origin(), null, List.of(), entry.frame(), entry.explanation() + "; the message '"
                        + message + "' is printed by " + r.origin() + "(), which panics with it"))
                .orElse(null);
    }

    /** The taint letters printed for the module in {@code Modules linked in:} ('-' and '_' are equivalent). */
    static List<Taint> moduleTaints(Evidence e, String module) {
        if (module == null || e.details().modules() == null) {
            return List.of();
        }
        String wanted = module.replace('-', '_');
        for (ModuleRef m : e.details().modules().modules()) {
            if (m.name().replace('-', '_').equals(wanted)) {
                return m.taints();
            }
        }
        return List.of();
    }
}
