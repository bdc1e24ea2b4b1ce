package org.koops.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.koops.disasm.InstructionText.normalised;

/**
 * Crash pages with source lines: a server given the root of a Debian kernel's debug package looks up
 * each entry of a crash by the crash's kernel release. Uses the crash lab's console of a Debian 6.1
 * kernel and the lab's cache of that kernel's debug vmlinux; skipped, saying why, without the cache.
 */
class SymbolisedCrashTest {
    private static final Path SYSROOT = Path.of(System.getProperty("user.home"), ".cache", "koops-lab", "x86_64",
            "root");
    private static final Path CONSOLE = Path.of("..", "lab", "fixtures", "x86_64", "bug-on-workqueue.log");

    @TempDir
    Path dir;

    @Test
    void aCrashPageShowsTheSourceLineOfEachEntryWhenTheServerHasTheDebugInfo() throws Exception {
        assumeTrue(Files.isRegularFile(SYSROOT.resolve("usr/lib/debug/boot/vmlinux-6.1.0-56-amd64")),
                "needs the crash lab's cache of the Debian 6.1.0-56 debug vmlinux (lab/run.sh fills it) in "
                        + SYSROOT);
        ServerConfig.DebugInfo debugInfo = new ServerConfig.DebugInfo(List.of(SYSROOT.resolve("usr/lib/debug")),
                SYSROOT, List.of(), true, null);
        try (TestServer t = TestServer.start(ServerConfig.builder(TestDatabases.h2(dir)).debugInfo(debugInfo))) {
            JsonNode receipt = t.http.submit(t.submitter, "host=lab", Files.readAllBytes(CONSOLE)).json();
            long crash = receipt.at("/crashes/0/crash").asLong();

            JsonNode explained = t.http.get("/api/v1/crashes/" + crash).json();
            assertThat(explained.get("text").asText())
                    .contains("source of process_one_work+0x1c7/0x380: kernel/workqueue.c:2292 in process_one_work");
            assertThat(t.http.get("/crashes/" + crash).body()).contains("kernel/workqueue.c:2292");
        }
        try (TestServer plain = TestServer.start(TestDatabases.h2(dir.resolve("plain")))) {
            JsonNode receipt = plain.http.submit(plain.submitter, "", Files.readAllBytes(CONSOLE)).json();
            assertThat(plain.http.get("/api/v1/crashes/" + receipt.at("/crashes/0/crash").asLong()).json()
                    .get("text").asText()).doesNotContain("kernel/workqueue.c:2292");
        }
    }

    @Test
    void aCrashPageNamesWhatTheFaultingInstructionAccessedFromTheModulesDebugInfo() throws Exception {
        Path ko = SYSROOT.getParent().resolve("modules/lab_uaf.ko");
        assumeTrue(Files.isRegularFile(ko), "needs the crash lab's lab_uaf.ko (lab/check.sh x86_64 builds it) in " + ko);
        Path debug = Files.createDirectories(dir.resolve("root/usr/lib/debug/lib/modules/6.1.0-56-amd64"));
        Files.copy(ko, debug.resolve("lab_uaf.ko"));
        ServerConfig.DebugInfo debugInfo = new ServerConfig.DebugInfo(List.of(dir.resolve("root/usr/lib/debug")),
                dir.resolve("root"), List.of(), true, null);
        try (TestServer t = TestServer.start(ServerConfig.builder(TestDatabases.h2(dir)).debugInfo(debugInfo))) {
            JsonNode receipt = t.http.submit(t.submitter, "host=lab",
                    Files.readAllBytes(CONSOLE.resolveSibling("uaf-poison.log"))).json();
            long crash = receipt.at("/crashes/0/crash").asLong();

            assertThat(normalised(t.http.get("/api/v1/crashes/" + crash).json().get("text").asText())).contains(normalised(
                    "The faulting instruction accessed s->ops->version: s->ops was loaded by mov rax, qword ptr [rbx]"));
            assertThat(t.http.get("/crashes/" + crash).body()).contains("s-&gt;ops-&gt;version");
        }
    }
}
