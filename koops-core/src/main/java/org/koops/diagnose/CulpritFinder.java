package org.koops.diagnose;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.koops.format.FrameFamilies;
import org.koops.format.Titler;
import org.koops.model.Culprit;
import org.koops.model.Frame;
import org.koops.model.Kind;
import org.koops.model.LogLine;
import org.koops.model.ModuleRef;
import org.koops.model.Register;
import org.koops.model.ReportedPlace;
import org.koops.model.Taint;

/**
 * Picks the code most likely at fault from the strongest evidence the report has. With a call trace, that is
 * the frame syzkaller's rule for the report's kind names (the function of its title): past the code of the
 * {@link FrameFamilies} titles pass over, and the kind's own (the lock's slow path of a lockdep report, the
 * URB plumbing of a USB warning ...). A title's rule that reaches entry code passed over the code entry ran:
 * that code is the culprit. Without such a frame, the first frame of no family from the faulting function on;
 * without a trace, the place the report names: the instruction pointer, the {@code WARNING} line, the
 * sanitizer's first line, lockdep's acquire site.
 *
 * <p>When the place where it happened is generic code (a list helper, the allocator, a reference-count helper)
 * and the culprit another function, the place is the culprit's {@linkplain Culprit.Victim victim}.
 */
final class CulpritFinder {
    /** Kinds whose trace shows who asked, not who is wrong: an OOM trace is just the last allocation. */
    private static final Set<Kind> NO_CULPRIT = EnumSet.of(Kind.OUT_OF_MEMORY);

    private CulpritFinder() {
    }

    /**
     * Where it happened, what says so, whether the report names it (rather than its trace's first frame), and whether
     * the line naming it is a check's that fired there.
     */
    private record Place(Frame frame, String says, boolean named, boolean check) {
    }

    /** The culprit, or {@code null}; and where the report itself says it happened, or {@code null}. */
    record Found(Culprit culprit, ReportedPlace reported) {
    }

    static Found find(Evidence e) {
        Place place = place(e);
        Culprit culprit = NO_CULPRIT.contains(e.kind()) ? null : choose(e, place);
        return new Found(culprit, place == null || !place.named() ? null : reported(place, culprit));
    }

    /** The place the report names; when that is code that reports or checks and no culprit is known, the reason too. */
    private static ReportedPlace reported(Place place, Culprit culprit) {
        FrameFamilies.Family family = familyOf(place.frame());
        if (culprit != null || family == null || family.role().victim()) {
            return new ReportedPlace(place.frame(), place.says());
        }
        return new ReportedPlace(place.frame(), "the report names " + FrameFamilies.baseName(place.frame().function()) + ", "
                + family.reason() + "; the report does not show the code that called it");
    }

    private static Culprit choose(Evidence e, Place place) {
        Chosen titled = e.titlePlace() == null ? null : fromTitle(e, e.titlePlace());
        Culprit culprit = titled == null ? null : culprit(e, titled, place);
        if (culprit == null) {
            Chosen traced = fromTrace(e, place);
            culprit = traced == null ? null : culprit(e, traced, place);
        }
        if (culprit == null && place != null && !reportsOrEnters(place.frame())) {
            culprit = culprit(e, new Chosen(place.frame(), place.says() + helperNote(place.frame())), null);
        }
        if (culprit == null && place != null && exitCheck(place)) {
            culprit = culprit(e, new Chosen(place.frame(), place.says() + "; the check that fired is the exit path's own: "
                    + FrameFamilies.baseName(place.frame().function()) + " checks what the exiting task leaves behind (block"
                    + " I/O still plugged, locks held, preemption or interrupts left disabled), so the code the task ran before"
                    + " it exited, often an oops that killed it, left that state"), null);
        }
        return culprit;
    }

    /**
     * Whether a check in the task's exit path fired, as the report's own line says: the exit path is passed over on the
     * way from a frame to the culprit, but a check that fired in it lives there.
     */
    private static boolean exitCheck(Place place) {
        FrameFamilies.Family family = familyOf(place.frame());
        return place.check() && family != null && family.role() == FrameFamilies.Role.EXIT;
    }

    /**
     * The frame's family. A function of a loaded module is the module's own code, not the kernel's generic code,
     * whatever name part of a family it holds ({@code lab_list_del [lab_list]}): only the families named exactly
     * (not the name parts syzkaller's titles search for) take it in.
     */
    private static FrameFamilies.Family familyOf(Frame f) {
        FrameFamilies.Family family = FrameFamilies.of(f.function());
        return family != null && family.titles() && f.module() != null ? null : family;
    }

    /** Whether the frame is code that reports, traps, checks or enters (never a culprit, even the only one known). */
    private static boolean reportsOrEnters(Frame f) {
        FrameFamilies.Family family = familyOf(f);
        return family != null && !family.role().victim();
    }

    /** A frame chosen as the culprit, why, and its function as a title names it ({@code null}: as printed). */
    private record Chosen(Frame frame, String reason, String name) {
        Chosen(Frame frame, String reason) {
            this(frame, reason, null);
        }
    }

    /**
     * Where it happened, strongest evidence first: the instruction pointer, a line that names the place, the
     * first reliable frame.
     */
    private static Place place(Evidence e) {
        Frame ip = e.instructionPointer().map(Register::symbol).filter(f -> f.function() != null).orElse(null);
        if (ip != null) {
            return new Place(ip, "the faulting instruction is in this function", true, false);
        }
        Optional<PlaceLines.Found> named = PlaceLines.find(e.lines());
        if (named.isPresent()) {
            return new Place(named.get().frame(), named.get().says(), true, named.get().check());
        }
        List<Frame> frames = e.reliableFrames();
        return frames.isEmpty() ? null : new Place(frames.get(0), "the first reliable frame of the call trace", false, false);
    }

    /**
     * The frame the title names; or the code its entry frame ran, when the title's rule passed over that code
     * for its name; or none, when the title names trap code (which titles do not pass over).
     */
    private static Chosen fromTitle(Evidence e, Titler.Place titled) {
        Frame frame = frameOf(e, titled);
        FrameFamilies.Family family = familyOf(frame);
        if (family != null && family.role() == FrameFamilies.Role.ENTRY) {
            Frame ran = callee(e.details().frames(), frame);
            FrameFamilies.Family ranFamily = ran == null ? null : FrameFamilies.of(ran.function());
            if (ranFamily != null && ranFamily.titles() && ranFamily.role().victim()) {
                return new Chosen(ran, "the code " + FrameFamilies.baseName(frame.function()) + " ran ("
                        + family.reason() + "); its name only resembles generic code's");
            }
        }
        if (family != null && !family.titles() && family.role() == FrameFamilies.Role.TRAP) {
            return null;
        }
        return new Chosen(frame, "the frame the report's rule names, past the code that printed the report, handled"
                + " its trap, took a lock or served as a generic helper", titled.name());
    }

    /**
     * The place the report names when it is no generic code; else the first frame of no family after it, else the
     * code the first entry frame ran.
     */
    private static Chosen fromTrace(Evidence e, Place place) {
        Frame at = place != null && place.named() ? place.frame() : null;
        FrameFamilies.Family atFamily = at == null ? null : familyOf(at);
        if (at != null && atFamily == null) {
            return new Chosen(at, place.says());
        }
        String except = at == null ? null : CompilerClones.sourceName(at.function());
        List<String> passed = new ArrayList<>();
        FrameFamilies.Family last = null;
        Frame lastHelper = null;
        for (Frame f : e.reliableFrames()) {
            if (CompilerClones.sourceName(f.function()).equals(except)) {
                continue;
            }
            FrameFamilies.Family family = familyOf(f);
            if (family == null) {
                return new Chosen(f, at != null ? "the first caller of " + FrameFamilies.baseName(at.function())
                        + " that is not generic code"
                        : passed.isEmpty() ? "the first reliable frame of the call trace"
                        : "the first reliable frame after " + String.join(", ", passed) + " (the last: " + last.reason() + ")");
            }
            if (family.role() == FrameFamilies.Role.ENTRY) {
                return lastHelper == null ? null : new Chosen(lastHelper, "the code " + FrameFamilies.baseName(f.function())
                        + " ran (" + family.reason() + ")");
            }
            lastHelper = family.role().victim() ? f : lastHelper;
            last = family;
            passed.add(f.function());
        }
        return null;
    }

    /** The frame a title's place was printed as: the instruction pointer's, a trace entry, or the line itself. */
    private static Frame frameOf(Evidence e, Titler.Place titled) {
        Frame ip = e.instructionPointer().map(Register::symbol).orElse(null);
        if (ip != null && titled.function().equals(ip.function())) {
            return ip;
        }
        for (boolean reliable : List.of(true, false)) {
            for (Frame f : e.details().frames()) {
                if (f.reliable() == reliable && titled.function().equals(f.function())) {
                    return f;
                }
            }
        }
        return new Frame(titled.function(), titled.offset(), titled.size(), titled.module(), null, null, true, null,
                lineOf(e.lines(), titled.function()), null);
    }

    /** The number of the first line that prints the function (with its offset when it has one). */
    private static long lineOf(List<LogLine> lines, String function) {
        for (String printed : List.of(function + "+0x", function)) {
            for (LogLine l : lines) {
                if (l.text().contains(printed)) {
                    return l.number();
                }
            }
        }
        return lines.get(0).number();
    }

    /** The trace entry printed just before (called by) {@code frame}, reliable, or {@code null}. */
    private static Frame callee(List<Frame> frames, Frame frame) {
        Frame before = null;
        for (Frame f : frames) {
            if (f == frame) {
                return before;
            }
            if (f.reliable() && f.function() != null) {
                before = f;
            }
        }
        return null;
    }

    /**
     * The reliable trace entry printed just after (the caller of) the function {@code callee}; when the trace does not
     * show the callee itself (the instruction pointer's function often is not), its first entry that is no code
     * reporting the crash. {@code null} when there is none.
     */
    private static Frame caller(List<Frame> frames, String callee) {
        String name = CompilerClones.sourceName(callee);
        boolean shown = frames.stream().anyMatch(f -> CompilerClones.sourceName(f.function()).equals(name));
        boolean past = !shown;
        for (Frame f : frames) {
            boolean same = CompilerClones.sourceName(f.function()).equals(name);
            if (!past) {
                past = same;
            } else if (!same && (shown || !reportsOrEnters(f))) {
                return f;
            }
        }
        return null;
    }

    /**
     * Where it happened, when that is generic code serving the culprit: a place the report names (its instruction
     * pointer or a header line), not merely the first frame of a trace, which for a sleeping task is the scheduler.
     */
    private static Culprit.Victim victim(Evidence e, Place place, Frame culprit) {
        if (place == null || !place.named() || place.frame().function() == null) {
            return null;
        }
        String where = CompilerClones.sourceName(place.frame().function());
        FrameFamilies.Family family = familyOf(place.frame());
        if (family == null || !family.role().victim() || where.equals(CompilerClones.sourceName(culprit.function()))) {
            return null;
        }
        Frame caller = caller(e.reliableFrames(), place.frame().function());
        return new Culprit.Victim(where, place.frame(), family.reason(),
                caller == null ? null : CompilerClones.sourceName(caller.function()));
    }

    /** What to know of a place that is generic code: its caller, the likelier culprit, is not in the report. */
    private static String helperNote(Frame f) {
        FrameFamilies.Family family = familyOf(f);
        return family == null || !family.role().victim() ? ""
                : "; it is " + family.reason().split(":")[0] + " code, and the report does not show its caller, the likelier culprit";
    }

    /**
     * The culprit in the frame's function, named as a title names it: as in the sources ({@code .constprop.0} and the
     * like stay in the frame), a system-call wrapper as its call ({@code __x64_sys_rmdir} is {@code sys_rmdir}), and
     * by the title's own name when it groups functions. A return address past the end of its caller names the wrong
     * function: then the culprit is the function known to make that call, if the report tells which, else there is
     * none to name.
     */
    private static Culprit culprit(Evidence e, Chosen chosen, Place place) {
        Frame f = chosen.frame();
        Optional<PastTheEnd.Entry> pastEnd = PastTheEnd.of(e.details().frames(), f);
        if (pastEnd.isPresent()) {
            Frame named = unwinderName(e.details().frames(), f);
            if (named == null) {
                return caller(e, pastEnd.get());
            }
            String module = named.module() != null ? named.module() : f.module();
            return new Culprit(Titler.titleName(CompilerClones.sourceName(named.function())), module,
                    moduleTaints(e, module), f, f.symbolic() + " is a return address just past the end of the function that"
                    + " called " + pastEnd.get().calleeName() + ", which never returns; the unwinder's next entry names"
                    + " that function: " + named.function(), victim(e, place, named));
        }
        String source = CompilerClones.sourceName(f.function());
        String function = chosen.name() != null ? chosen.name() : Titler.titleName(source);
        List<String> notes = new ArrayList<>(List.of(chosen.reason()));
        if (!function.equals(source)) {
            notes.add("printed as " + f.function() + ", which titles name " + function);
        } else if (CompilerClones.describe(f.function()) != null) {
            notes.add(CompilerClones.describe(f.function()));
        }
        return new Culprit(function, f.module(), moduleTaints(e, f.module()), f, String.join("; ", notes),
                victim(e, place, f));
    }

    /**
     * The unwinder's own name for the frame a return address belongs to: arm's unwinders print each frame's function
     * without an offset ({@code (__ext4_ioctl) from ...}, {@code __ext4_ioctl from ...}) right after the return
     * address that leads to it. {@code null} when the entry after {@code frame} is none such.
     */
    private static Frame unwinderName(List<Frame> frames, Frame frame) {
        for (int i = 0; i + 1 < frames.size(); i++) {
            if (frames.get(i) == frame) {
                Frame next = frames.get(i + 1);
                return next.function() != null && next.offset() == null && next.reliable() ? next : null;
            }
        }
        return null;
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
