package org.koops.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.koops.model.LinePrefix;
import org.koops.model.LogLine;

class ReportTextTest {
    private static final String HEADER = "[  100.000001][ T4242] BUG: kernel NULL pointer dereference, address: 10 #0";
    /** Lines of the header's task, of another task, after a login prompt, and with no console prefix. */
    private static final List<String> LINES = List.of(
            "[  100.000002][ T4242] RIP: 0010:demo_show+0x15/0x40 #1",
            "[  100.000003][ T17] kworker line #2",
            "[  100.000004][ T4242] Call Trace: #3",
            "debian login: [  100.000005][ T4242]  demo_read+0x1/0x2 #4",
            "debian login: [  100.000006][ T99]  other_task+0x1/0x2 #5",
            "no prefix at all #6",
            "[  100.000007] console alone #7");

    @Test
    void whoPrintedALineDoesNotDependOnWhereItsPrefixWasCutFromItsText() {
        List<String> whole = kept(0);
        assertThat(whole).containsExactly("#0", "#1", "#3", "#4");
        int longest = LINES.stream().mapToInt(String::length).max().orElseThrow();
        for (int cut = 1; cut <= longest; cut++) {
            assertThat(kept(cut)).as("prefix cut at %d", cut).isEqualTo(whole);
        }
    }

    /** The markers of the lines the report's text keeps, each line's prefix the first {@code cut} characters. */
    private static List<String> kept(int cut) {
        List<LogLine> lines = new ArrayList<>();
        lines.add(line(HEADER, cut));
        LINES.forEach(l -> lines.add(line(l, cut)));
        List<String> markers = new ArrayList<>();
        for (String text : ReportText.of(lines).whole()) {
            markers.add(text.substring(text.lastIndexOf('#')));
        }
        return markers;
    }

    private static LogLine line(String raw, int cut) {
        int at = Math.min(cut, raw.length() - 3); // the marker stays in the text
        return new LogLine(1, 0, raw.length(), new LinePrefix(raw.substring(0, at), null, null, null, null, null),
                raw.substring(at));
    }
}
