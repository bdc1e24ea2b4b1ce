package org.koops.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.decode.PoisonValues;
import org.koops.decode.RefcountWarnings;
import org.koops.model.Claim;
import org.koops.model.Frame;
import org.koops.model.LogLine;
import org.koops.model.ModuleRef;

/**
 * What the lines around a report add to it, as a kernel developer looks at them: the warning's own message and the
 * kind of a refcount warning, the values a list-debug check printed, a driver's error logged just before, a module
 * loaded just before or still loading, and an out-of-tree module in the module list when no frame is in one.
 */
final class Surroundings {
    private static final Pattern REFCOUNT = Pattern.compile("^refcount_t: ([a-z0-9 ]+?)(?:; ([a-z\\- ]+?))?\\.?$");
    private static final Pattern LIST = Pattern.compile("^(list_(?:add|del)(?:_rcu)? corruption)[.,] (.++)$");
    private static final Pattern POINTER = Pattern.compile("\\b(?:0x)?([0-9a-f]{16})\\b");
    private static final Pattern CUT_HERE = Pattern.compile("^-{12}\\[ cut here \\]-{12}");
    private static final Pattern WARNING = Pattern.compile("^WARNING: ");
    private static final Pattern LOADED = Pattern.compile(
            "^([\\w\\-]++): (?:loading out-of-tree module taints kernel|module verification failed|module license '.*' taints kernel"
                    + "|module is from the staging directory)");
    /** A device's or driver's own line: {@code e1000e 0000:00:19.0: ...}, {@code nvme nvme0: ...}, {@code usb 1-1: ...}. */
    private static final Pattern DRIVER_ERROR = Pattern.compile(
            "^([a-z][\\w\\-]*+(?: [\\w:.\\-]+?){0,2}): (.*\\b(?:error|failed|failure|timeout|timed out|reset|I/O error|"
                    + "Hardware Error)\\b.*)$", Pattern.CASE_INSENSITIVE);
    private static final Pattern KERNEL_LINE = Pattern.compile("^(?:CPU|RIP|Call Trace|Modules linked in|Hardware name|Code|"
            + "Kernel panic|note|Oops|BUG|WARNING|INFO|general protection|-{3,})");

    private Surroundings() {
    }

    static List<Claim> claims(Evidence e) {
        List<Claim> out = new ArrayList<>();
        List<LogLine> all = new ArrayList<>(e.context());
        all.addAll(e.lines());
        warningMessage(e).ifPresent(out::add);
        for (LogLine l : all) {
            String t = l.text().strip();
            Matcher m = REFCOUNT.matcher(t);
            if (m.lookingAt()) {
                String meaning = RefcountWarnings.meaning(m.group(1)).orElse(m.group(1));
                out.add(Claim.of("The refcount warning is \"" + m.group(1) + "\"" + (m.group(2) == null ? ""
                        : ", \"" + m.group(2) + "\"") + ": " + meaning + ".", l.number()));
                break;
            }
        }
        for (LogLine l : all) {
            Matcher m = LIST.matcher(l.text().strip());
            if (m.lookingAt()) {
                out.add(Claim.of("The list check printed: " + m.group(2) + poison(m.group(2)), l.number()));
                break;
            }
        }
        java.util.Set<String> loadedModules = new java.util.HashSet<>();
        for (LogLine l : e.context()) {
            String t = l.text().strip();
            Matcher loaded = LOADED.matcher(t);
            Matcher driver = DRIVER_ERROR.matcher(t);
            if (loaded.lookingAt() && loadedModules.add(loaded.group(1))) {
                out.add(Claim.of("Module " + loaded.group(1) + " was loaded just before the report (\"" + t + "\"): the crash "
                        + "may come from its load or its first use.", l.number()));
            } else if (!loaded.lookingAt() && driver.matches() && !KERNEL_LINE.matcher(t).lookingAt()) {
                out.add(Claim.of("Just before the report, " + driver.group(1) + " logged an error: \"" + driver.group(2)
                        + "\"; the report may be how the kernel met its consequences.", l.number()));
            }
        }
        if (e.details().modules() != null) {
            List<ModuleRef> loading = e.details().modules().modules().stream().filter(m -> m.taint().contains("+")).toList();
            if (!loading.isEmpty()) {
                out.add(Claim.of("Module " + names(loading) + " was still loading when it crashed ((+) in the module list): "
                        + "its init function had not returned.", e.details().modules().line()));
            }
            boolean inModule = e.details().frames().stream().anyMatch(f -> f.module() != null)
                    || e.instructionPointer().map(r -> r.symbol()).map(Frame::module).isPresent();
            List<ModuleRef> outOfTree = e.details().modules().modules().stream()
                    .filter(m -> outOfTree(m.taint())).toList();
            if (!inModule && !outOfTree.isEmpty() && outOfTree.size() <= 5) {
                out.add(Claim.of("No frame of the report is in a module, but out-of-tree or proprietary modules are loaded: "
                        + names(outOfTree) + "; one of them can still be the cause, through memory it corrupted or a "
                        + "callback it registered.", e.details().modules().line()));
            }
        }
        return out;
    }

    /** The message a WARN() printed between {@code cut here} and the {@code WARNING:} line. */
    private static Optional<Claim> warningMessage(Evidence e) {
        List<LogLine> all = new ArrayList<>(e.context());
        all.addAll(e.lines());
        for (int i = 0; i < all.size(); i++) {
            if (CUT_HERE.matcher(all.get(i).text().strip()).lookingAt() && i + 2 < all.size()
                    && WARNING.matcher(all.get(i + 2).text().strip()).lookingAt()) {
                String message = all.get(i + 1).text().strip();
                if (!message.isEmpty() && !REFCOUNT.matcher(message).lookingAt() && !LIST.matcher(message).lookingAt()) {
                    return Optional.of(Claim.of("The warning's own message: \"" + message + "\".", all.get(i + 1).number()));
                }
            }
        }
        return Optional.empty();
    }

    private static String poison(String values) {
        StringBuilder s = new StringBuilder();
        Matcher p = POINTER.matcher(values);
        while (p.find()) {
            long v = Long.parseUnsignedLong(p.group(1), 16);
            PoisonValues.identify(v).ifPresent(i -> s.append("; 0x").append(p.group(1)).append(" is ").append(i.description()));
        }
        return s.append('.').toString();
    }

    private static String names(List<ModuleRef> modules) {
        return String.join(", ", modules.stream().map(m -> m.name() + " (" + m.taint() + ")").toList());
    }

    /** Whether a module's taint letters hold O (out of tree), P (proprietary) or E (unsigned). */
    private static boolean outOfTree(String taint) {
        return taint.indexOf('O') >= 0 || taint.indexOf('P') >= 0 || taint.indexOf('E') >= 0;
    }
}
