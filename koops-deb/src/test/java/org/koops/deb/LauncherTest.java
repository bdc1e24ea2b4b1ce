package org.koops.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The package's {@code /usr/bin/koops} starts the short commands (decode, addr2line, dmesg) with the C1
 * compiler alone and the serial collector, the others with the JVM's defaults: run with a {@code java}
 * of JAVA_HOME that prints its arguments.
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("src", "deb", "files", "koops");

    private static String javaArguments(Path dir, String... args) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "no /bin/sh");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\necho \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> command = new java.util.ArrayList<>(List.of("/bin/sh", LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", dir.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void shortCommandsStartWithC1AndTheSerialCollector(@TempDir Path dir) throws Exception {
        for (String command : List.of("decode", "addr2line", "dmesg")) {
            assertThat(javaArguments(dir, command, "vmcore")).as(command)
                    .endsWith("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar /usr/share/koops/koops.jar " + command + " vmcore");
        }
        assertThat(javaArguments(dir, "explain", "kern.log")).endsWith("-jar /usr/share/koops/koops.jar explain kern.log")
                .doesNotContain("TieredStopAtLevel");
    }
}
