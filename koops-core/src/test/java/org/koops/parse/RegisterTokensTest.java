package org.koops.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.koops.ProjectLogs;

class RegisterTokensTest {
    private static final Pattern TOKEN = Pattern.compile(RegisterTokens.PATTERN);

    @Test
    void readsTheRowsOfDumpsAsThePatternDoes() {
        for (String row : new String[] {"RAX: ffffffffc0a00040 RBX: 0000000000000000 RCX: 0000000000000000",
                "RSP: 0018:ffffb4e0c1c8fd48 EFLAGS: 00010246", "FS:  00007f3b2c7e6740(0000) GS:ffff9a0dbbd00000(0000)",
                "r10: 0000ff00  r9 : 00000020  r8 : 00000000", "RDY: 0000000000000000", "ABCDEFGHIJ: 1234",
                "RSP: 002b:00007ffd5f0c2a48(0010)", "x29: ffff800012345678 x28: 00000000000000001234",
                "CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033", "EIP: 0060:[<c10a1234>] EFLAGS: 00010246 CPU: 0",
                "a:      \t 0010:zzzz", "", ":", "RAX:"}) {
            assertThat(read(row)).as(row).isEqualTo(expected(row));
        }
    }

    @Test
    void readsAnyMixOfNamesDigitsAndBlanksAsThePatternDoes() {
        Random random = new Random(7);
        String[] pieces = {"R", "a", "x", "Z", "_", "9", "0", "f", "0010", "ffff", "0123456789abcdef", ":", " ", "  ",
                "\t", "(", ")", "(0000)", "ABCDEFGH", "g"};
        for (int n = 0; n < 100_000; n++) {
            StringBuilder b = new StringBuilder();
            for (int k = random.nextInt(14); k > 0; k--) {
                b.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = b.toString();
            assertThat(read(text)).as("\"%s\"", text).isEqualTo(expected(text));
        }
    }

    @Test
    void readsEveryLineOfTheProjectsLogsAsThePatternDoes() throws IOException {
        for (Path log : ProjectLogs.all()) {
            for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
                assertThat(read(line)).as(line).isEqualTo(expected(line));
            }
        }
    }

    private static List<String> read(String text) {
        List<String> found = new ArrayList<>();
        RegisterTokens t = new RegisterTokens(text);
        while (t.find()) {
            found.add(t.start() + "-" + t.end() + " " + t.name() + "=" + Long.toHexString(t.value()) + " " + t.segment());
        }
        return found;
    }

    private static List<String> expected(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            String seg = m.group("seg") != null ? m.group("seg") : m.group("sel");
            found.add(m.start() + "-" + m.end() + " " + m.group("name") + "="
                    + Long.toHexString(Long.parseUnsignedLong(m.group("value"), 16)) + " " + seg);
        }
        return found;
    }
}
