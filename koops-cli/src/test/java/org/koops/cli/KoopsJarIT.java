package org.koops.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the shaded jar as a user would; {@code mvn -B verify} runs it after packaging. */
class KoopsJarIT {
    private static final Path JAR = Path.of("target", "koops.jar");

    @Test
    void explainsTheSampleAsJson() throws Exception {
        Result r = run("explain", "--format=json", CliRun.SAMPLE);

        assertThat(r.exit()).isEqualTo(ExitCodes.OK);
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).hasLineCount(1);
        assertThat(new ObjectMapper().readTree(r.out()).get("reports").get(0).get("faultAddress").asText())
                .isEqualTo("0x10");
    }

    @Test
    void missingFileExitsTwoWithOneLine() throws Exception {
        Result r = run("explain", "nope.log");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("koops: cannot read nope.log: no such file\n");
    }

    @Test
    void versionComesFromTheBuild() throws Exception {
        assertThat(run("--version").out()).matches("koops \\d+\\.\\d+\\.\\d+.*\n");
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), out, err);
    }
}
