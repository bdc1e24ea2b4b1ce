package org.koops.format;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

import org.koops.model.Frame;
import org.koops.model.LogLine;
import org.koops.model.Register;
import org.koops.model.ReportDetails;

/**
 * Fills a format's title templates for one report: header groups, facts, and the frame chosen by
 * the format's frame source. A title that needs a frame the report does not show ends in
 * {@code in corrupted}, and the report is marked corrupted.
 */
public final class Titler {
    /** A report's titles and whether they could be made from what it shows. */
    public record Titles(String title, List<String> alts, String type, boolean corrupted, String reason) {
    }

    private Titler() {
    }

    public static Titles title(ReportFormat format, List<LogLine> lines, ReportDetails details) {
        Matcher header = format.header().matcher(lines.get(0).text().stripLeading());
        header.lookingAt();
        Frame frame = frame(format, header, details);
        boolean corrupted = false;
        String reason = null;
        String frameName = frame == null ? null : frame.function();
        if (frameName == null && format.frame() != ReportFormat.FrameSource.NONE
                && !format.has(ReportFormat.Flag.FRAME_OPTIONAL)) {
            frameName = "corrupted";
            corrupted = true;
            reason = "no usable stack frame in the report";
        }
        String title = fill(format.title(), header, frameName, lines, format);
        List<String> alts = new ArrayList<>();
        for (String alt : format.alts()) {
            alts.add(TitleNormalizer.normalize(fill(alt, header, frameName, lines, format)));
        }
        String normalized = TitleNormalizer.normalize(title);
        return new Titles(normalized, alts.stream().distinct().sorted().toList(), CrashTypes.of(normalized), corrupted, reason);
    }

    private static Frame frame(ReportFormat format, Matcher header, ReportDetails details) {
        return switch (format.frame()) {
            case NONE -> null;
            case TRACE -> firstUsable(details.frames());
            case IP -> ipOrTrace(details);
            case HEADER -> headerFrame(header);
            case HEADER_THEN_IP -> {
                Frame h = headerFrame(header);
                yield h != null ? h : ipOrTrace(details);
            }
        };
    }

    private static Frame headerFrame(Matcher header) {
        String name = group(header, "frame");
        return name == null ? null : new Frame(name, null, null, null, null, null, true, null, 0, null);
    }

    private static Frame ipOrTrace(ReportDetails details) {
        Frame ip = details.kernelRegisters()
                .flatMap(d -> d.registers().stream().filter(r -> r.name().equals("RIP") || r.name().equals("pc")
                        || r.name().equals("EIP") || r.name().equals("epc")).findFirst())
                .map(Register::symbol).orElse(null);
        if (ip != null && ip.function() != null && FrameSkipRules.skipping(ip.function()) == null) {
            return ip;
        }
        return firstUsable(details.frames());
    }

    private static Frame firstUsable(List<Frame> frames) {
        for (Frame f : frames) {
            if (f.reliable() && f.function() != null && FrameSkipRules.skipping(f.function()) == null) {
                return f;
            }
        }
        return null;
    }

    private static String fill(String template, Matcher header, String frame, List<LogLine> lines, ReportFormat format) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '$' && i + 1 < template.length()) {
                int j = i + 1;
                while (j < template.length() && Character.isLetterOrDigit(template.charAt(j))) {
                    j++;
                }
                String name = template.substring(i + 1, j);
                String value = Character.isDigit(name.charAt(0)) ? groupNumber(header, Integer.parseInt(name)) : group(header, name);
                out.append(value == null ? "" : value.strip());
                i = j;
            } else if (c == '{') {
                int close = template.indexOf('}', i);
                String name = template.substring(i + 1, close);
                out.append(name.equals("frame") ? (frame == null ? "" : frame) : fact(format, name, lines));
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString().replaceAll("\\s+in\\s*$", "");
    }

    private static String fact(ReportFormat format, String name, List<LogLine> lines) {
        var pattern = format.facts().get(name);
        for (LogLine line : lines) {
            Matcher m = pattern.matcher(line.text().stripLeading());
            if (m.lookingAt()) {
                return m.group(1);
            }
        }
        return "";
    }

    private static String group(Matcher m, String name) {
        try {
            return m.group(name);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return null;
        }
    }

    private static String groupNumber(Matcher m, int n) {
        return n <= m.groupCount() ? m.group(n) : null;
    }
}
