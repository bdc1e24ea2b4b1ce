package org.koops.server;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.koops.model.CrashReport;
import org.koops.model.Culprit;
import org.koops.model.Frame;
import org.koops.model.LinePrefix;
import org.koops.model.Task;

/**
 * What the server keeps of one crash report: the fields that group it into a bug and that the bug list
 * and bug page count. Text from the log is cut to the width of its column.
 *
 * @param title     syzkaller's title of the report
 * @param bugTitles the titles the crash is filed by, in the order they pick a bug ({@link BugTitles}); the
 *                  first is the title of a bug the crash opens
 * @param framesKey the culprit and the two reliable frames below it ({@code f|g|h}), for the optional
 *                  similarity merge; {@code null} when the trace has fewer than two such frames
 * @param tags      the tags the log was sent with
 * @param cause     the likely cause ({@link org.koops.model.Cause} name)
 * @param guiltyFile the source file to blame, or {@code null}
 * @param topFrames the first reliable frames as the kernel prints them, a line each, or {@code null}
 */
record CrashFacts(int index, String title, List<String> bugTitles, String kind, String arch, boolean corrupted,
                  String host, Instant time, String release, String taint, String culpritFunction,
                  String culpritModule, String framesKey, long startLine, long endLine, List<String> tags,
                  String cause, String guiltyFile, String topFrames) {
    static final int TITLE_WIDTH = 1000;
    static final int NAME_WIDTH = 255;
    private static final int KEY_FRAMES = 3;
    /** Frames kept of a crash for its bug's page. */
    private static final int TOP_FRAMES = 8;
    static final int FRAMES_WIDTH = 2000;

    /**
     * @param host the host the log was sent for, or {@code null}: then the syslog host name of the report
     * @param time when the log says it happened, or {@code null}: then {@code received}
     */
    static CrashFacts of(CrashReport r, String host, Instant time, Instant received, List<String> tags) {
        Task task = r.details().task();
        Culprit culprit = r.diagnosis().culprit();
        return new CrashFacts(r.index(), cut(r.title(), TITLE_WIDTH),
                BugTitles.of(r).stream().map(t -> cut(t, TITLE_WIDTH)).distinct().toList(),
                r.kind().name(), r.arch().id(), r.corrupted(),
                cut(host != null ? host : syslogHost(r), NAME_WIDTH), time != null ? time : received,
                task == null ? null : cut(task.release(), NAME_WIDTH), task == null ? null : taint(task),
                culprit == null ? null : cut(culprit.function(), NAME_WIDTH),
                culprit == null ? null : cut(culprit.module(), NAME_WIDTH),
                framesKey(r), r.startLine(), r.endLine(), List.copyOf(tags), r.diagnosis().cause().name(),
                cut(r.diagnosis().guiltyFile(), NAME_WIDTH), topFrames(r));
    }

    /** The culprit's frame, then the reliable frames of the trace: what a bug page shows of its report. */
    private static String topFrames(CrashReport r) {
        Culprit culprit = r.diagnosis().culprit();
        List<String> frames = new ArrayList<>();
        if (culprit != null && culprit.frame() != null) {
            frames.add(culprit.frame().symbolic());
        }
        r.details().frames().stream().filter(f -> f.reliable() && f.function() != null).map(Frame::symbolic)
                .filter(f -> !frames.contains(f)).limit(TOP_FRAMES - frames.size()).forEach(frames::add);
        return frames.isEmpty() ? null : cut(String.join("\n", frames), FRAMES_WIDTH);
    }

    private static String syslogHost(CrashReport r) {
        return r.lines().stream().map(l -> l.prefix()).map(LinePrefix::host)
                .filter(h -> h != null && !h.isEmpty()).findFirst().orElse(null);
    }

    /** The set taint letters ({@code OE}); {@code G} alone says nothing, so an untainted kernel is {@code ""}. */
    private static String taint(Task task) {
        return task.taints().stream().filter(t -> t.bit() >= 0).map(t -> String.valueOf(t.letter()))
                .collect(Collectors.joining());
    }

    private static String framesKey(CrashReport r) {
        Culprit culprit = r.diagnosis().culprit();
        List<Frame> frames = r.details().frames().stream().filter(f -> f.reliable() && f.function() != null).toList();
        int start = culprit == null ? 0 : Math.max(0, frames.indexOf(culprit.frame()));
        List<String> top = frames.subList(start, Math.min(frames.size(), start + KEY_FRAMES)).stream()
                .map(Frame::function).toList();
        return top.size() < 2 ? null : cut(String.join("|", top), TITLE_WIDTH);
    }

    static String cut(String s, int width) {
        return s == null || s.length() <= width ? s : s.substring(0, width);
    }
}
