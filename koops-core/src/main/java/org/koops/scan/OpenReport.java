package org.koops.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.koops.format.ArchRules;
import org.koops.format.MessageLeads;
import org.koops.format.ReportFormat;
import org.koops.format.Titler;
import org.koops.log.PrefixShape;
import org.koops.log.RawLine;
import org.koops.model.Arch;
import org.koops.model.Damage;
import org.koops.model.LogLine;

/** A report being collected line by line, before it is parsed. */
final class OpenReport {
    /** How far apart two lines printed out of order by two CPUs can be. */
    private static final double OUT_OF_ORDER_SECONDS = 1.0;

    /** Longest report kept; longer ones are cut and marked, so memory stays bounded. */
    static final int MAX_LINES = 4000;
    /** Ordinary kernel messages in a row that end a report. */
    static final int QUIET_LINES_TO_END = 3;
    /** Interleaved non-kernel lines (annotations, shell prompts) tolerated in a row. */
    static final int FOREIGN_LINES_TO_END = 60;
    /** How far past its last report line a report whose title lacks something reads on for it. */
    static final int READ_ON_LINES = 1000;
    /** Reading on stops after this many lines in a row with nothing that could complete the title. */
    static final int READ_ON_WITHOUT_STACK = 100;
    /** Lines a {@link ReportFormat.Flag#MESSAGE_FOLLOWS} header's message may take before its details must begin. */
    static final int MESSAGE_LINES = 12;
    /**
     * Lines of the log read before and after a report whose own lines do not tell its architecture, for
     * what they show of the machine: enough to reach past a report's own stacks (a KFENCE report names the
     * machine after three of them) to its neighbours, few enough to stay cheap.
     */
    static final int AROUND_LINES = 100;
    /**
     * Lines a whole scan may read around reports for their architecture: a flood of reports that show none
     * (a million bare {@code BUG:} lines) must not cost a hundred times its own lines.
     */
    static final int AROUND_BUDGET = 50_000;

    /**
     * A line a terminal or the kernel may split: how it starts, what its rest looks like, whether only a split
     * without a prefix (a terminal's, or an old kernel's continuation printed bare) is joined, and why.
     */
    private record Wrap(String start, Pattern tail, boolean terminalOnly, String reason) {
    }

    private static final List<Wrap> WRAPS = List.of(
            new Wrap("Code: ", Pattern.compile("^[0-9a-f <>()]++(?:\\.\\.\\.)?\\s*$"), false,
                    "the longest line of a report, cut by terminals and by the kernel's record length"),
            new Wrap("Modules linked in:", Pattern.compile("^[\\w\\-]++(?:\\([A-Z+\\-]++\\))?+(?: ++[\\w\\-]++(?:\\([A-Z+\\-]++\\))?+)*+"
                    + "(?: ++\\[last unloaded: [\\w\\-]++\\])?+ *+$"),
                    true, "a long module list goes on, without the log's prefix, on the next line (a console's line "
                    + "length, an old kernel's continuation), cut anywhere, even inside a name"));

    /** The module a function printed at the end of a line belongs to ({@code  [tempesta_fw]}). */
    private static final Pattern MODULE_AT_END = Pattern.compile(" \\[[A-Za-z_][\\w-]*+\\]$");

    final ReportFormat format;
    final List<ReportFormat> followUps = new ArrayList<>();
    final LogLine header;
    final List<LogLine> context;
    /** The lines before the header that are the report's message, or none: the report starts with them. */
    final List<LogLine> lead;
    final List<LogLine> lines = new ArrayList<>();
    /** The lines before the report as the reader still held them when it began, kept undecoded until needed. */
    private final List<RawLine> earlier;
    /** Lines read after the report's end (the ordinary messages it dropped, then those that followed). */
    private final List<LogLine> later = new ArrayList<>();
    /** The architecture once worked out, or {@code null}. */
    private Arch arch;
    /** Whether the report's own lines and those before it leave the architecture open, so lines after it are kept. */
    private boolean wantsLater;
    final List<Damage> damage = new ArrayList<>();
    private final PrefixShape shape;
    private final String caller;
    private int keep;
    private int quiet;
    private int foreign;
    private boolean ended;
    private boolean cut;
    /** Where the report would have ended had its title not needed more, or -1. */
    private int readOnFrom = -1;
    /** While reading on: lines since the last that could complete the title. */
    private int sinceStack;
    /** The {@link #keep} at which {@link #titleWhole()} was last worked out, and its answer. */
    private int titledAt = -1;
    private boolean titledWhole;
    /** Whether the report's details (module list, task, trace) have begun after its message. */
    private boolean details;
    /** Whether the last line read was skipped as another program's. */
    private boolean lastForeign;
    /** Whether the header came twice already. */
    private boolean repeated;

    /**
     * @param shape the shape of the report's lines, learned from {@code header}
     * @param lead  the report's message, printed before its header ({@link org.koops.format.MessageLeads})
     * @param earlier up to {@link #AROUND_LINES} lines before the report, whatever they belong to
     */
    OpenReport(ReportFormat format, PrefixShape shape, LogLine header, List<LogLine> context, List<LogLine> lead,
            List<RawLine> earlier) {
        this.shape = shape;
        this.format = format;
        this.header = header;
        this.context = context;
        this.lead = lead;
        this.earlier = earlier;
        this.caller = header.prefix().caller();
        add(header);
    }

    /**
     * This report, only its first line read, as the report of the row whose header that line begins: the log ends
     * inside the line, so the rest of the header, and the report's body, are lost. Marked cut.
     */
    OpenReport cutInHeader(ReportFormat row) {
        OpenReport cutShort = new OpenReport(row, shape, header, context, lead, earlier);
        cutShort.cut = true;
        cutShort.damage.add(new Damage(header.number(), "the log ends inside line " + header.number()
                + ", the report's first line: the rest of it and the report's body are lost"));
        return cutShort;
    }

    /** Whether the end marker was seen and only tail lines may follow. */
    boolean ended() {
        return ended;
    }

    /** The line as the report's lines read: with the wrappers its first line showed taken off. */
    LogLine reread(LogLine line) {
        return shape.reread(line);
    }

    /**
     * Whether a line is printed by something else (an annotation, another program or host, another
     * CPU's task) and skipped.
     */
    boolean foreign(LogLine line) {
        if (!shape.fits(line)) {
            return true;
        }
        return caller != null && line.prefix().caller() != null && !caller.equals(line.prefix().caller());
    }

    /**
     * Joins the rest of a line split in two: by a terminal (no prefix, split anywhere, so the parts join without a
     * space) or, for a {@code Code:} line, by the kernel itself (a prefixed continuation record).
     */
    boolean joinWrapped(LogLine line) {
        if (lines.isEmpty()) {
            return false;
        }
        LogLine last = lines.get(lines.size() - 1);
        Wrap wrap = wrapOf(last.text());
        if (wrap == null || last.text().endsWith("...") || wrap.terminalOnly() && (line.prefix().present()
                || !last.prefix().present()) || !wrap.tail().matcher(line.text()).matches()) {
            return false;
        }
        String separator = line.prefix().present() ? " " : "";
        LogLine joined = new LogLine(last.number(), last.offset(), line.endOffset(), last.prefix(),
                last.text() + separator + (wrap.terminalOnly() ? line.text().stripTrailing() : line.text().strip()));
        lines.set(lines.size() - 1, joined);
        damage.add(new Damage(line.number(), "line " + last.number() + " was wrapped; joined with line " + line.number()));
        return true;
    }

    /** The split a line that starts so may go on after, or {@code null}. */
    private static Wrap wrapOf(String text) {
        for (Wrap w : WRAPS) {
            if (text.startsWith(w.start())) {
                return w;
            }
        }
        return null;
    }

    /** Counts a foreign line; true when there have been so many that the report must have ended. */
    boolean skipForeign() {
        lastForeign = true;
        return ++foreign >= FOREIGN_LINES_TO_END;
    }

    void add(LogLine line) {
        foreign = 0;
        lastForeign = false;
        if (lines.size() >= MAX_LINES) {
            if (!cut) {
                cut = true;
                damage.add(new Damage(line.number(), "report longer than " + MAX_LINES + " lines; the rest was not kept"));
            }
            return;
        }
        lines.add(line);
        keep = lines.size();
        quiet = 0;
        details |= lines.size() > 1 && BodyLines.details(line.text());
        readingOn(line);
    }

    /**
     * Whether a header line belongs to this report rather than starting one: a line printed inside
     * reports, unless it is one a report has once and this one has it already; or, while the message
     * of a {@link ReportFormat.Flag#MESSAGE_FOLLOWS} header goes on, any header.
     */
    boolean absorbs(ReportFormat next) {
        if (next.has(ReportFormat.Flag.FOLLOW_UP)) {
            return !next.has(ReportFormat.Flag.ONCE) || !format.id().equals(next.id())
                    && followUps.stream().noneMatch(f -> f.id().equals(next.id()));
        }
        // A report opened by a line printed inside reports is that one line: no message of its own follows.
        return format.has(ReportFormat.Flag.MESSAGE_FOLLOWS) && !format.has(ReportFormat.Flag.FOLLOW_UP) && !details
                && lines.size() <= MESSAGE_LINES;
    }

    /**
     * Whether a line is the report's first line again, time stamp and all, before its details began: printed
     * twice at once (by two consoles, the second copy perhaps after the first's {@code cut here}). A report whose
     * details have begun is followed by a copy of itself (a doubled paste), not by its own line.
     */
    boolean repeats(LogLine line) {
        Double at = line.prefix().seconds();
        if (repeated || at == null || details || !at.equals(header.prefix().seconds()) || !header.text().equals(line.text())) {
            return false;
        }
        // Twice at most: the same line over and over is a flood of reports (or of copies), each counted.
        repeated = true;
        return true;
    }

    /**
     * Whether the report is only the line that opened it, a line printed inside reports: when the next
     * header follows at once, the two came out of order and the line belongs with that next report.
     */
    boolean loneFollowUp(LogLine next) {
        // A line printed once per report (an OOM victim) alone is a report of its own: its beginning was not logged.
        // Lines printed out of order by two CPUs come within the same moment; a later one is another report.
        Double at = header.prefix().seconds();
        Double nextAt = next.prefix().seconds();
        boolean sameMoment = at == null || nextAt == null || Math.abs(nextAt - at) < OUT_OF_ORDER_SECONDS;
        return format.has(ReportFormat.Flag.FOLLOW_UP) && !format.has(ReportFormat.Flag.ONCE) && lines.size() == 1
                && sameMoment;
    }

    /**
     * Whether what was collected is a report: a {@link ReportFormat.Flag#BODY_REQUIRED} line needs a line
     * only a kernel report has after it (its task or CPU, modules, a frame, registers), or a follow-up.
     */
    boolean isReport() {
        return !format.has(ReportFormat.Flag.BODY_REQUIRED) || !followUps.isEmpty()
                || lines.subList(1, keep).stream().anyMatch(l -> BodyLines.kernelReport(l.text()));
    }

    /**
     * Whether this report is only a mention of the report that {@code next} starts: its first line with no time of its
     * own and nothing only a kernel report prints after it (prose quoting a report's first line, a summary above the
     * report pasted whole), and {@code next} the same first line again, from the same row, the mention's text going on
     * where it stops (the rest of the report run into one line) or its module left out. A headline the kernel printed
     * again, at another time or word for word, is another occurrence, not a mention.
     */
    boolean mentionOf(ReportFormat nextFormat, LogLine next) {
        if (!format.id().equals(nextFormat.id()) || !followUps.isEmpty() || header.prefix().seconds() != null
                || header.prefix().wallClock() != null
                || lines.subList(1, keep).stream().anyMatch(l -> BodyLines.kernelReport(l.text()))) {
            return false;
        }
        String quoted = header.text().strip();
        String printed = next.text().strip();
        String again = MODULE_AT_END.matcher(printed).replaceFirst("");
        // The same line word for word is the kernel's own again (a flood of one message), each counted.
        return !quoted.equals(printed) && quoted.startsWith(again)
                && (quoted.length() == again.length() || quoted.charAt(again.length()) == ' ');
    }

    /**
     * The console was taken over in the middle of the last line (printk's replay marker follows): that
     * fragment is printed again whole on the next line, so it is dropped.
     */
    void dropFragment(LogLine marker) {
        // A fragment cut inside its time stamp was already skipped as a line without one.
        if (lines.size() <= 1 || lastForeign) {
            return;
        }
        LogLine fragment = lines.remove(lines.size() - 1);
        if (keep > lines.size()) {
            keep = lines.size();
        } else if (quiet > 0) {
            quiet--;
        }
        damage.add(new Damage(fragment.number(), "line " + fragment.number() + " was cut off when another CPU took over "
                + "the console; line " + marker.number() + " says it is printed again whole after it"));
    }

    private void readingOn(LogLine line) {
        if (readOnFrom >= 0) {
            sinceStack = Titler.couldComplete(line.text()) ? 0 : sinceStack + 1;
        }
    }

    /** Adds an ordinary message tentatively; true when enough of them show the report is over. */
    boolean addQuiet(LogLine line) {
        foreign = 0;
        lastForeign = false;
        if (lines.size() < MAX_LINES) {
            lines.add(line);
        }
        readingOn(line);
        return ++quiet >= QUIET_LINES_TO_END;
    }

    /**
     * Asked when ordinary messages would end the report: whether to read on instead, because the
     * report lacks what its title needs (a stack trace, a usable frame). Messages printed in between
     * (another driver's chatter) often split a report from its stack trace; syzkaller reads a report
     * up to the next one. The lines read on are kept only if they complete the title.
     */
    boolean readOn() {
        if (lines.size() >= MAX_LINES || readOnFrom >= 0
                && (lines.size() - readOnFrom >= READ_ON_LINES || sinceStack >= READ_ON_WITHOUT_STACK)) {
            return false;
        }
        // Titling costs as much as the report is long: worked out again only once the report has
        // grown by half, so that reading on stays linear in the lines read.
        boolean whole = titledAt >= 0 && keep < titledAt + Math.max(4, titledAt / 2) ? titledWhole : titleWhole();
        if (whole) {
            return false;
        }
        if (readOnFrom < 0) {
            readOnFrom = keep;
        }
        return true;
    }

    /**
     * Whether the report's title should also be read from the report that {@code header} starts:
     * with printk caller ids, a report of the same task (or CPU) that lacks its stack trace is
     * followed by the consequence that prints it (a lockdep warning by the oops it runs into, a Rust
     * panic by the {@code BUG()} it calls), and syzkaller reads the caller's lines on into it.
     */
    boolean titleReadsOnInto(LogLine header) {
        return caller != null && caller.equals(header.prefix().caller()) && !titleWhole();
    }

    /** Whether the report up to its last report line has everything its title needs. */
    private boolean titleWhole() {
        if (titledAt != keep) {
            titledAt = keep;
            // Damage that more lines cannot mend (a message only printed after a lost beginning) counts as whole.
            titledWhole = !Titler.title(format, lines.subList(0, keep)).lacking();
        }
        return titledWhole;
    }

    void markEnded() {
        ended = true;
    }

    /** Drops the trailing ordinary messages that turned out not to belong to the report. */
    List<LogLine> finish() {
        if (readOnFrom >= 0 && !titleWhole()) {
            keep = readOnFrom;
        }
        if (lines.size() > keep) {
            later.addAll(lines.subList(keep, Math.min(lines.size(), keep + AROUND_LINES)));
        }
        while (lines.size() > keep) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /**
     * Works out the architecture once the report is finished, from its own lines, else with those before
     * it; when they leave it open, the report wants the lines that follow ({@link #wantsLater()}). Reading
     * around takes its lines from the scan's {@code budget}; with the budget spent, the own lines decide.
     */
    void settleArch(int[] budget) {
        if (arch != null || wantsLater) {
            return;
        }
        List<LogLine> own = withContext();
        arch = ArchRules.detect(own);
        if (arch != Arch.UNKNOWN || budget[0] < 2 * AROUND_LINES) {
            return;
        }
        budget[0] -= earlier.size();
        arch = ArchRules.detect(own, inShape(earlier.stream().map(RawLine::toLogLine).toList(), null));
        if (arch == Arch.UNKNOWN) {
            arch = null;
            wantsLater = true;
        }
    }

    /** Whether lines read after the report are still wanted to tell its architecture. */
    boolean wantsLater() {
        return wantsLater && later.size() < AROUND_LINES;
    }

    /** A line read after the report ended, kept while {@link #wantsLater()}. */
    void later(LogLine line) {
        later.add(line);
    }

    /**
     * The architecture: what the report's lines (with the context before them) show; where they leave it
     * open, what the log's lines around them (before, after, and {@code following}, the report read on
     * into) show of the same machine. Only lines in the report's shape count as the kernel's: another program's or
     * host's lines, or remarks around a pasted log, say nothing of this kernel's code; the remarks are read last,
     * for the one architecture they may name in words ({@link ArchRules#detect(List, List, List)}).
     */
    Arch arch(List<LogLine> following, int[] budget) {
        settleArch(budget);
        if (arch == null) {
            budget[0] -= earlier.size() + later.size() + following.size();
            List<LogLine> around = new ArrayList<>(earlier.size() + later.size() + following.size());
            earlier.forEach(raw -> around.add(raw.toLogLine()));
            around.addAll(later);
            around.addAll(following);
            List<LogLine> remarks = new ArrayList<>();
            arch = ArchRules.detect(withContext(), inShape(around, remarks), remarks);
        }
        return arch;
    }

    /** The report's lines with the context before them, its message printed before its header included. */
    private List<LogLine> withContext() {
        if (context.isEmpty() && lead.isEmpty()) {
            return lines;
        }
        List<LogLine> all = new ArrayList<>(context);
        all.addAll(lead);
        all.addAll(lines);
        return all;
    }

    /**
     * The lines read that are in the report's shape, as that shape reads them; the others (remarks around a pasted log,
     * other programs' lines) go to {@code outside}, unless it is {@code null}.
     */
    private List<LogLine> inShape(List<LogLine> read, List<LogLine> outside) {
        List<LogLine> out = new ArrayList<>(read.size());
        for (LogLine line : read) {
            LogLine reread = shape.reread(line);
            if (shape.fits(reread)) {
                out.add(reread);
            } else if (outside != null) {
                outside.add(line);
            }
        }
        return out;
    }

    /**
     * The lines at the report's end that open the next report, whose first line is {@code next}: its WARN()'s
     * cut here and text, or its headline ({@link org.koops.format.MessageLeads}), taken off this report.
     */
    List<LogLine> takeLead(String next) {
        int own = MessageLeads.warningsOwn(lines.stream().map(LogLine::text).toList(), next);
        int from = lines.size() - own;
        if (own == 0 || from < 1) {
            return List.of();
        }
        List<LogLine> taken = new ArrayList<>(lines.subList(from, lines.size()));
        lines.subList(from, lines.size()).clear();
        keep = Math.min(keep, from);
        quiet = 0;
        if (readOnFrom > from) {
            readOnFrom = from;
        }
        titledAt = -1;
        return taken;
    }

    boolean cut() {
        return cut;
    }
}
