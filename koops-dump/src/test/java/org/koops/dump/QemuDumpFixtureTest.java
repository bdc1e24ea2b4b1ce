package org.koops.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * qemu 7.2's {@code dump-guest-memory} of the crash lab's guests ({@code lab/dump.sh}, reduced by
 * {@link FixtureUpdate}): ELF files with the section headers right after an 8-byte ELF header and
 * every segment at p_vaddr 0, which makedumpfile 1.7.2 and vmcore-dmesg refuse. Their oracle is the
 * serial console: every line it shows is in the log, in order.
 */
class QemuDumpFixtureTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"x86_64-sysrq-crash", "arm64-sysrq-crash"})
    void theConsoleIsInTheLog(String name) throws IOException {
        byte[] elf = Fixtures.resource(name + ".qemu.vmcore.gz");
        ByteBuffer h = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(h.getShort(52)).as("e_ehsize as qemu 7.2 writes it").isEqualTo((short) 8);
        assertThat(h.getLong(40)).as("e_shoff: the section headers right after the ELF header").isEqualTo(64);
        String log;
        try (Vmcore dump = Vmcore.open(Fixtures.write(dir, name, elf))) {
            Vmcore.Dmesg d = dump.dmesg();
            assertThat(d.problems()).isEmpty();
            log = new String(d.text(), StandardCharsets.ISO_8859_1);
            assertThat(dump.info().machine()).isEqualTo(name.startsWith("arm64") ? "aarch64" : "x86_64");
            assertThat(dump.info().cpus()).isNotEmpty();
        }
        List<String> lines = List.of(log.split("\n"));
        String console = new String(Fixtures.resource(name + ".qemu.console.log"), StandardCharsets.ISO_8859_1);
        int at = 0;
        int checked = 0;
        for (String line : console.replace("\r", "").split("\n")) {
            int start = line.indexOf("[ ");
            if (start < 0 || !line.substring(start).matches("\\[ *\\d+\\.\\d{6}\\] .*")) {
                continue;
            }
            String kernel = line.substring(start);
            while (at < lines.size() && !lines.get(at).equals(kernel)) {
                at++;
            }
            assertThat(at).as("console line " + kernel).isLessThan(lines.size());
            checked++;
        }
        assertThat(checked).isGreaterThan(200);
        assertThat(log).contains("Kernel panic - not syncing: sysrq triggered crash");
    }
}
