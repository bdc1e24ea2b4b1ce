package org.koops.debuginfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.koops.model.Frame;

/**
 * Finding debug files: by the report's kernel release in the places distributions install them
 * (under a stand-in root), by build id in a debug directory, and from a debuginfod server (a small
 * HTTP server in the test) into its cache.
 */
class DebugFilesTest {
    private static final String RELEASE = "6.1.0-99-test";

    @TempDir
    Path dir;

    private Path module;
    private String buildId;
    private HttpServer server;
    private final Map<String, Path> served = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    @BeforeEach
    void moduleWithBuildId() throws Exception {
        assumeTrue(Toolchain.find("ld").isPresent(), "ld is not installed");
        module = dir.resolve("koops-demo.ko");
        Toolchain.run(dir, "", List.of("ld", "-r", "--build-id=sha1", "-o", module.toString(), TestObjects.module().toString()));
        try (Symbolizer s = Symbolizer.open(module)) {
            buildId = s.buildId().orElseThrow();
        }
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void theReleaseLeadsToTheDistributionsPlaces() throws Exception {
        Path root = dir.resolve("root");
        Path modules = Files.createDirectories(root.resolve("lib/modules/" + RELEASE + "/kernel/drivers/misc"));
        Files.copy(module, modules.resolve("koops-demo.ko"));
        Path boot = Files.createDirectories(root.resolve("usr/lib/debug/boot"));
        Files.copy(TestObjects.program(), boot.resolve("vmlinux-" + RELEASE));
        DebugFiles files = DebugFiles.of(null, null, List.of(root.resolve("usr/lib/debug")), root, null);

        assertThat(files.vmlinux(RELEASE).files()).containsExactly(boot.resolve("vmlinux-" + RELEASE));
        assertThat(files.module("koops_demo", null, RELEASE).files()).containsExactly(modules.resolve("koops-demo.ko"));
        assertThat(files.vmlinux("6.1.0-1-other").why).isEqualTo("no vmlinux given, and none found for kernel 6.1.0-1-other"
                + " (looked in " + root + "/usr/lib/debug/boot/vmlinux-6.1.0-1-other, " + root
                + "/usr/lib/debug/lib/modules/6.1.0-1-other/vmlinux, " + root + "/lib/modules/6.1.0-1-other/build/vmlinux, "
                + root + "/boot/vmlinux-6.1.0-1-other)");
        assertThat(files.module("other", null, RELEASE).why).isEqualTo("no module directory given, and no file for module"
                + " other of kernel " + RELEASE + " (looked in " + root + "/usr/lib/debug/lib/modules/" + RELEASE + ", "
                + root + "/lib/modules/" + RELEASE + ")");
        assertThat(files.vmlinux(null).why).contains("names no kernel release");
        assertThat(files.vmlinux("../../etc").files()).isEmpty();
        try (KernelDebugInfo kernel = KernelDebugInfo.of(files)) {
            FrameLocation f = kernel.locate(frame(null), false, RELEASE);
            assertThat(f.problem()).isNull();
            assertThat(f.resolution().locations()).last().extracting(SourceLocation::file).asString().endsWith("module.c");
        }
    }

    @Test
    void aBuildIdIsLookedUpInTheDebugDirectory() throws Exception {
        Path debug = dir.resolve("debug");
        Path file = debug.resolve(".build-id/" + buildId.substring(0, 2) + "/" + buildId.substring(2) + ".debug");
        Files.createDirectories(file.getParent());
        Files.copy(module, file);
        DebugFiles files = DebugFiles.of(null, null, List.of(debug), dir.resolve("empty-root"), null);

        assertThat(files.module("koops_demo", buildId, RELEASE).files()).containsExactly(file);
        try (KernelDebugInfo kernel = KernelDebugInfo.of(files)) {
            assertThat(kernel.locate(frame(buildId), false, null).resolution()).isNotNull();
        }
    }

    /** A vmcore names its kernel's build id (VMCOREINFO's BUILD-ID): the vmlinux is found by it when the release finds none. */
    @Test
    void aKernelsBuildIdFromADumpFindsItsVmlinux() throws Exception {
        Path debug = dir.resolve("debug");
        String kernelId = "6a2b4ac77585b8cf102cba771300e573c8489b69";
        Path file = debug.resolve(".build-id/6a/" + kernelId.substring(2) + ".debug");
        Files.createDirectories(file.getParent());
        Files.copy(TestObjects.program(), file);
        DebugFiles files = DebugFiles.of(null, null, List.of(debug), dir.resolve("empty-root"), null);
        assertThat(files.vmlinux(RELEASE).files()).isEmpty();

        try (KernelDebugInfo kernel = KernelDebugInfo.of(files)) {
            kernel.kernelBuildId(RELEASE, kernelId);
            assertThat(files.vmlinux(RELEASE).files()).containsExactly(file);
            assertThat(files.vmlinux("6.1.0-1-other").files()).isEmpty();
        }
    }

    @Test
    void aStrippedFileLeadsToItsDebugFileThroughItsDebugLink() throws Exception {
        assumeTrue(Toolchain.find("objcopy").isPresent(), "objcopy is not installed");
        Path program = TestObjects.copy(TestObjects.program(), dir, "vmlinux");
        Path debugDir = Files.createDirectories(dir.resolve(".debug"));
        Toolchain.run(dir, "", List.of("objcopy", "--only-keep-debug", program.toString(), debugDir.resolve("vmlinux.debug").toString()));
        Toolchain.run(dir, "", List.of("objcopy", "--strip-debug", "--add-gnu-debuglink=" + debugDir.resolve("vmlinux.debug"),
                program.toString()));
        Frame classify;
        try (Symbolizer s = Symbolizer.open(program)) {
            assertThat(s.hasDebugInfo()).isFalse();
            assertThat(s.debugLink()).get().extracting(DebugLink::file).isEqualTo("vmlinux.debug");
            classify = new Frame("classify", 0x10L, s.symbols("classify").get(0).size(), null, null, null, true, null, 1, null);
        }

        try (KernelDebugInfo kernel = KernelDebugInfo.of(DebugFiles.of(program, null, List.of(), dir, null))) {
            FrameLocation f = kernel.locate(classify, false, RELEASE);
            assertThat(f.problem()).isNull();
            assertThat(f.resolution().locations()).last().extracting(SourceLocation::file).asString().endsWith("program.c");
        }
        Files.write(debugDir.resolve("vmlinux.debug"), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        try (KernelDebugInfo kernel = KernelDebugInfo.of(DebugFiles.of(program, null, List.of(), dir, null))) {
            assertThat(kernel.locate(classify, false, RELEASE).problem()).endsWith("has no DWARF debug info");
        }
    }

    @Test
    void debuginfodFetchesOnceIntoItsCache() throws Exception {
        serve();
        served.put(buildId, module);
        Path cache = dir.resolve("cache");
        Debuginfod client = Debuginfod.fromEnvironment(Map.of("DEBUGINFOD_URLS", url(), "DEBUGINFOD_CACHE_PATH", cache.toString()));
        DebugFiles files = DebugFiles.of(null, null, List.of(dir.resolve("no-debug")), dir.resolve("empty-root"), client);

        try (KernelDebugInfo kernel = KernelDebugInfo.of(files)) {
            FrameLocation f = kernel.locate(frame(buildId), false, RELEASE);
            assertThat(f.problem()).isNull();
            assertThat(f.resolution().locations()).last().extracting(SourceLocation::file).asString().endsWith("module.c");
        }
        Path cached = cache.resolve(buildId).resolve("debuginfo");
        assertThat(cached).hasSameBinaryContentAs(module);
        assertThat(client.debuginfo(buildId.toUpperCase())).isEqualTo(cached);
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void debuginfodFailuresAreOneLine() throws Exception {
        serve();
        String other = "0123456789abcdef0123456789abcdef01234567";
        served.put(other, module);
        Debuginfod client = Debuginfod.fromEnvironment(Map.of("DEBUGINFOD_URLS", url() + " ftp://ignored",
                "DEBUGINFOD_CACHE_PATH", dir.resolve("cache").toString()));

        assertThat(client.servers()).hasSize(1);
        assertThatThrownBy(() -> client.debuginfo("feedfacefeedfacefeedface"))
                .hasMessageStartingWith("debuginfod has no debug file for build id feedfacefeedfacefeedface (")
                .hasMessageEndingWith(": not found)");
        assertThatThrownBy(() -> client.debuginfo(other))
                .hasMessageContaining("sent a file with build id " + buildId);
        assertThat(dir.resolve("cache").resolve(other).resolve("debuginfo")).doesNotExist();
        assertThatThrownBy(() -> client.debuginfo("../../etc/passwd")).hasMessageContaining("not hexadecimal");
        Debuginfod down = Debuginfod.fromEnvironment(Map.of("DEBUGINFOD_URLS", "http://127.0.0.1:1/",
                "DEBUGINFOD_CACHE_PATH", dir.resolve("cache").toString(), "DEBUGINFOD_TIMEOUT", "5"));
        assertThatThrownBy(() -> down.debuginfo(buildId)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("debuginfod has no debug file for build id " + buildId + " (http://127.0.0.1:1/: ");
        assertThat(Debuginfod.fromEnvironment(Map.of())).isNull();
    }

    @Test
    void theRunningKernelsBuildIdIsReadFromItsNotes() {
        byte[] notes = {4, 0, 0, 0, 4, 0, 0, 0, 3, 0, 0, 0, 'G', 'N', 'U', 0, (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef};
        assertThat(DebugFiles.noteBuildId(notes)).isEqualTo(java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN
                ? "deadbeef" : null);
        assertThat(DebugFiles.noteBuildId(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 0, 0, 0, 0, 3, 0, 0, 0})).isNull();
    }

    private Frame frame(String id) {
        return new Frame("demo_show", 0x10L, null, "koops_demo", id, null, true, null, 1, null);
    }

    private void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/buildid/", exchange -> {
            requests.incrementAndGet();
            String[] parts = exchange.getRequestURI().getPath().split("/");
            Path file = parts.length == 4 && parts[3].equals("debuginfo") ? served.get(parts[2]) : null;
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, Files.size(file));
                try (OutputStream out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
            }
            exchange.close();
        });
        server.start();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
