package org.koops.diagnose;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.koops.format.FrameFamilies;
import org.koops.model.Kind;
import org.koops.model.LockCycle;
import org.koops.model.LogLine;

/**
 * Reads what a lockdep report says ({@code kernel/locking/lockdep.c}, {@code print_circular_bug()} and its kin): the
 * lock being taken and the one held, with where each was taken, the recorded chain {@code -> #n} and the cycle it
 * closes ({@code Chain exists of:}).
 */
final class LockDependencies {
    private static final Pattern HEADER = Pattern.compile("^WARNING: (possible [a-z ]+?|inconsistent lock state|[a-z ]*lock[a-z ]*?)(?: detected)?!?$");
    private static final Pattern TRYING = Pattern.compile("^(\\S++) is trying to acquire lock:");
    private static final Pattern HOLDING = Pattern.compile("^but task is already holding lock:");
    /** {@code ffff888003a1c0a8 (&dev->lock){+.+.}-{3:3}, at: dev_flush+0x20/0x80}, older kernels without the address. */
    private static final Pattern LOCK = Pattern.compile(
            "^(?:[0-9a-f]{8,16}+ )?\\((.{1,200}?)\\)(?:\\{[.+\\-?]{4}+\\})?(?:-\\{\\d:\\d\\})?, at: (?:\\[<[0-9a-f]{1,16}+>\\] )?(\\S++)");
    private static final Pattern LINK = Pattern.compile("^-> #(\\d{1,9}+) \\((.{1,200}?)\\)(?:\\{[.+\\-?]{4}+\\})?(?:-\\{\\d:\\d\\})?:");
    private static final Pattern FRAME = Pattern.compile("^(?:\\[<[0-9a-f]{1,16}+>\\] )?([A-Za-z_][\\w.$]*+)\\+0x");
    /** lockdep's own functions, which every link's stack starts with. */
    private static final Pattern LOCKDEP = Pattern.compile(
            "^(?:check_prevs?_add|check_irq_usage|check_noncircular|add_lock_to_list|validate_chain|__lock_acquire|lock_acquire"
                    + "|__lock_acquire\\w*|lock_acquire\\w*|save_trace|print_\\w+)$");

    private LockDependencies() {
    }

    /** What the report says, or {@code null} for a report of another kind. */
    static LockCycle read(Evidence e) {
        if (e.kind() != Kind.LOCKDEP) {
            return null;
        }
        String problem = null;
        String task = null;
        String acquiring = null;
        String acquiredAt = null;
        String holding = null;
        String heldAt = null;
        List<LockCycle.Link> chain = new ArrayList<>();
        List<String> cycle = new ArrayList<>();
        List<LogLine> lines = e.lines();
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).text().strip();
            Matcher m;
            if (problem == null && (m = HEADER.matcher(t)).matches()) {
                problem = m.group(1);
            } else if ((m = TRYING.matcher(t)).lookingAt()) {
                task = m.group(1);
                String[] lock = lock(lines, i + 1);
                acquiring = lock[0];
                acquiredAt = lock[1];
            } else if (HOLDING.matcher(t).lookingAt()) {
                String[] lock = lock(lines, i + 1);
                holding = lock[0];
                heldAt = lock[1];
            } else if ((m = LINK.matcher(t)).lookingAt()) {
                chain.add(new LockCycle.Link(Integer.parseInt(m.group(1)), m.group(2), takenAt(lines, i + 1),
                        lines.get(i).number()));
            } else if (t.equals("Chain exists of:") && i + 1 < lines.size()) {
                for (String lock : lines.get(i + 1).text().strip().split(" --> ")) {
                    cycle.add(lock.strip());
                }
                if (!cycle.isEmpty()) {
                    cycle.add(cycle.get(0));
                }
            }
        }
        if (problem == null && acquiring == null && chain.isEmpty()) {
            return null;
        }
        List<String> whole = wholeCycle(chain);
        if (problem != null && problem.contains("circular") && !cycle.isEmpty() && whole.size() > cycle.size()) {
            // "Chain exists of:" abbreviates a longer cycle to its source, the target's parent and the target.
            cycle = whole;
        }
        if (cycle.isEmpty() && holding != null && acquiring != null && !chain.isEmpty()) {
            cycle.addAll(List.of(holding, acquiring, holding));
        }
        return new LockCycle(problem, task, acquiring, acquiredAt, holding, heldAt, List.copyOf(chain), List.copyOf(cycle),
                false);
    }

    /**
     * The cycle a circular dependency's chain closes: {@code #0} (the lock being taken) up to {@code #n} (the one held),
     * then {@code #0} again; empty unless the chain numbers every link from {@code #0}.
     */
    private static List<String> wholeCycle(List<LockCycle.Link> chain) {
        String[] byIndex = new String[chain.size()];
        for (LockCycle.Link l : chain) {
            if (l.index() < 0 || l.index() >= byIndex.length || byIndex[l.index()] != null) {
                return List.of();
            }
            byIndex[l.index()] = l.lock();
        }
        List<String> cycle = new ArrayList<>(List.of(byIndex));
        if (cycle.size() < 2) {
            return List.of();
        }
        cycle.add(cycle.get(0));
        return cycle;
    }

    /** The lock class and place of the first lock line at or after {@code from}. */
    private static String[] lock(List<LogLine> lines, int from) {
        for (int j = from; j < Math.min(lines.size(), from + 3); j++) {
            Matcher m = LOCK.matcher(lines.get(j).text().strip());
            if (m.lookingAt()) {
                return new String[] {m.group(1), m.group(2)};
            }
        }
        return new String[] {null, null};
    }

    /** The first function of a link's stack that is neither lockdep nor a locking primitive: where it was taken. */
    private static String takenAt(List<LogLine> lines, int from) {
        for (int j = from; j < lines.size(); j++) {
            String t = lines.get(j).text().strip();
            Matcher f = FRAME.matcher(t);
            if (!f.lookingAt()) {
                if (t.isEmpty() || LINK.matcher(t).lookingAt() || t.endsWith(":")) {
                    return null;
                }
                continue;
            }
            String fn = f.group(1);
            if (!LOCKDEP.matcher(FrameFamilies.baseName(fn)).matches() && FrameFamilies.of(fn) == null) {
                return fn;
            }
        }
        return null;
    }

    /** {@code &queue->lock → &dev->lock → &queue->lock} for the summary, or the headline alone. */
    static String phrase(LockCycle c) {
        StringBuilder s = new StringBuilder();
        if (!c.cycle().isEmpty()) {
            s.append("lock cycle ").append(String.join(" → ", c.cycle()));
        }
        if (c.acquiring() != null) {
            s.append(s.isEmpty() ? "" : ", ").append("closed by taking ").append(c.acquiring())
                    .append(c.acquiredAt() == null ? "" : " at " + c.acquiredAt());
            if (c.holding() != null) {
                s.append(" while holding ").append(c.holding());
            }
        }
        s.append(s.isEmpty() ? "" : "; ").append("a possible deadlock: nothing hangs yet");
        return s.toString();
    }
}
