package org.koops.deb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built package installed for real with dpkg, used from another directory as a user would, then
 * purged. Needs root and dpkg (CI runs as root), and no koops package installed already, which it would
 * replace and remove: otherwise skipped, saying why.
 */
class DebPackageIT {
    private static final String EXAMPLE = "/usr/share/doc/koops/examples/null-deref-proc-read.log";

    /** A finished command: its exit code and its standard output and error together. */
    private record Run(int exitCode, String output) {
    }

    @Test
    void installsRunsFromAnyDirectoryAndPurges(@TempDir Path elsewhere) throws Exception {
        Path deb = builtPackage();
        assumeTrue(run(elsewhere, "id", "-u").output().strip().equals("0"), "skipped: installing a package needs root");
        assumeTrue(run(elsewhere, "sh", "-c", "command -v dpkg").exitCode() == 0, "skipped: dpkg is not installed");
        assumeTrue(!run(elsewhere, "dpkg-query", "-W", "-f=${Status}", "koops").output().contains("installed"),
                "skipped: a koops package is installed already; this test would replace and remove it");
        try {
            Run install = dpkg(elsewhere, "-i", deb.toString());
            assertThat(install.exitCode()).as(install.output()).isZero();

            Run version = run(elsewhere, "koops", "--version");
            assertThat(version.exitCode()).as(version.output()).isZero();
            assertThat(version.output()).startsWith("koops ");

            Run explain = run(elsewhere, "koops", "explain", EXAMPLE);
            assertThat(explain.exitCode()).as(explain.output()).isZero();
            assertThat(explain.output()).contains("BUG: unable to handle kernel NULL pointer dereference in demo_show",
                    "Culprit:      demo_show in module koops_demo");

            assertThat(Path.of("/usr/share/man/man1/koops.1.gz")).isRegularFile();
            if (run(elsewhere, "sh", "-c", "command -v man").exitCode() == 0) {
                Run man = run(elsewhere, "man", "-P", "cat", "koops");
                assertThat(man.output()).contains("koops explain", "koops decode", "MEASURING KOOPS");
            }
            Run completion = run(elsewhere, "bash", "-c", "source /usr/share/bash-completion/completions/koops;"
                    + " COMP_WORDS=(koops exp); COMP_CWORD=1; COMP_LINE='koops exp'; COMP_POINT=9; _complete_koops;"
                    + " echo \"${COMPREPLY[@]}\"");
            assertThat(completion.output().strip()).isEqualTo("explain");

            assertThat(Path.of("/lib/systemd/system/koops.service")).isRegularFile();
            assertThat(Path.of("/etc/default/koops")).isRegularFile();
            Path archive = Path.of("/var/cache/koops/koops.jsa");
            assertThat(archive).as("the class archive made at installation").isRegularFile();
            Run shared = run(elsewhere, "java", "-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-jar",
                    "/usr/share/koops/koops.jar", "--version");
            assertThat(shared.exitCode()).as(shared.output()).isZero();
        } finally {
            Run purge = dpkg(elsewhere, "--purge", "koops");
            assertThat(purge.exitCode()).as(purge.output()).isZero();
        }
        assertThat(Path.of("/usr/bin/koops")).doesNotExist();
        assertThat(Path.of("/var/cache/koops")).doesNotExist();
    }

    /** target/koops_*.deb of this build. */
    private static Path builtPackage() throws IOException {
        Path target = Path.of(System.getProperty("koops.target", "target"));
        try (Stream<Path> files = Files.list(target)) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("koops_.*_all\\.deb")).toList();
            assertThat(debs).as("the package built by mvn package in " + target).hasSize(1);
            return debs.get(0);
        }
    }

    /** dpkg, waiting up to five minutes for its lock when another installation holds it. */
    private static Run dpkg(Path dir, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("dpkg"));
        command.addAll(List.of(arguments));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        Run r = run(dir, command.toArray(String[]::new));
        while (r.exitCode() != 0 && r.output().contains("lock") && System.nanoTime() < deadline) {
            Thread.sleep(2000);
            r = run(dir, command.toArray(String[]::new));
        }
        return r;
    }

    private static Run run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
        return new Run(p.exitValue(), output);
    }
}
